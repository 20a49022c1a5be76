/** The data layer: one component per store (relational databases, tables, caches, search, buckets), their shared network side, config and the layer. */
export * from "./store-network";
export * from "./config";
export * from "./checks";
export * from "./relational-database";
export * from "./table";
export * from "./redis-cache";
export * from "./search-domain";
export * from "./bucket";
export * from "./layer";
