/** The compute layer: the EKS cluster, its controllers, workload identities and the Microservice component. */
export * from "./controller";
export * from "./eks-cluster";
export * from "./external-secrets";
export * from "./load-balancer-controller";
export * from "./microservice";
export * from "./microservice-manifests";
export * from "./needs-policy";
export * from "./service-spec";
export * from "./versions";
export * from "./workload-role";
export * from "./config";
export * from "./layer";
