/** The security layer: the KMS data keys, their domains, the workload boundary, the account baseline, the layer's config keys and the layer component. */
export * from "./access-analyzer";
export * from "./audit-trail";
export * from "./config";
export * from "./key-domains";
export * from "./kms-keys";
export * from "./layer";
export * from "./security-hub";
export * from "./threat-detection";
export * from "./workload-boundary";
