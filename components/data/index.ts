/** The data layer: one component per store (relational databases, tables, caches, search, buckets) and their shared network side. */
export * from "./store-network";
export * from "./search-domain";
export * from "./bucket";
