export * from "./workload-role";
export * from "./eks-cluster";
export * from "./versions";
