/**
 * RedisCache (`platform:data:RedisCache`): an ElastiCache for Redis OSS replication group for the checkout sessions.
 *
 * - Cluster mode disabled (one shard of `nodes` cache clusters: a primary and its replicas): the checkout image's
 *   client is a plain Redis client, not a cluster client. With two nodes or more, automatic failover and Multi-AZ.
 * - TLS required in transit, encryption at rest with the data domain's customer-managed key.
 * - No AUTH token: the checkout image has no setting to send one. Network isolation stands in: the isolated subnets
 *   (no route to or from the internet) and a security group open on 6379 only to the clients group, which only the
 *   pods of services that declared the need join (store-network.ts). The AWS rule `elasticache-encryption-auth` is
 *   waived for exactly this replication group in policies/waivers.yaml.
 * - Daily snapshots kept `snapshotRetentionDays`, a final snapshot when protected; a weekly maintenance window with
 *   minor version upgrades; slow log and engine log in JSON to two log groups encrypted with the logs key.
 * - Changes wait for the maintenance window (`applyImmediately: false`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EndpointReference } from "../compute/needs-policy";
import { ArgsChecker, ComponentContext, componentContext, isLogRetention, LOG_RETENTION_DAYS, Tags } from "../shared";
import { checkKeyArn } from "./checks";
import { checkStoreNetwork, endpointReference, StoreNetworkArgs, storeSecurityGroups } from "./store-network";

/** The Redis OSS version every cache runs (`<major>.<minor>` as the provider wants it from Redis 6 on). */
export const REDIS_ENGINE_VERSION = "7.1";
/** The Redis OSS versions a cache may run, each with its default parameter group (cluster mode disabled). */
export const REDIS_PARAMETER_GROUPS: Readonly<Record<string, string>> = { "7.0": "default.redis7", "7.1": "default.redis7" };
/** Redis's port; the security groups open it and nothing else. */
export const REDIS_PORT = 6379;
/** Cache clusters in the replication group (cluster mode disabled: a primary and up to five replicas). */
export const CACHE_NODES = { min: 1, max: 6 } as const;
/** Automatic snapshots may be kept 1 to 35 days (0, no snapshots, is refused). */
export const SNAPSHOT_RETENTION_DAYS = { min: 1, max: 35 } as const;
/** The logs ElastiCache delivers, each to its own log group. */
export const REDIS_LOG_TYPES = ["slow-log", "engine-log"] as const;

export interface RedisCacheArgs {
    /** Where the cache lives: the VPC and its isolated subnets (at least two zones). */
    network: StoreNetworkArgs;
    /** The node type, such as `cache.t4g.micro` (dev) or `cache.r7g.large`. */
    nodeType: string;
    /**
     * Cache clusters in the single shard: the primary and its replicas, 1 to 6. Two or more turn on automatic failover
     * and Multi-AZ (required when protected). 1 in dev.
     */
    nodes: number;
    /** The Redis OSS version: one of REDIS_PARAMETER_GROUPS' keys. Defaults to REDIS_ENGINE_VERSION (7.1). */
    engineVersion?: string;
    /** Days automatic snapshots are kept, 1 to 35. */
    snapshotRetentionDays: number;
    /** The data domain's customer-managed KMS key (encryption at rest). */
    kmsKeyArn: pulumi.Input<string>;
    /** The slow-log and engine-log groups: their KMS key (the security layer's `logs` key) and retention in days. */
    logs: { kmsKeyArn: pulumi.Input<string>; retentionInDays: number };
    /**
     * Protect the cache (Pulumi `protect` on the replication group and its log groups, a final snapshot on deletion);
     * requires nodes >= 2. Defaults to false (dev).
     */
    protect?: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

const defaults = {
    engineVersion: REDIS_ENGINE_VERSION,
    protect: false,
    /** Daily snapshots 03:00-04:00 UTC, then the weekly maintenance window, which must not overlap it. */
    snapshotWindow: "03:00-04:00",
    maintenanceWindow: "sun:05:00-sun:06:00",
};

export class RedisCache extends pulumi.ComponentResource {
    readonly replicationGroup: aws.elasticache.ReplicationGroup;
    /** The replication group's id (the component's name). */
    readonly replicationGroupId: pulumi.Output<string>;
    /** The primary endpoint's host name (reads and writes). */
    readonly primaryEndpoint: pulumi.Output<string>;
    /** The reader endpoint's host name (reads, spread over the replicas). */
    readonly readerEndpoint: pulumi.Output<string>;
    /** `rediss://<primary>:6379`: the checkout image's RETAIL_CHECKOUT_PERSISTENCE_REDIS_URL (TLS). */
    readonly url: pulumi.Output<string>;
    /** `rediss://<reader>:6379`: the checkout image's RETAIL_CHECKOUT_PERSISTENCE_REDIS_READER_URL. */
    readonly readerUrl: pulumi.Output<string>;
    /** The security group the cache's clients join. */
    readonly clientSecurityGroupId: pulumi.Output<string>;
    /** What a Microservice's `cache` need resolves to (no credentials: the cache takes no AUTH). */
    readonly reference: EndpointReference;
    /**
     * The member cache clusters' ids, one per node (`<replicationGroupId>-001`, `-002`, ...: ElastiCache's naming with
     * cluster mode disabled), known before the group exists: ElastiCache's per-node metrics' `CacheClusterId`.
     */
    readonly memberClusterIds: string[];

    constructor(name: string, args: RedisCacheArgs, opts?: pulumi.ComponentResourceOptions) {
        validateRedisCacheArgs(name, args);
        super("platform:data:RedisCache", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const protect = args.protect ?? defaults.protect;
        const groups = storeSecurityGroups(ctx, args.network.vpcId, `Redis ${name}`, REDIS_PORT);
        const subnetGroup = new aws.elasticache.SubnetGroup(name, {
            description: `Isolated subnets of Redis ${name}`,
            subnetIds: args.network.subnetIds,
            tags: ctx.tags({ Name: name }),
        }, { parent: this });
        const logGroups = createLogGroups(ctx, args, protect);
        this.replicationGroup = new aws.elasticache.ReplicationGroup(name, replicationGroupInputs(name, args, protect, {
            subnetGroupName: subnetGroup.name,
            securityGroupIds: [groups.store.id],
            logGroupNames: logGroups.map((g) => g.name),
            tags: ctx.tags({ Name: name }),
        }), { parent: this, protect });
        this.replicationGroupId = this.replicationGroup.id;
        this.primaryEndpoint = this.replicationGroup.primaryEndpointAddress;
        this.readerEndpoint = this.replicationGroup.readerEndpointAddress;
        this.url = pulumi.interpolate`rediss://${this.primaryEndpoint}:${REDIS_PORT}`;
        this.readerUrl = pulumi.interpolate`rediss://${this.readerEndpoint}:${REDIS_PORT}`;
        this.clientSecurityGroupId = groups.clients.id;
        this.reference = endpointReference(this.primaryEndpoint, REDIS_PORT, args.network, groups);
        this.memberClusterIds = memberClusterIds(name, args.nodes);
        this.registerOutputs({
            replicationGroupId: this.replicationGroupId, primaryEndpoint: this.primaryEndpoint, readerEndpoint: this.readerEndpoint,
            url: this.url, readerUrl: this.readerUrl, clientSecurityGroupId: this.clientSecurityGroupId, reference: this.reference,
            memberClusterIds: this.memberClusterIds,
        });
    }
}

/** The ids of a replication group's member clusters (cluster mode disabled): `<id>-001` to `<id>-00<nodes>`. Pure. */
export function memberClusterIds(replicationGroupId: string, nodes: number): string[] {
    return Array.from({ length: nodes }, (_, i) => `${replicationGroupId}-${String(i + 1).padStart(3, "0")}`);
}

/** The physical name of the log group a cache delivers a log type to. */
export function redisLogGroupName(cacheName: string, logType: (typeof REDIS_LOG_TYPES)[number]): string {
    return `/aws/elasticache/${cacheName}/${logType}`;
}

/** One log group per log type, encrypted with the logs key, with retention; protected with the cache. */
function createLogGroups(ctx: ComponentContext, args: RedisCacheArgs, protect: boolean): aws.cloudwatch.LogGroup[] {
    return REDIS_LOG_TYPES.map((logType) => new aws.cloudwatch.LogGroup(`${ctx.name}-${logType}`, {
        name: redisLogGroupName(ctx.name, logType),
        retentionInDays: args.logs.retentionInDays,
        kmsKeyId: args.logs.kmsKeyArn,
        tags: ctx.tags({ Name: `${ctx.name}-${logType}` }),
    }, { parent: ctx.parent, protect }));
}

/** The children the replication group refers to. */
interface ReplicationGroupLinks {
    subnetGroupName: pulumi.Input<string>;
    securityGroupIds: pulumi.Input<string>[];
    /** The log groups' names, in REDIS_LOG_TYPES order. */
    logGroupNames: pulumi.Input<string>[];
    tags: pulumi.Input<Record<string, string>>;
}

/** The aws.elasticache.ReplicationGroup inputs of validated args. Pure. */
export function replicationGroupInputs(name: string, args: RedisCacheArgs, protect: boolean,
    links: ReplicationGroupLinks): aws.elasticache.ReplicationGroupArgs {
    const engineVersion = args.engineVersion ?? defaults.engineVersion;
    const highlyAvailable = args.nodes >= 2;
    return {
        replicationGroupId: name,
        description: `Redis ${name}: cluster mode disabled, TLS required, reachable from its clients group only`,
        engine: "redis",
        engineVersion,
        parameterGroupName: REDIS_PARAMETER_GROUPS[engineVersion],
        nodeType: args.nodeType,
        port: REDIS_PORT,
        // One shard: the checkout image's client is not a cluster client.
        clusterMode: "disabled",
        numCacheClusters: args.nodes,
        automaticFailoverEnabled: highlyAvailable,
        multiAzEnabled: highlyAvailable,
        subnetGroupName: links.subnetGroupName,
        securityGroupIds: links.securityGroupIds,
        atRestEncryptionEnabled: true,
        kmsKeyId: args.kmsKeyArn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        // No authToken / userGroupIds: the client cannot send AUTH (module doc).
        snapshotRetentionLimit: args.snapshotRetentionDays,
        snapshotWindow: defaults.snapshotWindow,
        ...(protect ? { finalSnapshotIdentifier: `${name}-final` } : {}),
        maintenanceWindow: defaults.maintenanceWindow,
        autoMinorVersionUpgrade: true,
        applyImmediately: false,
        logDeliveryConfigurations: REDIS_LOG_TYPES.map((logType, i) => ({
            destinationType: "cloudwatch-logs", destination: links.logGroupNames[i], logFormat: "json", logType,
        })),
        tags: links.tags,
    };
}

/** A replication group id: 1-40 lowercase letters, digits or '-', starting with a letter, no '--', not ending with '-'. */
const REPLICATION_GROUP_ID = /^[a-z](?!.*--)[a-z0-9-]{0,39}(?<!-)$/;
const NODE_TYPE = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;

/** Validate RedisCacheArgs and the component's name (the replication group's id); throws ComponentArgsError listing every problem. */
export function validateRedisCacheArgs(name: string, args: RedisCacheArgs): void {
    const check = new ArgsChecker("RedisCache");
    check.require(typeof name === "string" && REPLICATION_GROUP_ID.test(name), "name", name,
        "expected a replication group id: 1-40 lowercase letters, digits or '-', starting with a letter, without '--' or a trailing '-'");
    checkStoreNetwork(check, args.network);
    check.require(typeof args.nodeType === "string" && NODE_TYPE.test(args.nodeType), "nodeType", args.nodeType,
        "expected a cache node type such as cache.t4g.micro or cache.r7g.large");
    check.integer("nodes", args.nodes, CACHE_NODES.min, CACHE_NODES.max);
    if (args.engineVersion !== undefined) check.oneOf("engineVersion", args.engineVersion, Object.keys(REDIS_PARAMETER_GROUPS));
    check.integer("snapshotRetentionDays", args.snapshotRetentionDays, SNAPSHOT_RETENTION_DAYS.min, SNAPSHOT_RETENTION_DAYS.max);
    checkKeyArn(check, "kmsKeyArn", args.kmsKeyArn);
    checkKeyArn(check, "logs.kmsKeyArn", args.logs?.kmsKeyArn);
    check.require(isLogRetention(args.logs?.retentionInDays), "logs.retentionInDays", args.logs?.retentionInDays,
        `expected a CloudWatch retention period: ${LOG_RETENTION_DAYS.join(", ")}`);
    if (args.protect === true && Number.isInteger(args.nodes)) {
        check.require(args.nodes >= 2, "nodes", args.nodes,
            "a protected cache needs at least 2 (a replica in another zone, automatic failover and Multi-AZ)");
    }
    check.done();
}
