export * from "./workload-role";
export * from "./service-spec";
export * from "./needs-policy";
