export * from "./workload-role";
export * from "./eks-cluster";
export * from "./load-balancer-controller";
export * from "./external-secrets";
export * from "./controller";
export * from "./versions";
