/** The delivery layer: how code reaches the platform (images, pipelines) and how functions go out (CodeDeploy). */
export * from "./config";
export * from "./build-project";
export * from "./image-repository";
export * from "./image-build";
export * from "./service-pipeline";
export * from "./layer";
export * from "./function-deployment";
