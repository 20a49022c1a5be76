/**
 * The AWS policy pack, with the repository's waivers file, over what the analysts' path needs: the security layer's
 * keys and workload boundary, the data layer's access-log and data-lake buckets, and DataLakeEtl (dev: the defaults;
 * prod: protected, AppFlow on), each recorded as a first `pulumi preview` and as `pulumi up`. The pack must find
 * nothing, mandatory or advisory, on any resource. In a first preview the roles' inline policies name the assets key,
 * whose ARN KMS decides, so the IAM checks of those two policies are deferred there and run (and pass) in `pulumi up`;
 * the glue-encryption rule links the job and the crawler to the security configuration by property dependency and
 * defers nothing.
 */
import { expect } from "chai";
import { Bucket } from "../data/bucket";
import { awsPackRunsByStack, packTestStack, PackTestStack } from "../../tools/testing/pack-programs";
import { PackRun } from "../../tools/testing/policies";
import { DataLakeEtl } from "./data-lake-etl";

const ACCOUNT = "123456789012";
const PROJECT = "ecommerce-platform";

function program(stack: PackTestStack) {
    const { prod, prefix, security } = packTestStack(stack);
    const accessLogs = new Bucket(`${prefix}-access-logs`, {
        bucketName: `${prefix}-access-logs-${ACCOUNT}`, purpose: "access-logs", isAccessLogDestination: true, protect: prod,
    });
    const lake = new Bucket(`${prefix}-data-lake`, {
        bucketName: `${prefix}-data-lake-${ACCOUNT}`, purpose: "data-lake", kmsKeyArn: security.keyArn("assets"),
        accessLogs: { bucketName: accessLogs.name, prefix: "data-lake/" }, protect: prod,
    });
    // The bucket's name as the data layer computes it (known in a first preview, so the roles' policies are checked
    // there), and the bucket as a dependency (the script object needs it).
    new DataLakeEtl(`${prefix}-analytics`, {
        namePrefix: prefix, bucketName: `${prefix}-data-lake-${ACCOUNT}`, assetsKeyArn: security.keyArn("assets"), logsKeyArn: security.keyArn("logs"),
        permissionsBoundaryArn: security.workloadBoundary.arn, protect: prod, tags: { Environment: stack },
        ...(prod ? { appFlow: { connectorProfileName: "salesforce" }, logRetentionDays: 365 } : {}),
    }, { dependsOn: [lake] });
}

describe("integration: the AWS pack over DataLakeEtl with the security layer and the data-lake bucket, with the repository's waivers", function () {
    this.timeout(120000);
    let results: Record<string, PackRun>;

    before(async () => {
        results = await awsPackRunsByStack(program);
    });

    for (const stack of ["dev", "prod"] as const) {
        for (const phase of ["preview", "up"] as const) {
            const key = `${stack} ${phase}`;
            it(`records the Glue resources (and in prod the AppFlow flow) (${key})`, () => {
                expect(Object.fromEntries(Object.entries(results[key].counts).filter(([t]) => /^aws:(glue|appflow)\//.test(t)))).to.deep.equal({
                    "aws:glue/securityConfiguration:SecurityConfiguration": 1,
                    "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings": 1,
                    "aws:glue/catalogDatabase:CatalogDatabase": 1,
                    "aws:glue/crawler:Crawler": 1,
                    "aws:glue/job:Job": 1,
                    "aws:glue/trigger:Trigger": 1,
                    ...(stack === "prod" ? { "aws:appflow/flow:Flow": 1 } : {}),
                });
            });
            it(`finds no violation, mandatory or advisory (${key})`, () => {
                expect(results[key].mandatory).to.deep.equal([]);
                expect(results[key].advisory).to.deep.equal([]);
            });
            it(`waives only the access-log bucket's SSE-S3; defers only the roles' IAM checks, in preview (the key ARN is computed) (${key})`, () => {
                for (const w of results[key].waived) expect(w).to.match(/access-logs/);
                const roles = [`${PROJECT}-${stack}-analytics-crawler`, `${PROJECT}-${stack}-analytics-job`];
                expect(results[key].deferred.filter((d) => /analytics/.test(d))).to.deep.equal(phase === "up" ? [] : [
                    ...roles.map((r) => `iam-no-admin-wildcard ${r}`),
                    ...roles.map((r) => `iam-no-service-wildcards ${r}`),
                    ...roles.map((r) => `iam-sensitive-actions-scoped ${r}`),
                ]);
            });
        }
    }
});
