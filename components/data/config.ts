/**
 * The data layer's config keys (Pulumi config `ecommerce-platform:<key>`, declared in Pulumi.yaml): the size of each
 * store per stack. Everything security-relevant (encryption, TLS, network exposure, protection) is not configurable:
 * the components always do it. The stack adds the rules across keys (prod: Multi-AZ, failover, zone awareness,
 * 30 days of backups).
 */
import { z } from "zod";
import { boolFromText, ConfigOf, intFromText, objectFromText } from "../shared";

/** An instance type or class with its prefix: `db.t4g.micro`, `cache.r7g.large`, `r7g.large.search`. */
const instanceType = (pattern: RegExp, example: string) => z.string().regex(pattern, `must be an instance type such as ${example}`);

/** Both relational databases (orders on PostgreSQL, catalog on MySQL). */
export const databaseSizeConfig = objectFromText({
    instanceClass: instanceType(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "db.t4g.medium or db.r7g.large"),
    storageGiB: intFromText(20, 65536),
    maxStorageGiB: intFromText(20, 65536),
    multiAz: boolFromText,
    backupRetentionDays: intFromText(1, 35),
}).refine((d) => d.maxStorageGiB >= d.storageGiB, { path: ["maxStorageGiB"], message: "must be at least storageGiB (storage autoscaling grows up to it)" });

/** The checkout sessions cache (Redis). */
export const cacheSizeConfig = objectFromText({
    nodeType: instanceType(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "cache.t4g.micro or cache.r7g.large"),
    nodes: intFromText(1, 6),
    snapshotRetentionDays: intFromText(1, 35),
});

/** The product search domain (OpenSearch). */
export const searchSizeConfig = objectFromText({
    instanceType: instanceType(/^[a-z0-9]+\.[a-z0-9]+\.search$/, "t3.small.search or r7g.large.search"),
    instanceCount: intFromText(1, 80),
    volumeSizeGiB: intFromText(10, 3072),
    /** Dedicated master nodes' type, or empty for none. */
    dedicatedMasterType: z.string().regex(/^([a-z0-9]+\.[a-z0-9]+\.search)?$/, "must be an instance type such as m7g.large.search, or empty (no dedicated masters)"),
});

export const dataConfig = {
    databaseSize: databaseSizeConfig,
    cacheSize: cacheSizeConfig,
    searchSize: searchSizeConfig,
};

export type DataConfig = ConfigOf<typeof dataConfig>;

/**
 * What prod requires of the sizes (the stack's cross-key rules): each problem as [key, field, message]. A pure
 * function, so the stack's schema and the tests share it.
 */
export function prodDataProblems(c: DataConfig): [keyof DataConfig, string, string][] {
    const out: [keyof DataConfig, string, string][] = [];
    if (!c.databaseSize.multiAz) out.push(["databaseSize", "multiAz", "must be true in prod (a standby in another zone)"]);
    if (c.databaseSize.backupRetentionDays < 30) out.push(["databaseSize", "backupRetentionDays", "must be at least 30 in prod"]);
    if (c.cacheSize.nodes < 2) out.push(["cacheSize", "nodes", "must be at least 2 in prod (automatic failover to a replica in another zone)"]);
    if (c.searchSize.instanceCount < 2) out.push(["searchSize", "instanceCount", "must be at least 2 in prod (zone awareness)"]);
    if (!c.searchSize.dedicatedMasterType) out.push(["searchSize", "dedicatedMasterType", "must name an instance type in prod (three dedicated master nodes)"]);
    return out;
}
