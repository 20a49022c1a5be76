export * from "./workload-role";
