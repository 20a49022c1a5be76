/**
 * DataLakeEtl (`platform:integration:DataLakeEtl`): the analysts' path from the raw order-status events in the data
 * lake to a curated, catalogued Parquet table that Athena queries.
 *
 * - A Glue security configuration: S3 data SSE-KMS with the assets key, CloudWatch logs SSE-KMS with the logs key
 *   (the logs key's policy already admits `logs.<region>.amazonaws.com` for this account's log groups, which is what
 *   Glue's CloudWatch encryption uses; the roles need `logs:AssociateKmsKey` on the Glue log groups, granted below),
 *   job bookmarks CSE-KMS with the assets key.
 * - The Data Catalog's encryption settings (`manageCatalogEncryption`, on by default): SSE-KMS at rest and encrypted
 *   connection passwords, both with the assets key. They are one per account and region: exactly one stack per
 *   account and region may manage them (turn it off in the others, or the stacks fight over one setting).
 * - A catalog database `<prefix>_analytics`.
 * - A crawler over the raw prefix (new folders only, schema changes logged, never applied to deletions), which
 *   catalogues the raw events as the table `order_events` (partitioned by `dt`) for ad-hoc queries.
 * - The ETL job (Spark, Glue 5.0, Python 3, bookmarks on, one run at a time) running apps/analytics/orders_to_parquet.py,
 *   shipped as an S3 object under the scripts prefix (SSE-KMS, assets key), on a scheduled trigger. The job writes
 *   Parquet under the curated prefix and registers the table and its partitions itself (`enableUpdateCatalog`): no
 *   crawler over the curated prefix, because a crawler run is billed (with a minimum duration) for re-discovering a
 *   schema and partitions the job already knows when it writes them.
 * - One role each for the crawler and the job (only `glue.amazonaws.com` of this account may assume them), both with
 *   the permissions boundary: S3 actions only on their prefixes (ListBucket narrowed by `s3:prefix`), catalog actions
 *   on the catalog, the database and its tables only, logs on `/aws-glue/*`, the assets key only through S3 and Glue.
 *   The AWS managed `AWSGlueServiceRole` is not used (it grants S3 and EC2 widely).
 * - The log groups Glue writes to under this security configuration, created first with the retention and the logs
 *   key (else Glue creates them without retention).
 * - Optionally (`appFlow`), an AppFlow flow importing a Salesforce object into the raw zone (AppFlowImport), which the
 *   raw crawler also catalogues.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { bucketNameProblems } from "../data/bucket";
import { checkKeyArn } from "../data/checks";
import { ArgsChecker, ComponentContext, componentContext, isLogRetention, LOG_RETENTION_DAYS, policyJson, serviceTrustPolicy, Statement, Tags } from "../shared";
import { AppFlowImport, AppFlowImportOptions, checkAppFlowOptions, S3_PREFIX } from "./appflow-import";

/** The Glue version the job runs on (Spark 3.5, Python 3.11). */
export const GLUE_VERSION = "5.0";
/** Worker types a Glue 5.0 Spark job accepts (G.4X and G.8X in the regions that offer them). */
export const WORKER_TYPES = ["G.1X", "G.2X", "G.4X", "G.8X"] as const;
export type WorkerType = (typeof WORKER_TYPES)[number];
/** The script's file name, in apps/analytics/ and under the scripts prefix. */
export const SCRIPT_FILE = "orders_to_parquet.py";
/** The job's own arguments (`--<NAME>`), read by the script with getResolvedOptions. */
export const ETL_JOB_ARGUMENTS = ["RAW_PATH", "CURATED_PATH", "DATABASE", "TABLE"] as const;

/** The data lake's key prefixes the ETL uses. */
export interface DataLakePrefixes {
    /** Raw order-status events (written by archive-order-events). Defaults to `raw/order-events/`. */
    raw: string;
    /** Curated Parquet (written by the job). Defaults to `curated/orders/`. */
    curated: string;
    /** The job's script. Defaults to `glue/scripts/`. */
    scripts: string;
    /** The job's temporary directory (`--TempDir`). Defaults to `glue/temp/`. */
    temp: string;
}

export const DATA_LAKE_ETL_DEFAULTS = {
    prefixes: { raw: "raw/order-events/", curated: "curated/orders/", scripts: "glue/scripts/", temp: "glue/temp/" },
    /** Every day at 02:15 UTC. */
    schedule: "cron(15 2 * * ? *)",
    workerType: "G.1X" as WorkerType,
    numberOfWorkers: 2,
    timeoutMinutes: 60,
    logRetentionDays: 30,
    curatedTable: "orders",
    manageCatalogEncryption: true,
    protect: false,
    /** Retries of a failed run: bookmarks are committed only by a successful run, so a retry reprocesses the same files. */
    maxRetries: 1,
} as const;

/** Limits of the numbers DataLakeEtl exposes. */
export const DATA_LAKE_ETL_LIMITS = {
    /** Workers of a G.* Spark job: at least 2; 299 is the default account quota of a job. */
    numberOfWorkers: { min: 2, max: 299 },
    /** Minutes before Glue stops a run (Glue's maximum for a batch job is 48 hours). */
    timeoutMinutes: { min: 1, max: 2880 },
} as const;

/** A Glue Data Catalog database or table name Athena can query too: lowercase letters, digits and '_'. */
const CATALOG_NAME = /^[a-z][a-z0-9_]{0,254}$/;
/** An IAM managed policy ARN (the permissions boundary). */
const POLICY_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:policy\/[\w+=,.@/-]+$/;
/** A Glue cron field (minutes, hours, day of month, month, day of week, year). */
const CRON_FIELD = /^[0-9A-Za-z*?,/#-]+$/;

export interface DataLakeEtlArgs {
    /**
     * Prefix of every physical name (security configuration, roles, crawler, job, trigger, log groups), such as
     * `<project>-<stack>`: 1-40 lowercase letters, digits or '-', starting with a letter.
     */
    namePrefix: string;
    /**
     * The data-lake bucket's name (the data layer's bucket, SSE-KMS with the assets key). Pass the name the data layer
     * computes (known before the bucket exists, so the roles' policies are checked in a first preview) and the bucket
     * in the component's `dependsOn` (the script object needs the bucket).
     */
    bucketName: pulumi.Input<string>;
    /** The assets domain's customer-managed key: S3 data, job bookmarks, the script object and (when managed) the Data Catalog. */
    assetsKeyArn: pulumi.Input<string>;
    /** The logs domain's customer-managed key: the Glue log groups (its policy admits CloudWatch Logs for this account). */
    logsKeyArn: pulumi.Input<string>;
    /** The security layer's workload permissions boundary, on both roles. Required. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Key prefixes in the bucket, each one or more folders ending with '/', none inside another. Defaults: see DataLakePrefixes. */
    prefixes?: Partial<DataLakePrefixes>;
    /** The catalog database: lowercase letters, digits and '_'. Defaults to `<namePrefix with '_' for '-'>_analytics`. */
    databaseName?: string;
    /** The curated table the job writes and registers: lowercase letters, digits and '_'. Defaults to `orders`. */
    curatedTable?: string;
    /**
     * When the job (and the raw crawler) run: a Glue cron expression `cron(<min> <hour> <day-of-month> <month>
     * <day-of-week> <year>)` (UTC) with '?' in exactly one of the day fields. Defaults to `cron(15 2 * * ? *)`.
     */
    schedule?: string;
    /** The job's worker type: G.1X, G.2X, G.4X or G.8X. Defaults to G.1X. */
    workerType?: WorkerType;
    /** The job's workers, 2-299. Defaults to 2. */
    numberOfWorkers?: number;
    /** Minutes before Glue stops a run, 1-2880. Defaults to 60. */
    timeoutMinutes?: number;
    /** Days the Glue log groups keep events (a CloudWatch retention value). Defaults to 30. */
    logRetentionDays?: number;
    /**
     * Manage the account's Data Catalog encryption settings (one per account and region: SSE-KMS at rest and encrypted
     * connection passwords, with the assets key). Exactly one stack per account and region may do so: set false in the
     * others. Every principal using the catalog then needs the assets key through Glue. Defaults to true.
     */
    manageCatalogEncryption?: boolean;
    /** Import a Salesforce object into the raw zone with AppFlow (an AppFlowImport). Defaults to off. */
    appFlow?: AppFlowImportOptions;
    /** Pulumi `protect` on the catalog database (deleting it drops every table's metadata). Defaults to false (dev). */
    protect?: boolean;
    /** The job's script on disk. Defaults to apps/analytics/orders_to_parquet.py of this repository. */
    scriptPath?: string;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

/** The physical names of the component's children, from the name prefix. Pure. */
export function dataLakeEtlNames(namePrefix: string, databaseName?: string) {
    const securityConfiguration = `${namePrefix}-glue-kms`;
    const crawlerRole = `${namePrefix}-glue-crawler`;
    const jobRole = `${namePrefix}-glue-etl`;
    return {
        securityConfiguration, crawlerRole, jobRole,
        database: databaseName ?? `${namePrefix.replace(/-/g, "_")}_analytics`,
        crawler: `${namePrefix}-raw-order-events`,
        job: `${namePrefix}-orders-to-parquet`,
        trigger: `${namePrefix}-orders-to-parquet-schedule`,
        appFlow: `${namePrefix}-salesforce-orders`,
        /** Glue names a crawler's log group after its role and security configuration. */
        crawlerLogGroup: `/aws-glue/crawlers-role/${crawlerRole}-${securityConfiguration}`,
        /** Glue 5.0 names a job's log groups after its security configuration and role (`/output`, `/error`). */
        jobLogGroupPrefix: `/aws-glue/jobs/${securityConfiguration}-role/${jobRole}`,
    };
}

export class DataLakeEtl extends pulumi.ComponentResource {
    readonly securityConfiguration: aws.glue.SecurityConfiguration;
    readonly catalogEncryption: aws.glue.DataCatalogEncryptionSettings | undefined;
    readonly database: aws.glue.CatalogDatabase;
    readonly crawler: aws.glue.Crawler;
    readonly job: aws.glue.Job;
    readonly trigger: aws.glue.Trigger;
    readonly script: aws.s3.BucketObjectv2;
    readonly crawlerRole: aws.iam.Role;
    readonly jobRole: aws.iam.Role;
    readonly appFlow: AppFlowImport | undefined;
    /** The catalog database's name. */
    readonly databaseName: pulumi.Output<string>;
    /** The job's name. */
    readonly jobName: pulumi.Output<string>;
    /** The raw crawler's name. */
    readonly crawlerName: pulumi.Output<string>;
    /** The security configuration's name. */
    readonly securityConfigurationName: pulumi.Output<string>;
    /** `s3://<bucket>/<curated prefix>`: where the curated table lives. */
    readonly curatedPath: pulumi.Output<string>;

    constructor(name: string, args: DataLakeEtlArgs, opts?: pulumi.ComponentResourceOptions) {
        validateDataLakeEtlArgs(args);
        super("platform:integration:DataLakeEtl", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const prefixes = { ...DATA_LAKE_ETL_DEFAULTS.prefixes, ...args.prefixes };
        const names = dataLakeEtlNames(args.namePrefix, args.databaseName);
        const parent = { parent: this };
        const s3 = (prefix: string) => pulumi.interpolate`s3://${args.bucketName}/${prefix}`;
        const retentionInDays = args.logRetentionDays ?? DATA_LAKE_ETL_DEFAULTS.logRetentionDays;
        const schedule = args.schedule ?? DATA_LAKE_ETL_DEFAULTS.schedule;

        this.securityConfiguration = new aws.glue.SecurityConfiguration(`${name}-kms`, {
            name: names.securityConfiguration,
            encryptionConfiguration: securityEncryption(args.assetsKeyArn, args.logsKeyArn),
        }, parent);
        const sc = this.securityConfiguration.name;

        this.catalogEncryption = (args.manageCatalogEncryption ?? DATA_LAKE_ETL_DEFAULTS.manageCatalogEncryption)
            ? new aws.glue.DataCatalogEncryptionSettings(`${name}-catalog-encryption`, {
                dataCatalogEncryptionSettings: {
                    encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: args.assetsKeyArn },
                    connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: args.assetsKeyArn },
                },
            }, parent)
            : undefined;
        const afterCatalog = { parent: this, dependsOn: this.catalogEncryption ? [this.catalogEncryption] : [] };

        this.database = new aws.glue.CatalogDatabase(`${name}-database`, {
            name: names.database,
            description: "Order analytics: raw order-status events and curated orders (Parquet)",
            tags: ctx.tags({ Name: names.database }),
        }, { ...afterCatalog, protect: args.protect ?? DATA_LAKE_ETL_DEFAULTS.protect });

        this.appFlow = args.appFlow ? new AppFlowImport(`${name}-appflow`, {
            ...args.appFlow, flowName: names.appFlow, bucketName: args.bucketName,
            prefix: parentFolder(prefixes.raw), kmsKeyArn: args.assetsKeyArn, tags: args.tags,
        }, parent) : undefined;
        const crawlerPrefixes = [prefixes.raw, ...(this.appFlow ? [this.appFlow.objectPrefix] : [])];

        const access: GlueAccess = {
            partition: ctx.partition, region: ctx.region, accountId: ctx.accountId,
            bucketName: args.bucketName, databaseName: names.database, assetsKeyArn: args.assetsKeyArn,
        };
        this.crawlerRole = glueRole(ctx, `${name}-crawler`, names.crawlerRole, "Glue crawler of the raw order events",
            crawlerStatements(access, crawlerPrefixes), args.permissionsBoundaryArn);
        this.jobRole = glueRole(ctx, `${name}-job`, names.jobRole, "Glue job orders-to-parquet",
            jobStatements(access, prefixes), args.permissionsBoundaryArn);

        const logGroup = (suffix: string, logGroupName: string) => new aws.cloudwatch.LogGroup(`${name}-${suffix}`, {
            name: logGroupName, retentionInDays, kmsKeyId: args.logsKeyArn, tags: ctx.tags({ Name: logGroupName }),
        }, { ...parent, protect: args.protect ?? DATA_LAKE_ETL_DEFAULTS.protect });
        const crawlerLogs = logGroup("crawler-logs", names.crawlerLogGroup);
        const jobLogs = ["output", "error"].map((stream) => logGroup(`job-${stream}-logs`, `${names.jobLogGroupPrefix}/${stream}`));

        const scriptPath = args.scriptPath ?? defaultScriptPath();
        const scriptKey = `${prefixes.scripts}${SCRIPT_FILE}`;
        this.script = new aws.s3.BucketObjectv2(`${name}-script`, {
            bucket: args.bucketName,
            key: scriptKey,
            source: new pulumi.asset.FileAsset(scriptPath),
            // The ETag of an SSE-KMS object is not its MD5: the content's hash tells the provider when the script changed.
            sourceHash: fileHash(scriptPath),
            contentType: "text/x-python",
            serverSideEncryption: "aws:kms",
            kmsKeyId: args.assetsKeyArn,
            bucketKeyEnabled: true,
            tags: ctx.tags({ Name: SCRIPT_FILE }),
        }, parent);

        this.crawler = new aws.glue.Crawler(`${name}-raw-crawler`, {
            name: names.crawler,
            description: "Catalogues the raw order-status events (new dt= folders only)",
            role: this.crawlerRole.arn,
            databaseName: this.database.name,
            s3Targets: crawlerPrefixes.map((p) => ({ path: s3(p) })),
            securityConfiguration: sc,
            schedule,
            // Crawling new folders only requires schema changes to be logged, never applied (Glue refuses otherwise).
            recrawlPolicy: { recrawlBehavior: "CRAWL_NEW_FOLDERS_ONLY" },
            schemaChangePolicy: { updateBehavior: "LOG", deleteBehavior: "LOG" },
            configuration: JSON.stringify(CRAWLER_CONFIGURATION),
            tags: ctx.tags({ Name: names.crawler }),
        }, { ...afterCatalog, dependsOn: [...afterCatalog.dependsOn, crawlerLogs] });

        const jobArguments: Record<(typeof ETL_JOB_ARGUMENTS)[number], pulumi.Input<string>> = {
            RAW_PATH: s3(prefixes.raw),
            CURATED_PATH: s3(prefixes.curated),
            DATABASE: this.database.name,
            TABLE: args.curatedTable ?? DATA_LAKE_ETL_DEFAULTS.curatedTable,
        };
        this.job = new aws.glue.Job(`${name}-job`, {
            name: names.job,
            description: "Raw order-status events to curated orders (Parquet, partitioned by dt)",
            roleArn: this.jobRole.arn,
            glueVersion: GLUE_VERSION,
            command: { name: "glueetl", pythonVersion: "3", scriptLocation: pulumi.interpolate`s3://${this.script.bucket}/${this.script.key}` },
            workerType: args.workerType ?? DATA_LAKE_ETL_DEFAULTS.workerType,
            numberOfWorkers: args.numberOfWorkers ?? DATA_LAKE_ETL_DEFAULTS.numberOfWorkers,
            timeout: args.timeoutMinutes ?? DATA_LAKE_ETL_DEFAULTS.timeoutMinutes,
            maxRetries: DATA_LAKE_ETL_DEFAULTS.maxRetries,
            executionProperty: { maxConcurrentRuns: 1 },
            securityConfiguration: sc,
            defaultArguments: {
                "--job-language": "python",
                "--job-bookmark-option": "job-bookmark-enable",
                "--enable-metrics": "true",
                "--enable-continuous-cloudwatch-log": "true",
                "--enable-glue-datacatalog": "true",
                "--TempDir": s3(prefixes.temp),
                ...Object.fromEntries(Object.entries(jobArguments).map(([k, v]) => [`--${k}`, v])),
            },
            tags: ctx.tags({ Name: names.job }),
        }, { ...afterCatalog, dependsOn: [...afterCatalog.dependsOn, ...jobLogs] });

        this.trigger = new aws.glue.Trigger(`${name}-schedule`, {
            name: names.trigger,
            description: "Runs orders-to-parquet on its schedule",
            type: "SCHEDULED",
            schedule,
            startOnCreation: true,
            actions: [{ jobName: this.job.name }],
            tags: ctx.tags({ Name: names.trigger }),
        }, parent);

        this.databaseName = this.database.name;
        this.jobName = this.job.name;
        this.crawlerName = this.crawler.name;
        this.securityConfigurationName = sc;
        this.curatedPath = s3(prefixes.curated);
        this.registerOutputs({
            databaseName: this.databaseName, jobName: this.jobName, crawlerName: this.crawlerName,
            securityConfigurationName: this.securityConfigurationName, curatedPath: this.curatedPath,
        });
    }
}

/** The raw crawler's configuration: partitions inherit the table's schema; compatible schemas make one table. */
export const CRAWLER_CONFIGURATION = {
    Version: 1.0,
    CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
    Grouping: { TableGroupingPolicy: "CombineCompatibleSchemas" },
};

/** The security configuration's encryption: S3 and bookmarks with the assets key, CloudWatch with the logs key. Pure. */
export function securityEncryption(assetsKeyArn: pulumi.Input<string>, logsKeyArn: pulumi.Input<string>) {
    return {
        s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: assetsKeyArn },
        cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: logsKeyArn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: assetsKeyArn },
    };
}

/** What the roles' statements are built from. */
export interface GlueAccess {
    partition: pulumi.Input<string>;
    region: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
    bucketName: pulumi.Input<string>;
    databaseName: string;
    assetsKeyArn: pulumi.Input<string>;
}

/** Catalog actions a crawler takes on its database's tables and partitions (it never deletes: deletions are logged). */
export const CRAWLER_CATALOG_ACTIONS = [
    "glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable",
    "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition", "glue:CreatePartition",
    "glue:BatchCreatePartition", "glue:UpdatePartition", "glue:BatchUpdatePartition",
];
/** Catalog actions the job's sink takes (`enableUpdateCatalog` creates or updates the table and adds partitions). */
export const JOB_CATALOG_ACTIONS = [
    "glue:GetDatabase", "glue:GetTable", "glue:CreateTable", "glue:UpdateTable",
    "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition", "glue:CreatePartition", "glue:BatchCreatePartition",
];
/** What Glue does with its log groups (it associates the security configuration's key with them). */
export const GLUE_LOGS_ACTIONS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"];
/** The assets key's use: read (Decrypt) and write (GenerateDataKey, Encrypt) S3 objects and catalog metadata. */
export const ASSETS_KEY_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"];

/** The crawler's statements: read its prefixes, write its database's tables, its logs, the assets key via S3/Glue. */
export function crawlerStatements(a: GlueAccess, readPrefixes: string[]): Statement[] {
    return [
        { Sid: "ReadRaw", Effect: "Allow", Action: "s3:GetObject", Resource: readPrefixes.map((p) => objectsArn(a, p)) },
        listStatement(a, readPrefixes),
        { Sid: "Catalog", Effect: "Allow", Action: CRAWLER_CATALOG_ACTIONS, Resource: catalogArns(a) },
        logsStatement(a),
        keyStatement(a),
    ];
}

/** The job's statements: read raw and its script, write curated and temp, its catalog table, logs, metrics, the key. */
export function jobStatements(a: GlueAccess, p: DataLakePrefixes): Statement[] {
    return [
        { Sid: "ReadRawAndScript", Effect: "Allow", Action: "s3:GetObject", Resource: [objectsArn(a, p.raw), objectsArn(a, p.scripts)] },
        {
            Sid: "WriteCuratedAndTemp", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resource: [objectsArn(a, p.curated), objectsArn(a, p.temp)],
        },
        listStatement(a, [p.raw, p.curated, p.temp]),
        { Sid: "Catalog", Effect: "Allow", Action: JOB_CATALOG_ACTIONS, Resource: catalogArns(a) },
        logsStatement(a),
        // `--enable-metrics`: metrics have no resource-level permissions; narrowed to Glue's namespace.
        {
            Sid: "GlueMetrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } },
        },
        keyStatement(a),
    ];
}

const bucketArn = (a: GlueAccess) => pulumi.interpolate`arn:${a.partition}:s3:::${a.bucketName}`;
const objectsArn = (a: GlueAccess, prefix: string) => pulumi.interpolate`arn:${a.partition}:s3:::${a.bucketName}/${prefix}*`;

function listStatement(a: GlueAccess, prefixes: string[]): Statement {
    return {
        Sid: "ListOwnPrefixes", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn(a),
        Condition: { StringLike: { "s3:prefix": prefixes.flatMap((p) => [p, `${p}*`]) } },
    };
}

function catalogArns(a: GlueAccess): pulumi.Output<string>[] {
    const base = pulumi.interpolate`arn:${a.partition}:glue:${a.region}:${a.accountId}`;
    return [
        pulumi.interpolate`${base}:catalog`,
        pulumi.interpolate`${base}:database/${a.databaseName}`,
        pulumi.interpolate`${base}:table/${a.databaseName}/*`,
    ];
}

function logsStatement(a: GlueAccess): Statement {
    return {
        Sid: "GlueLogs", Effect: "Allow", Action: GLUE_LOGS_ACTIONS,
        Resource: pulumi.interpolate`arn:${a.partition}:logs:${a.region}:${a.accountId}:log-group:/aws-glue/*`,
    };
}

function keyStatement(a: GlueAccess): Statement {
    return {
        Sid: "AssetsKeyThroughS3AndGlue", Effect: "Allow", Action: ASSETS_KEY_ACTIONS, Resource: a.assetsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": [pulumi.interpolate`s3.${a.region}.amazonaws.com`, pulumi.interpolate`glue.${a.region}.amazonaws.com`] } },
    };
}

/** A Glue service role of this account, with the permissions boundary and one inline policy. */
function glueRole(ctx: ComponentContext, name: string, roleName: string, description: string, statements: Statement[],
    boundary: pulumi.Input<string>): aws.iam.Role {
    const role = new aws.iam.Role(name, {
        name: roleName,
        description,
        assumeRolePolicy: serviceTrustPolicy("glue.amazonaws.com", ctx.accountId),
        permissionsBoundary: boundary,
        tags: ctx.tags({ Name: roleName }),
    }, { parent: ctx.parent });
    new aws.iam.RolePolicy(name, { role: role.id, policy: policyJson(statements) }, { parent: ctx.parent });
    return role;
}

/** `raw/order-events/` -> `raw/`: the folder the AppFlow import writes beside the events. */
function parentFolder(prefix: string): string {
    const parts = prefix.split("/").filter(Boolean);
    return parts.length > 1 ? `${parts.slice(0, -1).join("/")}/` : prefix;
}

/** apps/analytics/orders_to_parquet.py of this repository, from the sources or from the compiled bin/ tree. */
export function defaultScriptPath(): string {
    const candidates = [path.resolve(__dirname, "..", "..", "apps", "analytics", SCRIPT_FILE),
        path.resolve(__dirname, "..", "..", "..", "apps", "analytics", SCRIPT_FILE)];
    const found = candidates.find((p) => fs.existsSync(p));
    if (!found) throw new Error(`DataLakeEtl: the job's script ${SCRIPT_FILE} is not in ${candidates.join(" or ")}; pass scriptPath`);
    return found;
}

function fileHash(file: string): string {
    return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/**
 * Where the optional AppFlow import writes in the data lake, `<parent of the raw prefix><flow name>/`: what the
 * bucket's policy must admit AppFlow to (appFlowBucketStatements), known before any resource exists.
 */
export function appFlowPrefix(namePrefix: string, rawPrefix: string = DATA_LAKE_ETL_DEFAULTS.prefixes.raw): string {
    return `${parentFolder(rawPrefix)}${dataLakeEtlNames(namePrefix).appFlow}/`;
}

/** Problems of a Glue cron expression, one message each; empty when valid. Pure. */
export function glueCronProblems(expression: string): string[] {
    const m = /^cron\((.*)\)$/.exec(expression);
    const fields = m ? m[1].trim().split(/\s+/) : [];
    if (fields.length !== 6) return ["expected cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>), six fields"];
    const problems: string[] = [];
    const bad = fields.filter((f) => !CRON_FIELD.test(f));
    if (bad.length) problems.push(`fields ${bad.map((f) => `'${f}'`).join(", ")} contain characters cron does not allow`);
    if ((fields[2] === "?") === (fields[4] === "?")) problems.push("exactly one of day-of-month and day-of-week must be '?'");
    return problems;
}

/** Validate DataLakeEtlArgs; throws ComponentArgsError listing every problem. */
export function validateDataLakeEtlArgs(args: DataLakeEtlArgs): void {
    const check = new ArgsChecker("DataLakeEtl");
    check.name("namePrefix", args.namePrefix);
    if (typeof args.bucketName === "string") {
        const problems = bucketNameProblems(args.bucketName);
        check.require(!problems.length, "bucketName", args.bucketName, problems.join("; "));
    } else {
        check.require(args.bucketName !== undefined && args.bucketName !== null, "bucketName", args.bucketName, "expected the data-lake bucket's name");
    }
    checkKeyArn(check, "assetsKeyArn", args.assetsKeyArn);
    checkKeyArn(check, "logsKeyArn", args.logsKeyArn);
    const boundary = args.permissionsBoundaryArn;
    check.require(boundary !== undefined && boundary !== null && boundary !== "" && (typeof boundary !== "string" || POLICY_ARN.test(boundary)),
        "permissionsBoundaryArn", boundary, "expected the workload boundary's IAM policy ARN (arn:aws:iam::<account>:policy/<name>)");
    const prefixes = { ...DATA_LAKE_ETL_DEFAULTS.prefixes, ...args.prefixes };
    for (const [key, value] of Object.entries(prefixes)) {
        check.require(typeof value === "string" && S3_PREFIX.test(value), `prefixes.${key}`, value,
            "expected one or more folders of lowercase letters, digits or ._=-, each ending with '/', such as raw/order-events/");
    }
    const entries = Object.entries(prefixes);
    for (const [k1, p1] of entries) {
        for (const [k2, p2] of entries) {
            if (k1 !== k2 && typeof p1 === "string" && typeof p2 === "string" && p2.startsWith(p1)) {
                check.require(false, `prefixes.${k2}`, p2, `expected a prefix outside prefixes.${k1} ('${p1}'): the crawler and the job must not read what they write`);
            }
        }
    }
    for (const field of ["databaseName", "curatedTable"] as const) {
        if (args[field] !== undefined) {
            check.require(typeof args[field] === "string" && CATALOG_NAME.test(args[field]), field, args[field],
                "expected 1-255 lowercase letters, digits or '_', starting with a letter (what Glue and Athena accept)");
        }
    }
    if (args.databaseName === undefined && typeof args.namePrefix === "string") {
        const derived = dataLakeEtlNames(args.namePrefix).database;
        check.require(CATALOG_NAME.test(derived), "namePrefix", args.namePrefix, `gives the database name '${derived}', which Glue refuses; set databaseName`);
    }
    if (args.schedule !== undefined) {
        const problems = typeof args.schedule === "string" ? glueCronProblems(args.schedule) : ["expected a string"];
        check.require(!problems.length, "schedule", args.schedule, problems.join("; "));
    }
    if (args.workerType !== undefined) check.oneOf("workerType", args.workerType, WORKER_TYPES);
    for (const field of ["numberOfWorkers", "timeoutMinutes"] as const) {
        if (args[field] !== undefined) check.integer(field, args[field], DATA_LAKE_ETL_LIMITS[field].min, DATA_LAKE_ETL_LIMITS[field].max);
    }
    if (args.logRetentionDays !== undefined) {
        check.require(isLogRetention(args.logRetentionDays), "logRetentionDays", args.logRetentionDays,
            `expected a CloudWatch Logs retention: ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    if (args.appFlow !== undefined) checkAppFlowOptions(check, "appFlow.", args.appFlow);
    check.done();
}
