export * from "./cidr";
export * from "./tags";
export * from "./validate";
export * from "./iam";
export * from "./cloudwatch";
export * from "./config";
export * from "./context";
