export * from "./data-keys";
