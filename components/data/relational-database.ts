/**
 * RelationalDatabase (`platform:data:RelationalDatabase`): one RDS for PostgreSQL or MySQL instance in the VPC's
 * isolated subnets, from plain `aws.rds.*` resources so that every setting is an input the plan records and the policy
 * packs check. The class validates, registers and hands each concern to a small function below:
 *
 * - network: a DB subnet group over the isolated subnets, and the store's security groups (store-network.ts): the
 *   instance admits its clients group on its port and nothing else;
 * - parameters: a parameter group of the engine's family; PostgreSQL forces TLS (`rds.force_ssl`), MySQL cannot (see
 *   ENGINES: the catalog image connects without TLS); slow statements are logged on both;
 * - logs: the CloudWatch log groups RDS exports to, created first with the logs key and a retention (RDS would create
 *   them unencrypted and never-expiring);
 * - enhanced monitoring: a role only RDS monitoring of this account and instance can assume, with the AWS managed
 *   AmazonRDSEnhancedMonitoringRole policy;
 * - the instance: storage, Performance Insights and the master user's secret encrypted with the domain key; gp3 with
 *   storage autoscaling; never public; the master password generated, kept and rotated by RDS in Secrets Manager
 *   (`manageMasterUserPassword`), so it never appears in the program, its state or the plan.
 *
 * Credentials: the workloads use the master user's credentials, which RDS keeps in its own secret (`rds!db-…`, keys
 * `username` and `password`) and rotates (every 7 days by default); External Secrets delivers them to the pods. A
 * least-privilege application user needs a step inside the database (CREATE ROLE/USER and GRANTs) that no AWS API
 * performs; it is out of scope here. IAM database authentication stays off: the images authenticate with a password.
 *
 * Enhanced monitoring writes to the account-wide `RDSOSMetrics` log group, shared by every instance of the region:
 * it is not created here (two databases would both create it); the layer that owns account-wide log groups should.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EndpointReference } from "../compute/needs-policy";
import {
    ArgsChecker, ComponentContext, componentContext, isLogRetention, LOG_RETENTION_DAYS, serviceTrustPolicy, Tags,
} from "../shared";
import { checkStoreNetwork, endpointReference, StoreNetworkArgs, storeSecurityGroups } from "./store-network";

/** What the component knows about one engine. */
export interface EngineSpec {
    /** For descriptions: `PostgreSQL`, `MySQL`. */
    label: string;
    /** The engine's TCP port. */
    port: number;
    /** The major versions a database may run, each with its parameter group family. The first is the recommended one. */
    versions: Readonly<Record<string, { family: string }>>;
    /** The parameters set in the database's parameter group (name to value, as RDS takes them: text). */
    parameters: Readonly<Record<string, string>>;
    /** The logs RDS exports to CloudWatch (`/aws/rds/instance/<identifier>/<log>`). */
    logExports: readonly string[];
}

/**
 * The engines and their pinned settings. Versions are major versions: RDS picks the newest minor version and
 * upgrades minors itself (autoMinorVersionUpgrade). Each is in RDS standard support until at least 2028.
 *
 * - PostgreSQL: `rds.force_ssl` = 1 refuses any connection without TLS (the orders image's JDBC URL sets no
 *   `sslmode`; pgjdbc's default `prefer` negotiates TLS when the server requires it). Slow statements (1 s and more)
 *   and lock waits are logged. `log_statement` is left off: it would write `ALTER ROLE … PASSWORD '…'` to the logs.
 *   Exports `postgresql` (the server log) and `upgrade` (the major-version upgrade log).
 * - MySQL: **exception, TLS not required.** `require_secure_transport` is set to 0 on purpose: the catalog image's Go
 *   DSN sets no `tls` parameter, so go-sql-driver/mysql connects without TLS and a server that requires it refuses the
 *   connection (error 3159). The traffic stays in the VPC, between the clients group and the isolated subnets only;
 *   turn it to 1 once the image's DSN sets `tls=true`. Slow queries (1 s and more) go to a file (what CloudWatch
 *   exports). Exports `error` and `slowquery`; not `general` (every statement, with the data in it: volume, cost and
 *   personal data in the logs), not `audit` (needs an option group with the MariaDB audit plugin).
 */
export const ENGINES = {
    postgres: {
        label: "PostgreSQL",
        port: 5432,
        versions: { "17": { family: "postgres17" }, "16": { family: "postgres16" } },
        parameters: { "rds.force_ssl": "1", "log_min_duration_statement": "1000", "log_lock_waits": "1" },
        logExports: ["postgresql", "upgrade"],
    },
    mysql: {
        label: "MySQL",
        port: 3306,
        versions: { "8.4": { family: "mysql8.4" } },
        parameters: { "require_secure_transport": "0", "slow_query_log": "1", "long_query_time": "1", "log_output": "FILE" },
        logExports: ["error", "slowquery"],
    },
} as const satisfies Record<string, EngineSpec>;

export type Engine = keyof typeof ENGINES;
export const ENGINE_NAMES = Object.keys(ENGINES) as Engine[];

/** The recommended major version of each engine (the newest pinned one). */
export const RECOMMENDED_ENGINE_VERSIONS: Readonly<Record<Engine, string>> = { postgres: "17", mysql: "8.4" };

/** The CA every instance's server certificate is issued by (RSA 2048, valid until 2061). */
export const CA_CERT_IDENTIFIER = "rds-ca-rsa2048-g1";
/** Storage sizes (GiB) gp3 accepts on RDS for PostgreSQL and MySQL. */
export const STORAGE_GIB = { min: 20, max: 65536 } as const;
/** Instance classes on which RDS for MySQL has no Performance Insights (too little memory), which is always on here. */
export const MYSQL_NO_PERFORMANCE_INSIGHTS = ["db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"] as const;

export interface RelationalDatabaseArgs {
    /** The engine: `postgres` (orders) or `mysql` (catalog). Cannot be changed on an existing database. */
    engine: Engine;
    /**
     * The major version, one pinned in ENGINES for the engine (RECOMMENDED_ENGINE_VERSIONS: postgres `17`, mysql
     * `8.4`). Raising it is a major-version upgrade, applied in the next maintenance window.
     */
    engineVersion: string;
    /** The database created in the instance (`orders`, `catalog`): lowercase letters, digits and `_`, starting with a letter. */
    databaseName: string;
    /** The master user's name (its password is RDS's, in Secrets Manager). Defaults to `app`. */
    masterUsername?: string;
    /** The instance class, such as `db.t4g.medium` (dev) or `db.m7g.large` (prod). */
    instanceClass: string;
    /** Storage allocated at creation, in GiB (20 to 65536; gp3). */
    allocatedStorageGiB: number;
    /** The ceiling of storage autoscaling, in GiB: at least 10% above allocatedStorageGiB, at most 65536. */
    maxAllocatedStorageGiB: number;
    /** A standby in a second zone with synchronous replication and automatic failover (prod). */
    multiAz: boolean;
    /** Days of automated backups (point-in-time restore): 1 to 35, at least 7 when protected. The layer passes 7 in dev, 30 in prod. */
    backupRetentionDays: number;
    /** Where the instance lives: the VPC and its isolated subnets (at least two zones). */
    network: StoreNetworkArgs;
    /**
     * The data domain's customer-managed KMS key (an ARN, never an alias or an AWS-managed key): storage, snapshots,
     * Performance Insights and the master user's secret. Cannot be changed on an existing database.
     */
    kmsKeyArn: pulumi.Input<string>;
    /** The exported log groups `/aws/rds/instance/<name>/<log>`: their KMS key (the logs key) and retention in days. */
    logs: { kmsKeyArn: pulumi.Input<string>; retentionInDays: number };
    /**
     * Protect the instance and its log groups (Pulumi `protect`), turn on RDS deletion protection, take a final
     * snapshot `<name>-final` on deletion and keep the automated backups. Defaults to false.
     */
    protect?: boolean;
    /** Tags merged into every taggable child (and copied to the instance's snapshots). */
    tags?: Tags;
}

const defaults = {
    masterUsername: "app",
    protect: false,
    /** Seconds between enhanced monitoring samples. */
    monitoringInterval: 60,
    /** Days of Performance Insights history (the free tier). */
    performanceInsightsRetention: 7,
};

export class RelationalDatabase extends pulumi.ComponentResource {
    readonly instance: aws.rds.Instance;
    /** The instance identifier (the component's name): known before the instance exists. */
    readonly identifier: string;
    /** The instance's host name. */
    readonly address: pulumi.Output<string>;
    /** The engine's port (5432, 3306). */
    readonly port: number;
    /**
     * The ARN of the master user's secret, which RDS creates, encrypts with kmsKeyArn and rotates (JSON with
     * `username` and `password`).
     */
    readonly secretArn: pulumi.Output<string>;
    /** What a Microservice's `database` need resolves to: host, port, subnets' CIDRs, clients group, secret. */
    readonly reference: EndpointReference;

    constructor(name: string, args: RelationalDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        validateRelationalDatabaseArgs(name, args);
        super("platform:data:RelationalDatabase", name, {}, opts);
        const ctx: DatabaseContext = { ...componentContext(this, name, args.tags), protect: args.protect ?? defaults.protect };
        const engine: EngineSpec = ENGINES[args.engine];
        const groups = storeSecurityGroups(ctx, args.network.vpcId, `${engine.label} ${name}`, engine.port);
        const subnetGroup = new aws.rds.SubnetGroup(name, {
            description: `Isolated subnets of ${engine.label} ${name}`,
            subnetIds: args.network.subnetIds,
            tags: ctx.tags({ Name: name }),
        }, { parent: this });
        const parameterGroup = createParameterGroup(ctx, args);
        const logGroups = createLogGroups(ctx, args);
        const monitoring = createMonitoringRole(ctx);
        this.identifier = name;
        this.port = engine.port;
        this.instance = new aws.rds.Instance(name, instanceArgs(ctx, args, {
            subnetGroupName: subnetGroup.name,
            parameterGroupName: parameterGroup.name,
            securityGroupId: groups.store.id,
            monitoringRoleArn: monitoring.role.arn,
        }), { parent: this, protect: ctx.protect, dependsOn: [...logGroups, monitoring.attachment] });
        this.address = this.instance.address;
        // Always set by RDS once the instance exists (manageMasterUserPassword); see masterSecretArn.
        this.secretArn = this.instance.masterUserSecrets.apply((secrets) => masterSecretArn(secrets) as string);
        this.reference = endpointReference(this.address, engine.port, args.network, groups, this.secretArn);
        this.registerOutputs({
            identifier: this.identifier, address: this.address, port: this.port, secretArn: this.secretArn,
            clientSecurityGroupId: groups.clients.id,
        });
    }
}

/** What every part of the database is created with: the component's context, and whether to protect what is stateful. */
interface DatabaseContext extends ComponentContext {
    protect: boolean;
}

/**
 * The master user's secret ARN from the instance's `masterUserSecrets`: RDS reports exactly one secret when it manages
 * the password. Nothing when the cloud reports none (a mock cloud that does not model the managed secret); never a
 * made-up ARN (its name ends with a random suffix). Pure.
 */
export function masterSecretArn(secrets: readonly { secretArn?: string }[] | undefined): string | undefined {
    return secrets?.[0]?.secretArn;
}

/** The physical names of the log groups RDS exports the instance's logs to. Pure. */
export function logGroupNames(identifier: string, engine: Engine): string[] {
    return ENGINES[engine].logExports.map((log) => `/aws/rds/instance/${identifier}/${log}`);
}

/**
 * The parameter group of the engine's family with the engine's parameters (ENGINES). Autonamed: a new family (a
 * major-version upgrade) creates the new group before the old one is deleted.
 */
function createParameterGroup(ctx: DatabaseContext, args: RelationalDatabaseArgs): aws.rds.ParameterGroup {
    const engine: EngineSpec = ENGINES[args.engine];
    const family = engine.versions[args.engineVersion].family;
    return new aws.rds.ParameterGroup(`${ctx.name}-params`, {
        family,
        description: `${engine.label} ${ctx.name} (${family})`,
        parameters: Object.entries(engine.parameters).map(([name, value]) => ({ name, value })),
        tags: ctx.tags({ Name: `${ctx.name}-params` }),
    }, { parent: ctx.parent });
}

/** The exported logs' groups, encrypted with the logs key and with retention, created before the instance. */
function createLogGroups(ctx: DatabaseContext, args: RelationalDatabaseArgs): aws.cloudwatch.LogGroup[] {
    return ENGINES[args.engine].logExports.map((log, i) => new aws.cloudwatch.LogGroup(`${ctx.name}-log-${log}`, {
        name: logGroupNames(ctx.name, args.engine)[i],
        retentionInDays: args.logs.retentionInDays,
        kmsKeyId: args.logs.kmsKeyArn,
        tags: ctx.tags({ Name: `${ctx.name}-log-${log}` }),
    }, { parent: ctx.parent, protect: ctx.protect }));
}

/**
 * The enhanced monitoring role: RDS monitoring may assume it for this account's instance `<name>` only (the
 * confused-deputy guard AWS documents), with the AWS managed AmazonRDSEnhancedMonitoringRole policy (CloudWatch Logs
 * writes to RDSOSMetrics, nothing else).
 */
function createMonitoringRole(ctx: DatabaseContext): { role: aws.iam.Role; attachment: aws.iam.RolePolicyAttachment } {
    const { name, parent } = ctx;
    const role = new aws.iam.Role(`${name}-monitoring`, {
        description: `RDS enhanced monitoring of ${name}`,
        assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", ctx.accountId,
            pulumi.interpolate`arn:${ctx.partition}:rds:${ctx.region}:${ctx.accountId}:db:${name}`),
        tags: ctx.tags({ Name: `${name}-monitoring` }),
    }, { parent });
    const attachment = new aws.iam.RolePolicyAttachment(`${name}-monitoring`, {
        role: role.name,
        policyArn: pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    }, { parent });
    return { role, attachment };
}

/** The children the instance refers to. */
interface InstanceLinks {
    subnetGroupName: pulumi.Input<string>;
    parameterGroupName: pulumi.Input<string>;
    securityGroupId: pulumi.Input<string>;
    monitoringRoleArn: pulumi.Input<string>;
}

/** The instance's inputs (module doc). */
function instanceArgs(ctx: DatabaseContext, args: RelationalDatabaseArgs, links: InstanceLinks): aws.rds.InstanceArgs {
    const engine: EngineSpec = ENGINES[args.engine];
    return {
        // Explicit: the exported log groups' names derive from it.
        identifier: ctx.name,
        engine: args.engine,
        engineVersion: args.engineVersion,
        autoMinorVersionUpgrade: true,
        // A major upgrade happens only when engineVersion is raised in a reviewed change (with the new family's group).
        allowMajorVersionUpgrade: true,
        // No RDS Extended Support (and its surcharge): a version past its standard support is upgraded by RDS.
        engineLifecycleSupport: "open-source-rds-extended-support-disabled",
        instanceClass: args.instanceClass,
        dbName: args.databaseName,
        username: args.masterUsername ?? defaults.masterUsername,
        // RDS generates the password, keeps it in Secrets Manager (encrypted with the domain key) and rotates it:
        // no password input, so none in the program, its state or the plan.
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: args.kmsKeyArn,
        iamDatabaseAuthenticationEnabled: false,
        port: engine.port,
        parameterGroupName: links.parameterGroupName,
        dbSubnetGroupName: links.subnetGroupName,
        vpcSecurityGroupIds: [links.securityGroupId],
        publiclyAccessible: false,
        multiAz: args.multiAz,
        caCertIdentifier: CA_CERT_IDENTIFIER,
        storageType: "gp3",
        allocatedStorage: args.allocatedStorageGiB,
        maxAllocatedStorage: args.maxAllocatedStorageGiB,
        storageEncrypted: true,
        kmsKeyId: args.kmsKeyArn,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: args.kmsKeyArn,
        performanceInsightsRetentionPeriod: defaults.performanceInsightsRetention,
        monitoringInterval: defaults.monitoringInterval,
        monitoringRoleArn: links.monitoringRoleArn,
        enabledCloudwatchLogsExports: [...engine.logExports],
        backupRetentionPeriod: args.backupRetentionDays,
        copyTagsToSnapshot: true,
        deletionProtection: ctx.protect,
        skipFinalSnapshot: !ctx.protect,
        ...(ctx.protect ? { finalSnapshotIdentifier: `${ctx.name}-final` } : {}),
        // Protected: the automated backups outlive the instance (point-in-time restore after a deletion).
        deleteAutomatedBackups: !ctx.protect,
        // Changes wait for the maintenance window instead of restarting the database during the deployment.
        applyImmediately: false,
        tags: ctx.tags({ Name: ctx.name }),
    };
}

const IDENTIFIER_RULE = "an RDS identifier: 1-40 lowercase letters, digits or '-', starting with a letter, no '--', not ending with '-'";
const DATABASE_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const RESERVED_DATABASE_NAMES = ["postgres", "template0", "template1", "rdsadmin", "mysql", "sys", "information_schema", "performance_schema"];
const MASTER_USERNAME = /^[a-z][a-z0-9_]{0,15}$/;
const INSTANCE_CLASS = /^db\.[a-z][a-z0-9]*\.[a-z0-9][a-z0-9-]*$/;
const KMS_KEY_ARN = /^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Validate RelationalDatabaseArgs (and the component's name, the instance identifier); throws ComponentArgsError listing every problem. */
export function validateRelationalDatabaseArgs(name: string, args: RelationalDatabaseArgs): void {
    const check = new ArgsChecker("RelationalDatabase");
    check.require(typeof name === "string" && /^[a-z][a-z0-9-]{0,39}$/.test(name) && !name.includes("--") && !name.endsWith("-"),
        "name", name, `expected ${IDENTIFIER_RULE}`);
    check.oneOf("engine", args.engine, ENGINE_NAMES);
    const engine = ENGINE_NAMES.includes(args.engine) ? args.engine : undefined;
    if (engine) {
        const versions = Object.keys(ENGINES[engine].versions);
        check.require(versions.includes(args.engineVersion), "engineVersion", args.engineVersion,
            `expected a major version pinned for ${engine}: ${versions.join(", ")} (recommended: ${RECOMMENDED_ENGINE_VERSIONS[engine]})`);
    }
    check.require(typeof args.databaseName === "string" && DATABASE_NAME.test(args.databaseName) && !RESERVED_DATABASE_NAMES.includes(args.databaseName),
        "databaseName", args.databaseName,
        `expected 1-63 lowercase letters, digits or '_', starting with a letter, not one of the engines' own databases (${RESERVED_DATABASE_NAMES.join(", ")})`);
    if (args.masterUsername !== undefined) {
        check.require(typeof args.masterUsername === "string" && MASTER_USERNAME.test(args.masterUsername) && !args.masterUsername.startsWith("rds"),
            "masterUsername", args.masterUsername, "expected 1-16 lowercase letters, digits or '_', starting with a letter, not starting with 'rds' (RDS's own users)");
    }
    validateSizing(check, args, engine);
    const days = args.backupRetentionDays;
    check.require(Number.isInteger(days) && days >= (args.protect ? 7 : 1) && days <= 35, "backupRetentionDays", days, args.protect
        ? "expected a whole number of days from 7 to 35 (a protected database keeps at least a week of backups)"
        : "expected a whole number of days from 1 to 35");
    check.require(args.protect === undefined || typeof args.protect === "boolean", "protect", args.protect, "expected true or false");
    checkStoreNetwork(check, args.network);
    check.require(args.kmsKeyArn !== undefined && args.kmsKeyArn !== "" && (typeof args.kmsKeyArn !== "string" || KMS_KEY_ARN.test(args.kmsKeyArn)),
        "kmsKeyArn", args.kmsKeyArn, "expected the data domain's customer-managed KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>; not an alias)");
    check.require(!!args.logs && args.logs.kmsKeyArn !== undefined && args.logs.kmsKeyArn !== "", "logs.kmsKeyArn",
        args.logs?.kmsKeyArn, "a KMS key ARN is required: the exported logs are always encrypted with a CMK");
    check.require(isLogRetention(args.logs?.retentionInDays), "logs.retentionInDays", args.logs?.retentionInDays,
        `expected a CloudWatch retention period: ${LOG_RETENTION_DAYS.join(", ")}`);
    check.done();
}

/** Instance class, storage and Multi-AZ. */
function validateSizing(check: ArgsChecker, args: RelationalDatabaseArgs, engine: Engine | undefined): void {
    const validClass = typeof args.instanceClass === "string" && INSTANCE_CLASS.test(args.instanceClass);
    check.require(validClass, "instanceClass", args.instanceClass, "expected an RDS instance class db.<family>.<size>, such as db.t4g.medium or db.m7g.large");
    if (validClass && engine === "mysql") {
        check.require(!(MYSQL_NO_PERFORMANCE_INSIGHTS as readonly string[]).includes(args.instanceClass), "instanceClass", args.instanceClass,
            `RDS for MySQL has no Performance Insights on ${MYSQL_NO_PERFORMANCE_INSIGHTS.join(", ")}; use db.t4g.medium or larger`);
    }
    check.integer("allocatedStorageGiB", args.allocatedStorageGiB, STORAGE_GIB.min, STORAGE_GIB.max);
    const allocated = Number.isInteger(args.allocatedStorageGiB) ? args.allocatedStorageGiB : STORAGE_GIB.min;
    const minMax = Math.min(Math.ceil((allocated * 11) / 10), STORAGE_GIB.max);
    check.require(Number.isInteger(args.maxAllocatedStorageGiB) && args.maxAllocatedStorageGiB >= minMax && args.maxAllocatedStorageGiB <= STORAGE_GIB.max,
        "maxAllocatedStorageGiB", args.maxAllocatedStorageGiB,
        `expected a whole number from ${minMax} to ${STORAGE_GIB.max} (storage autoscaling needs a ceiling at least 10% above allocatedStorageGiB)`);
    check.require(typeof args.multiAz === "boolean", "multiAz", args.multiAz, "expected true (a standby in a second zone) or false");
}
