/** The security layer: the KMS data keys, their domains, the layer's config keys and the layer component. */
export * from "./config";
export * from "./key-domains";
export * from "./kms-keys";
export * from "./layer";
export * from "./workload-boundary";
