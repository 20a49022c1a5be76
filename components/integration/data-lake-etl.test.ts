import { expect } from "chai";
import * as path from "path";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import {
    CRAWLER_CATALOG_ACTIONS, DataLakeEtl, DataLakeEtlArgs, GLUE_LOGS_ACTIONS, glueCronProblems, JOB_CATALOG_ACTIONS, validateDataLakeEtlArgs,
} from "./data-lake-etl";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const ASSETS = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-0000000000a5`;
const LOGS = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-00000000010a`;
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/ecommerce-platform/dev/workload-boundary`;
const BUCKET = `ecommerce-platform-dev-data-lake-${ACCOUNT}`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const PREFIX = "ecommerce-platform-dev";
const DB = "ecommerce_platform_dev_analytics";
const GLUE = `arn:aws:glue:${REGION}:${ACCOUNT}`;
const T = {
    component: "platform:integration:DataLakeEtl",
    sc: "aws:glue/securityConfiguration:SecurityConfiguration",
    catalog: "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
    database: "aws:glue/catalogDatabase:CatalogDatabase",
    crawler: "aws:glue/crawler:Crawler",
    job: "aws:glue/job:Job",
    trigger: "aws:glue/trigger:Trigger",
    object: "aws:s3/bucketObjectv2:BucketObjectv2",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    flow: "aws:appflow/flow:Flow",
};

function args(over: Partial<DataLakeEtlArgs> = {}): DataLakeEtlArgs {
    return {
        namePrefix: PREFIX, bucketName: BUCKET, assetsKeyArn: ASSETS, logsKeyArn: LOGS, permissionsBoundaryArn: BOUNDARY,
        tags: { Team: "data" }, ...over,
    };
}

function record(program: () => unknown, preview = false): Promise<Recording> {
    return recordProgram(program, { project: "test", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT), preview });
}

async function build(a: DataLakeEtlArgs) {
    const rec = await record(() => { new DataLakeEtl("analytics", a); });
    const all = (type: string) => rec.resources.filter((r) => r.type === type);
    const one = (type: string) => {
        const found = all(type);
        expect(found, type).to.have.length(1);
        return found[0];
    };
    const policyOf = (role: PlanResource) => {
        const found = all(T.rolePolicy).filter((p) => p.inputs.role === role.inputs.name);
        expect(found, role.name).to.have.length(1);
        return JSON.parse(found[0].inputs.policy as string) as { Statement: Record<string, unknown>[] };
    };
    const role = (suffix: string) => all(T.role).find((r) => r.name === `analytics-${suffix}`)!;
    return { rec, all, one, policyOf, role };
}

function problems(a: unknown): string[] {
    try {
        validateDataLakeEtlArgs(a as DataLakeEtlArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("integration/DataLakeEtl", () => {
    describe("defaults", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(args()); });

        it("creates one of each Glue resource, two roles with one inline policy each, three log groups and the script, all under the component", () => {
            const counts: Record<string, number> = {};
            for (const r of b.rec.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
            expect(counts).to.deep.include({
                [T.sc]: 1, [T.catalog]: 1, [T.database]: 1, [T.crawler]: 1, [T.job]: 1, [T.trigger]: 1, [T.object]: 1,
                [T.role]: 2, [T.rolePolicy]: 2, [T.logGroup]: 3,
            });
            expect(counts).not.to.have.property(T.flow);
            const component = b.one(T.component);
            for (const r of b.rec.resources.filter((x) => x.custom)) expect(r.parent, r.name).to.equal(component.urn);
        });
        it("the security configuration encrypts S3 (SSE-KMS) and bookmarks (CSE-KMS) with the assets key, CloudWatch with the logs key", () => {
            const sc = b.one(T.sc);
            expect(sc.inputs.name).to.equal(`${PREFIX}-glue-kms`);
            expect(sc.inputs.encryptionConfiguration).to.deep.equal({
                s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: ASSETS },
                cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: LOGS },
                jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: ASSETS },
            });
        });
        it("encrypts the Data Catalog and connection passwords with the assets key, before the database, crawler and job exist", () => {
            const catalog = b.one(T.catalog);
            expect(catalog.inputs.dataCatalogEncryptionSettings).to.deep.equal({
                encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: ASSETS },
                connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: ASSETS },
            });
            for (const type of [T.database, T.crawler, T.job]) expect(b.one(type).options.dependsOn, type).to.include(catalog.urn);
        });
        it("creates the database <prefix>_analytics, not protected in dev", () => {
            const db = b.one(T.database);
            expect(db.inputs.name).to.equal(DB);
            expect(db.options.protect).to.equal(false);
            expect(db.inputs.tags).to.deep.equal({ Team: "data", Name: DB });
        });
        it("crawls only the raw prefix, new folders only, logging schema changes, under the security configuration and the schedule", () => {
            const crawler = b.one(T.crawler);
            expect(crawler.inputs).to.deep.include({
                name: `${PREFIX}-raw-order-events`, databaseName: DB, securityConfiguration: `${PREFIX}-glue-kms`,
                schedule: "cron(15 2 * * ? *)", role: b.role("crawler").outputs.arn,
            });
            expect(crawler.inputs.s3Targets).to.deep.equal([{ path: `s3://${BUCKET}/raw/order-events/` }]);
            expect(crawler.inputs.recrawlPolicy).to.deep.equal({ recrawlBehavior: "CRAWL_NEW_FOLDERS_ONLY" });
            expect(crawler.inputs.schemaChangePolicy).to.deep.equal({ updateBehavior: "LOG", deleteBehavior: "LOG" });
            expect(JSON.parse(crawler.inputs.configuration as string)).to.deep.equal({
                Version: 1, CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
                Grouping: { TableGroupingPolicy: "CombineCompatibleSchemas" },
            });
            expect(b.all(T.crawler).map((c) => (c.inputs.s3Targets as { path: string }[])[0].path)).not.to.include(`s3://${BUCKET}/curated/orders/`);
        });
        it("runs the job on Glue 5.0, Python 3, glueetl, the shipped script, bookmarks and metrics on, one run at a time", () => {
            const job = b.one(T.job);
            expect(job.inputs).to.deep.include({
                name: `${PREFIX}-orders-to-parquet`, glueVersion: "5.0", workerType: "G.1X", numberOfWorkers: 2, timeout: 60, maxRetries: 1,
                securityConfiguration: `${PREFIX}-glue-kms`, roleArn: b.role("job").outputs.arn,
            });
            expect(job.inputs.command).to.deep.equal({ name: "glueetl", pythonVersion: "3", scriptLocation: `s3://${BUCKET}/glue/scripts/orders_to_parquet.py` });
            expect(job.inputs.executionProperty).to.deep.equal({ maxConcurrentRuns: 1 });
            expect(job.inputs.defaultArguments).to.deep.equal({
                "--job-language": "python",
                "--job-bookmark-option": "job-bookmark-enable",
                "--enable-metrics": "true",
                "--enable-continuous-cloudwatch-log": "true",
                "--enable-glue-datacatalog": "true",
                "--TempDir": `s3://${BUCKET}/glue/temp/`,
                "--RAW_PATH": `s3://${BUCKET}/raw/order-events/`,
                "--CURATED_PATH": `s3://${BUCKET}/curated/orders/`,
                "--DATABASE": DB,
                "--TABLE": "orders",
            });
        });
        it("ships the script from apps/analytics under glue/scripts/, SSE-KMS with the assets key, with its content hash", () => {
            const script = b.one(T.object);
            expect(script.inputs).to.deep.include({
                bucket: BUCKET, key: "glue/scripts/orders_to_parquet.py", serverSideEncryption: "aws:kms", kmsKeyId: ASSETS,
                bucketKeyEnabled: true, contentType: "text/x-python",
            });
            expect(script.inputs.source).to.deep.equal({ asset: path.resolve(__dirname, "../../apps/analytics/orders_to_parquet.py") });
            expect(script.inputs.sourceHash).to.match(/^[0-9a-f]{64}$/);
        });
        it("starts the job on the schedule with a scheduled trigger", () => {
            expect(b.one(T.trigger).inputs).to.deep.include({
                name: `${PREFIX}-orders-to-parquet-schedule`, type: "SCHEDULED", schedule: "cron(15 2 * * ? *)", startOnCreation: true,
                actions: [{ jobName: `${PREFIX}-orders-to-parquet` }],
            });
        });
        it("creates Glue's log groups for this security configuration first, with the logs key and 30 days", () => {
            expect(b.all(T.logGroup).map((g) => g.inputs.name)).to.deep.equal([
                `/aws-glue/crawlers-role/${PREFIX}-glue-crawler-${PREFIX}-glue-kms`,
                `/aws-glue/jobs/${PREFIX}-glue-kms-role/${PREFIX}-glue-etl/output`,
                `/aws-glue/jobs/${PREFIX}-glue-kms-role/${PREFIX}-glue-etl/error`,
            ]);
            for (const g of b.all(T.logGroup)) expect(g.inputs, g.name).to.deep.include({ kmsKeyId: LOGS, retentionInDays: 30 });
            const [crawlerLogs, ...jobLogs] = b.all(T.logGroup);
            expect(b.one(T.crawler).options.dependsOn).to.include(crawlerLogs.urn);
            for (const g of jobLogs) expect(b.one(T.job).options.dependsOn).to.include(g.urn);
        });
        it("gives each role a trust for glue.amazonaws.com of this account only, and the permissions boundary", () => {
            for (const [suffix, roleName] of [["crawler", `${PREFIX}-glue-crawler`], ["job", `${PREFIX}-glue-etl`]]) {
                const role = b.role(suffix);
                expect(role.inputs.name).to.equal(roleName);
                expect(role.inputs.permissionsBoundary).to.equal(BOUNDARY);
                expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement).to.deep.equal([{
                    Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                }]);
                expect(b.all(T.rolePolicy).map((p) => p.inputs.role)).to.include(roleName);
            }
            expect(b.all(T.rolePolicy).some((p) => /AWSGlueServiceRole/.test(String(p.inputs.policy)))).to.equal(false);
        });
        const logsStatement = {
            Sid: "GlueLogs", Effect: "Allow", Action: GLUE_LOGS_ACTIONS, Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws-glue/*`,
        };
        const keyStatement = {
            Sid: "AssetsKeyThroughS3AndGlue", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: ASSETS,
            Condition: { StringEquals: { "kms:ViaService": [`s3.${REGION}.amazonaws.com`, `glue.${REGION}.amazonaws.com`] } },
        };
        const catalogResources = [`${GLUE}:catalog`, `${GLUE}:database/${DB}`, `${GLUE}:table/${DB}/*`];
        it("lets the crawler read the raw prefix only, write its database's tables, its logs, and use the assets key via S3/Glue", () => {
            expect(b.policyOf(b.role("crawler")).Statement).to.deep.equal([
                { Sid: "ReadRaw", Effect: "Allow", Action: "s3:GetObject", Resource: [`${BUCKET_ARN}/raw/order-events/*`] },
                {
                    Sid: "ListOwnPrefixes", Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET_ARN,
                    Condition: { StringLike: { "s3:prefix": ["raw/order-events/", "raw/order-events/*"] } },
                },
                { Sid: "Catalog", Effect: "Allow", Action: CRAWLER_CATALOG_ACTIONS, Resource: catalogResources },
                logsStatement,
                keyStatement,
            ]);
            expect(CRAWLER_CATALOG_ACTIONS.filter((a) => /Delete/.test(a))).to.deep.equal([]);
        });
        it("lets the job read raw and its script, read/write/delete curated and temp, its table, logs, Glue metrics and the key", () => {
            expect(b.policyOf(b.role("job")).Statement).to.deep.equal([
                { Sid: "ReadRawAndScript", Effect: "Allow", Action: "s3:GetObject", Resource: [`${BUCKET_ARN}/raw/order-events/*`, `${BUCKET_ARN}/glue/scripts/*`] },
                {
                    Sid: "WriteCuratedAndTemp", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                    Resource: [`${BUCKET_ARN}/curated/orders/*`, `${BUCKET_ARN}/glue/temp/*`],
                },
                {
                    Sid: "ListOwnPrefixes", Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET_ARN,
                    Condition: { StringLike: { "s3:prefix": ["raw/order-events/", "raw/order-events/*", "curated/orders/", "curated/orders/*", "glue/temp/", "glue/temp/*"] } },
                },
                { Sid: "Catalog", Effect: "Allow", Action: JOB_CATALOG_ACTIONS, Resource: catalogResources },
                logsStatement,
                {
                    Sid: "GlueMetrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*",
                    Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } },
                },
                keyStatement,
            ]);
        });
    });

    describe("tuned, catalog encryption managed elsewhere, AppFlow on, prod", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => {
            b = await build(args({
                manageCatalogEncryption: false, protect: true, schedule: "cron(0 */6 ? * MON-FRI *)", workerType: "G.2X",
                numberOfWorkers: 10, timeoutMinutes: 120, logRetentionDays: 365, databaseName: "shop_analytics", curatedTable: "order_states",
                prefixes: { raw: "lake/raw/events/", curated: "lake/curated/orders/" },
                appFlow: { connectorProfileName: "salesforce-prod", object: "Opportunity", scheduleExpression: "rate(6hours)" },
            }));
        });

        it("creates no catalog encryption settings and depends on none", () => {
            expect(b.all(T.catalog)).to.deep.equal([]);
            expect(b.one(T.job).options.dependsOn).to.have.length(2);
        });
        it("applies the schedule, worker type, workers, timeout, retention, names and prefixes", () => {
            const job = b.one(T.job);
            expect(job.inputs).to.deep.include({ workerType: "G.2X", numberOfWorkers: 10, timeout: 120 });
            expect(job.inputs.defaultArguments).to.deep.include({
                "--RAW_PATH": `s3://${BUCKET}/lake/raw/events/`, "--CURATED_PATH": `s3://${BUCKET}/lake/curated/orders/`,
                "--DATABASE": "shop_analytics", "--TABLE": "order_states",
            });
            expect(b.one(T.trigger).inputs.schedule).to.equal("cron(0 */6 ? * MON-FRI *)");
            expect(b.one(T.crawler).inputs.schedule).to.equal("cron(0 */6 ? * MON-FRI *)");
            expect(b.one(T.database).inputs.name).to.equal("shop_analytics");
            expect(b.one(T.database).options.protect).to.equal(true);
            for (const g of b.all(T.logGroup)) expect(g.inputs.retentionInDays, g.name).to.equal(365);
        });
        it("imports the Salesforce object with AppFlow into the raw zone, with the assets key, scheduled and incremental", () => {
            const flow = b.one(T.flow);
            expect(flow.inputs).to.deep.include({ name: `${PREFIX}-salesforce-orders`, kmsArn: ASSETS });
            expect(flow.inputs.sourceFlowConfig).to.deep.equal({
                connectorType: "Salesforce", connectorProfileName: "salesforce-prod",
                sourceConnectorProperties: { salesforce: { object: "Opportunity" } },
                incrementalPullConfig: { datetimeTypeFieldName: "LastModifiedDate" },
            });
            expect(flow.inputs.destinationFlowConfigs).to.deep.equal([{
                connectorType: "S3",
                destinationConnectorProperties: { s3: {
                    bucketName: BUCKET, bucketPrefix: "lake/raw",
                    s3OutputFormatConfig: { fileType: "JSON", prefixConfig: { prefixType: "PATH", prefixFormat: "DAY" } },
                } },
            }]);
            expect(flow.inputs.triggerConfig).to.deep.equal({
                triggerType: "Scheduled", triggerProperties: { scheduled: { scheduleExpression: "rate(6hours)", dataPullMode: "Incremental" } },
            });
        });
        it("crawls the flow's folder too, and lets the crawler (only) read it", () => {
            const flowPrefix = `lake/raw/${PREFIX}-salesforce-orders/`;
            expect(b.one(T.crawler).inputs.s3Targets).to.deep.equal([
                { path: `s3://${BUCKET}/lake/raw/events/` }, { path: `s3://${BUCKET}/${flowPrefix}` },
            ]);
            const crawler = b.policyOf(b.role("crawler")).Statement;
            expect(crawler[0].Resource).to.deep.equal([`${BUCKET_ARN}/lake/raw/events/*`, `${BUCKET_ARN}/${flowPrefix}*`]);
            expect(JSON.stringify(b.policyOf(b.role("job")))).not.to.include(flowPrefix);
        });
    });

    it("knows every policy and name in a first preview (ARNs from the partition, region, account and names)", async () => {
        const rec = await record(() => { new DataLakeEtl("analytics", args()); }, true);
        for (const p of rec.resources.filter((r) => r.type === T.rolePolicy)) {
            expect(JSON.parse(p.inputs.policy as string).Statement.length, p.name).to.be.greaterThan(4);
        }
        const job = rec.resources.find((r) => r.type === T.job)!;
        expect(job.inputs.securityConfiguration).to.equal(`${PREFIX}-glue-kms`);
        expect((job.inputs.command as Record<string, unknown>).scriptLocation).to.equal(`s3://${BUCKET}/glue/scripts/orders_to_parquet.py`);
    });

    describe("validation", () => {
        it("accepts the defaults and a range of valid values", () => {
            expect(problems(args())).to.deep.equal([]);
            expect(problems(args({ schedule: "cron(0/30 * * * ? *)", workerType: "G.8X", numberOfWorkers: 299, timeoutMinutes: 2880, logRetentionDays: 3653 })))
                .to.deep.equal([]);
        });
        it("refuses cron expressions Glue refuses", () => {
            expect(glueCronProblems("rate(1 day)")).to.deep.equal(["expected cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>), six fields"]);
            expect(glueCronProblems("cron(15 2 * * *)")).to.have.length(1);
            expect(glueCronProblems("cron(15 2 * * * *)")).to.deep.equal(["exactly one of day-of-month and day-of-week must be '?'"]);
            expect(glueCronProblems("cron(15 2 ? * ? *)")).to.deep.equal(["exactly one of day-of-month and day-of-week must be '?'"]);
            expect(glueCronProblems("cron(15 2 * * ? $)")).to.deep.equal(["fields '$' contain characters cron does not allow"]);
        });
        it("names every wrong field, its value and what is allowed", () => {
            expect(problems({
                namePrefix: "Shop", bucketName: "Data_Lake", assetsKeyArn: "alias/aws/s3", logsKeyArn: undefined,
                permissionsBoundaryArn: "arn:aws:iam::123456789012:role/x", prefixes: { raw: "/raw", curated: "raw/order-events/x/" },
                databaseName: "Shop-Analytics", curatedTable: "orders", schedule: "cron(15 2 * * * *)", workerType: "G.025X",
                numberOfWorkers: 1, timeoutMinutes: 0, logRetentionDays: 31, appFlow: { connectorProfileName: "", scheduleExpression: "rate(1 day)" },
            })).to.deep.equal([
                "namePrefix: 'Shop' is not allowed; expected 1-40 lowercase letters, digits or '-', starting with a letter",
                "bucketName: 'Data_Lake' is not allowed; expected lowercase letters, digits or '-' only (no dots: they break TLS of virtual-hosted requests)",
                "assetsKeyArn: 'alias/aws/s3' is not allowed; expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
                "logsKeyArn: (missing) is not allowed; expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
                "permissionsBoundaryArn: 'arn:aws:iam::123456789012:role/x' is not allowed; expected the workload boundary's IAM policy ARN (arn:aws:iam::<account>:policy/<name>)",
                "prefixes.raw: '/raw' is not allowed; expected one or more folders of lowercase letters, digits or ._=-, each ending with '/', such as raw/order-events/",
                "databaseName: 'Shop-Analytics' is not allowed; expected 1-255 lowercase letters, digits or '_', starting with a letter (what Glue and Athena accept)",
                "schedule: 'cron(15 2 * * * *)' is not allowed; exactly one of day-of-month and day-of-week must be '?'",
                "workerType: 'G.025X' is not allowed; expected one of: G.1X, G.2X, G.4X, G.8X",
                "numberOfWorkers: '1' is not allowed; expected a whole number from 2 to 299",
                "timeoutMinutes: '0' is not allowed; expected a whole number from 1 to 2880",
                "logRetentionDays: '31' is not allowed; expected a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
                "appFlow.connectorProfileName: '' is not allowed; expected the name of an existing AppFlow connector profile (1-256 letters, digits or _/!@#+=.-)",
                "appFlow.scheduleExpression: 'rate(1 day)' is not allowed; expected rate(<n>minutes), rate(<n>hours) or rate(<n>days), such as rate(1days)",
            ]);
        });
        it("refuses prefixes nested in one another (the job would read what it writes)", () => {
            expect(problems(args({ prefixes: { curated: "raw/order-events/curated/" } }))).to.deep.equal([
                "prefixes.curated: 'raw/order-events/curated/' is not allowed; expected a prefix outside prefixes.raw ('raw/order-events/'): the crawler and the job must not read what they write",
            ]);
        });
        it("registers nothing when the arguments are wrong", async () => {
            let error: unknown;
            const rec = await record(() => {
                try { new DataLakeEtl("bad", args({ workerType: "Z.2X" as never })); } catch (e) { error = e; }
            });
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as Error).message).to.match(/^DataLakeEtl: invalid arguments:\n {2}- workerType: 'Z.2X' is not allowed/);
            expect(rec.resources.filter((r) => r.type.startsWith("aws:") || r.type === T.component)).to.deep.equal([]);
        });
    });
});
