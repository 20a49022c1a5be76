/** The tracing part of the observability layer (the lead merges it into the folder's index.ts). */
export * from "./adot-collector";
export * from "./tracing-config";
export * from "./xray";
