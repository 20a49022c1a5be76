export * from "./cidr";
export * from "./tags";
export * from "./validate";
export * from "./iam";
