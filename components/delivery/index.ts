export * from "./config";
export * from "./build-project";
export * from "./image-repository";
export * from "./image-build";
export * from "./service-pipeline";
export * from "./layer";
