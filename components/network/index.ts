/** The network layer: the Vpc component, the layer's config keys and the layer component. */
export * from "./config";
export * from "./layer";
export * from "./vpc";
