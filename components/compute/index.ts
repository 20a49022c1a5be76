export * from "./workload-role";
export * from "./service-spec";
export * from "./needs-policy";
export * from "./microservice-manifests";
export * from "./microservice";
