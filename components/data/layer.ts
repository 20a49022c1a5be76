/**
 * DataLayer (`platform:data:DataLayer`): the data layer of the platform, composed from the layer's config: the shop's
 * stores, each one reusable component with secure defaults, sized per stack and protected in prod:
 *
 * - relational databases: `orders` on PostgreSQL, `catalog` on MySQL (the catalog image speaks only MySQL);
 * - DynamoDB tables: `carts` (exactly as the cart image expects) and `workflow` (order-workflow state and idempotency,
 *   streamed for the integration layer);
 * - the `checkout` Redis cache (sessions);
 * - the `products` OpenSearch domain (product search);
 * - S3 buckets: `product-images`, `uploads`, `data-lake`, and `access-logs`, where the others log.
 *
 * It takes from the other layers only what it needs: the VPC's id and its isolated subnets (ids and CIDRs), and the
 * keys of its data domains. It hands the compute layer `references` (what the apps' needs resolve to, by need name)
 * and `storeSecrets` (the RDS-managed master secrets External Secrets may read). The stores in the VPC admit only their
 * clients security group, which exactly the services that declare a need for them join.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AdditionalSecret, PlatformReferences } from "../compute";
import { keyViaServices } from "../security/key-domains";
import { Statement, Tags } from "../shared";
import { Bucket } from "./bucket";
import { DataConfig } from "./config";
import { RECOMMENDED_ENGINE_VERSIONS, RelationalDatabase } from "./relational-database";
import { RedisCache } from "./redis-cache";
import { SEARCH_ENGINE_VERSION, SearchDomain } from "./search-domain";
import { StoreNetworkArgs } from "./store-network";
import { CARTS_TABLE, Table, WORKFLOW_TABLE } from "./table";

/** The data domains whose keys the layer uses. */
export type DataKeyDomain = "orders" | "catalog" | "carts" | "sessions" | "search" | "assets" | "secrets" | "logs";

export interface DataLayerArgs {
    /** The layer's config (databaseSize, cacheSize, searchSize). */
    config: DataConfig;
    /** Prefix of names unique per stack, `<project>-<stack>`: every store's name starts with it. */
    namePrefix: string;
    /** From the network layer: the VPC and its isolated subnets (no route to or from the internet). */
    network: StoreNetworkArgs;
    /** From the security layer: the key of each data domain the stores use (and `logs` for their log groups). */
    keys: Record<DataKeyDomain, pulumi.Input<string>>;
    /** Days to keep the stores' log groups. */
    logRetentionDays: number;
    /**
     * Statements the data-lake bucket's policy adds for services writing into it (the integration layer's AppFlow
     * import, when configured: `appFlowBucketStatements`), given the bucket's ARN and the account id. Defaults to none.
     */
    dataLakePolicyStatements?: (bucketArn: string, accountId: string) => Statement[];
    /** Protect every stateful resource (prod): `protect`, deletion protection, final snapshots, buckets retained on delete. */
    protect: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

/** The buckets, by need name. */
export const BUCKET_PURPOSES = ["product-images", "uploads", "data-lake"] as const;

/** The prefix the shop's load balancers write their access logs under, in the access-log bucket. */
export const ALB_LOG_PREFIX = "alb";

/**
 * The access-log bucket's statement for Elastic Load Balancing's log delivery: objects under `alb/AWSLogs/<account>/`
 * only. Regions opened before August 2022 deliver as the region's ELB account (`aws.elb.getServiceAccount`), newer
 * ones as the `logdelivery.elasticloadbalancing.amazonaws.com` service principal: both are named.
 */
export function albLogDeliveryStatements(bucketArn: string, accountId: string, elbAccountArn: pulumi.Input<string>): Statement[] {
    const Resource = `${bucketArn}/${ALB_LOG_PREFIX}/AWSLogs/${accountId}/*`;
    return [
        { Sid: "AlbAccessLogDeliveryAccount", Effect: "Allow", Principal: { AWS: elbAccountArn }, Action: "s3:PutObject", Resource },
        { Sid: "AlbAccessLogDeliveryService", Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource },
    ];
}

export class DataLayer extends pulumi.ComponentResource {
    readonly databases: Record<"orders" | "catalog", RelationalDatabase>;
    readonly tables: Record<"carts" | "workflow", Table>;
    readonly cache: RedisCache;
    readonly search: SearchDomain;
    readonly buckets: Record<(typeof BUCKET_PURPOSES)[number] | "access-logs", Bucket>;
    /** What the apps' needs resolve to, by need name (keys by data domain). */
    readonly references: PlatformReferences;
    /** The RDS-managed master secrets, with their keys: External Secrets may read exactly these outside its prefix. */
    readonly storeSecrets: AdditionalSecret[];

    constructor(name: string, args: DataLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:DataLayer", name, {}, opts);
        const p = args.namePrefix;
        const parent = { parent: this };
        const common = { protect: args.protect, tags: args.tags };
        const logs = { kmsKeyArn: args.keys.logs, retentionInDays: args.logRetentionDays };
        const db = args.config.databaseSize;
        const database = (id: "orders" | "catalog", engine: "postgres" | "mysql") => new RelationalDatabase(`${p}-${id}`, {
            engine,
            engineVersion: RECOMMENDED_ENGINE_VERSIONS[engine],
            databaseName: id,
            instanceClass: db.instanceClass,
            allocatedStorageGiB: db.storageGiB,
            maxAllocatedStorageGiB: db.maxStorageGiB,
            multiAz: db.multiAz,
            backupRetentionDays: db.backupRetentionDays,
            network: args.network,
            kmsKeyArn: args.keys[id],
            logs,
            ...common,
        }, parent);
        this.databases = { orders: database("orders", "postgres"), catalog: database("catalog", "mysql") };

        this.tables = {
            carts: new Table(`${p}-carts`, { ...CARTS_TABLE, tableName: `${p}-carts`, kmsKeyArn: args.keys.carts, ...common }, parent),
            workflow: new Table(`${p}-workflow`, { ...WORKFLOW_TABLE, tableName: `${p}-workflow`, kmsKeyArn: args.keys.carts, ...common }, parent),
        };

        const cache = args.config.cacheSize;
        this.cache = new RedisCache(`${p}-sessions`, {
            network: args.network,
            nodeType: cache.nodeType,
            nodes: cache.nodes,
            snapshotRetentionDays: cache.snapshotRetentionDays,
            kmsKeyArn: args.keys.sessions,
            logs,
            ...common,
        }, parent);

        const search = args.config.searchSize;
        this.search = new SearchDomain(`${p}-products`, {
            // OpenSearch domain names have at most 28 characters: the project's name is shortened to its first word.
            domainName: `${p.replace(/^ecommerce-platform-/, "ecommerce-")}-products`,
            engineVersion: SEARCH_ENGINE_VERSION,
            network: args.network,
            instanceType: search.instanceType,
            instanceCount: search.instanceCount,
            zoneAwareness: search.instanceCount > 1,
            ...(search.dedicatedMasterType ? { dedicatedMasterType: search.dedicatedMasterType } : {}),
            volumeSizeGiB: search.volumeSizeGiB,
            kmsKeyArn: args.keys.search,
            logs,
            masterUserName: "catalog",
            secretsKeyArn: args.keys.secrets,
            secretName: `${p}/search/products`,
            ...common,
        }, parent);

        // Bucket names are global: the account id keeps two accounts' stacks of one name apart.
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
        const bucketName = (purpose: string) => pulumi.interpolate`${p}-${purpose}-${accountId}`;
        // The shop's load balancers (made by the AWS Load Balancer Controller) log here too, under `alb/`: ALB access
        // logs need SSE-S3 on their bucket, as S3 server access logs do.
        const elbAccount = aws.elb.getServiceAccountOutput({}, parent).arn;
        const accessLogs = new Bucket(`${p}-access-logs`, {
            bucketName: bucketName("access-logs"), purpose: "access-logs", isAccessLogDestination: true,
            policyStatements: (arn, account) => albLogDeliveryStatements(arn, account, elbAccount),
            ...common,
        }, parent);
        const buckets = Object.fromEntries(BUCKET_PURPOSES.map((purpose) => [purpose, new Bucket(`${p}-${purpose}`, {
            bucketName: bucketName(purpose), purpose, kmsKeyArn: args.keys.assets,
            accessLogs: { bucketName: accessLogs.name, prefix: `${purpose}/` },
            ...(purpose === "data-lake" && args.dataLakePolicyStatements ? { policyStatements: args.dataLakePolicyStatements } : {}),
            ...common,
        }, parent)])) as Record<(typeof BUCKET_PURPOSES)[number], Bucket>;
        this.buckets = { ...buckets, "access-logs": accessLogs };

        this.references = {
            databases: { orders: this.databases.orders.reference, catalog: this.databases.catalog.reference },
            tables: { carts: this.tables.carts.reference, workflow: this.tables.workflow.reference },
            caches: { checkout: this.cache.reference },
            searchDomains: { products: this.search.reference },
            buckets: Object.fromEntries(BUCKET_PURPOSES.map((b) => [b, buckets[b].reference])),
            keys: {
                carts: { arn: args.keys.carts, viaServices: keyViaServices("carts") },
                assets: { arn: args.keys.assets, viaServices: keyViaServices("assets") },
            },
        };
        this.storeSecrets = (["orders", "catalog"] as const).map((id) => ({ secretArn: this.databases[id].secretArn, kmsKeyArn: args.keys[id] }));
        this.registerOutputs({});
    }
}
