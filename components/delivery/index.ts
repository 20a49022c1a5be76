/** The delivery layer: how code reaches the platform. */
export * from "./function-deployment";
