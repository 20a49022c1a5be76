import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram } from "../../tools/plan/recorder";
import { Bucket, BucketArgs, bucketNameProblems, bucketPolicy, lifecycleRules, validateBucketArgs } from "./bucket";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const ASSETS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/33333333-0000-4000-a000-000000000001`;
const NAME = `ecommerce-platform-dev-product-images-${ACCOUNT}`;
const LOGS = `ecommerce-platform-dev-access-logs-${ACCOUNT}`;

const T = {
    bucket: "aws:s3/bucket:Bucket",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    logging: "aws:s3/bucketLogging:BucketLogging",
};

function args(over: Partial<BucketArgs> = {}): BucketArgs {
    return {
        bucketName: NAME, purpose: "product-images", kmsKeyArn: ASSETS_KEY,
        accessLogs: { bucketName: LOGS, prefix: "product-images/" },
        lifecycle: { intelligentTieringAfterDays: 30 },
        tags: { Team: "platform" },
        ...over,
    };
}
const LOG_DESTINATION: BucketArgs = {
    bucketName: LOGS, purpose: "access-logs", isAccessLogDestination: true, lifecycle: { expirationDays: 365, noncurrentVersionExpirationDays: 30 },
};

async function build(a: BucketArgs | (() => BucketArgs), opts: { preview?: boolean; stack?: string } = {}) {
    const rec = await recordProgram(() => {
        const b = new Bucket("ecommerce-platform-dev-product-images", typeof a === "function" ? a() : a);
        return { arn: b.arn, name: b.name, refArn: b.reference.arn, refName: b.reference.name };
    }, { project: "ecommerce-platform", stack: opts.stack ?? "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT), preview: opts.preview });
    const one = (type: string): PlanResource => {
        const found = rec.resources.filter((r) => r.type === type);
        expect(found, type).to.have.length(1);
        return found[0];
    };
    return { rec, one, outputs: rec.outputs };
}

function problems(a: unknown): string[] {
    try {
        validateBucketArgs(a as BucketArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("data/Bucket", () => {
    describe("validation", () => {
        it("accepts a data bucket and the access-log destination", () => {
            expect(problems(args())).to.deep.equal([]);
            expect(problems(LOG_DESTINATION)).to.deep.equal([]);
        });
        it("refuses names S3 refuses, and dots, naming the value and the rule", () => {
            expect(problems(args({ bucketName: "My.Bucket" }))).to.deep.equal([
                "bucketName: 'My.Bucket' is not allowed; expected lowercase letters, digits or '-' only (no dots: they break TLS of virtual-hosted requests)",
            ]);
            expect(problems(args({ bucketName: "ab" }))).to.deep.equal([
                "bucketName: 'ab' is not allowed; expected 3-63 characters (it has 2)",
            ]);
            expect(bucketNameProblems("-logs")).to.deep.equal(["expected to start and end with a letter or digit"]);
            expect(bucketNameProblems("xn--shop")).to.deep.equal(["the prefixes xn--, sthree- and amzn-s3-demo- are reserved by S3"]);
            expect(bucketNameProblems("shop--x-s3")).to.deep.equal(["the suffixes -s3alias, --ol-s3, --x-s3 and --table-s3 are reserved by S3"]);
            expect(bucketNameProblems("a".repeat(64))).to.deep.equal(["expected 3-63 characters (it has 64)"]);
        });
        it("wants a CMK and access logs on a data bucket", () => {
            expect(problems(args({ kmsKeyArn: undefined, accessLogs: undefined }))).to.deep.equal([
                "kmsKeyArn: (missing) is not allowed; a customer-managed KMS key ARN is required (SSE-KMS)",
                "accessLogs: (missing) is not allowed; required: the access-log bucket and a prefix (or isAccessLogDestination: true for that bucket, isServiceLogDestination: true for a service's log bucket)",
            ]);
        });
        it("a service's log bucket (isServiceLogDestination) may omit access logs but still needs its CMK", () => {
            expect(problems(args({ accessLogs: undefined, isServiceLogDestination: true }))).to.deep.equal([]);
            expect(problems(args({ kmsKeyArn: undefined, accessLogs: undefined, isServiceLogDestination: true }))).to.deep.equal([
                "kmsKeyArn: (missing) is not allowed; a customer-managed KMS key ARN is required (SSE-KMS)",
            ]);
        });
        it("refuses a CMK and access logs on the access-log destination, saying why", () => {
            expect(problems({ ...LOG_DESTINATION, kmsKeyArn: ASSETS_KEY, accessLogs: { bucketName: "other-logs", prefix: "x/" } })).to.deep.equal([
                `kmsKeyArn: '${ASSETS_KEY}' is not allowed; the access-log destination uses SSE-S3: S3 server access logging does not deliver to a bucket with SSE-KMS default encryption`,
                "accessLogs: '{\"bucketName\":\"other-logs\",\"prefix\":\"x/\"}' is not allowed; the access-log destination does not log its own accesses (each delivery would log another)",
            ]);
        });
        it("refuses a bad prefix, self-logging, a free-text purpose that is not a name, and lifecycle days out of order", () => {
            expect(problems(args({
                purpose: "Product Images", accessLogs: { bucketName: NAME, prefix: "images" },
                lifecycle: { noncurrentVersionExpirationDays: 0, intelligentTieringAfterDays: 90, expirationDays: 30 },
            }))).to.deep.equal([
                "purpose: 'Product Images' is not allowed; expected 1-40 lowercase letters, digits or '-', starting with a letter",
                `accessLogs.bucketName: '${NAME}' is not allowed; a bucket does not log into itself`,
                "accessLogs.prefix: 'images' is not allowed; expected a key prefix ending with '/', such as product-images/",
                "lifecycle.noncurrentVersionExpirationDays: '0' is not allowed; expected a whole number from 1 to 36500",
                "lifecycle.expirationDays: '30' is not allowed; must be later than intelligentTieringAfterDays (90)",
            ]);
        });
        it("fails the deployment, naming the value, when a name given as an Output resolves to one S3 refuses", async () => {
            let failure: unknown;
            const rec = await recordProgram(async () => {
                const b = new Bucket("late", args({ bucketName: pulumi.output("Late_Name") }));
                await new Promise<void>((resolve) => b.name.apply(() => resolve()));
            }, { project: "p", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) }).catch((e) => { failure = e; });
            expect(String(failure ?? rec)).to.match(/bucketName: 'Late_Name' is not allowed; expected lowercase letters/);
        });
    });

    describe("pure parts", () => {
        it("denies requests without TLS and with TLS older than 1.2 on the bucket and its objects", () => {
            const arn = `arn:aws:s3:::${NAME}`;
            expect(bucketPolicy(arn).Statement).to.deep.equal([
                { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
                { Sid: "DenyTlsOlderThan12", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
            ]);
        });
        it("lets S3 log delivery put objects into the destination for this account's buckets only", () => {
            const arn = `arn:aws:s3:::${LOGS}`;
            expect(bucketPolicy(arn, { accountId: ACCOUNT }).Statement[2]).to.deep.equal({
                Sid: "S3ServerAccessLogDelivery", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject",
                Resource: `${arn}/*`, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            });
        });
        it("always aborts multipart uploads after 7 days and expires noncurrent versions; tiers and expires when asked", () => {
            expect(lifecycleRules({})).to.deep.equal([
                { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: { prefix: "" }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
                { id: "expire-noncurrent-versions", status: "Enabled", filter: { prefix: "" }, noncurrentVersionExpiration: { noncurrentDays: 90 }, expiration: { expiredObjectDeleteMarker: true } },
            ]);
            const rules = lifecycleRules({ noncurrentVersionExpirationDays: 30, intelligentTieringAfterDays: 0, expirationDays: 365 });
            expect(rules.map((r) => r.id)).to.deep.equal(["abort-incomplete-multipart-uploads", "expire-noncurrent-versions", "intelligent-tiering", "expire-objects"]);
            expect(rules[1]).to.not.have.property("expiration");
            expect(rules[2].transitions).to.deep.equal([{ days: 0, storageClass: "INTELLIGENT_TIERING" }]);
            expect(rules[3].expiration).to.deep.equal({ days: 365 });
        });
    });

    describe("a data bucket (dev: unprotected)", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(args()); });

        it("creates the bucket and each setting as its own resource, all bound to the bucket", () => {
            expect(b.rec.resources.filter((r) => r.custom).map((r) => r.type)).to.have.members(Object.values(T));
            const bucket = b.one(T.bucket);
            expect(bucket.inputs).to.deep.include({ bucket: NAME, forceDestroy: false });
            expect(bucket.inputs.tags).to.deep.include({ Name: NAME, Purpose: "product-images", Team: "platform" });
            for (const t of Object.values(T).filter((x) => x !== T.bucket)) {
                expect(b.one(t).inputs.bucket, t).to.equal(NAME);
                expect(b.one(t).propertyDependencies.bucket, t).to.deep.equal([bucket.urn]);
            }
        });
        it("encrypts with the given key (SSE-KMS, Bucket Keys), versions, blocks every public access, enforces ownership", () => {
            expect(b.one(T.sse).inputs.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: ASSETS_KEY }, bucketKeyEnabled: true }]);
            expect(b.one(T.versioning).inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
            expect(b.one(T.pab).inputs).to.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
            expect(b.one(T.ownership).inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
        });
        it("attaches the TLS-only policy after the public access block, and logs to the access-log bucket under its prefix", () => {
            const policy = b.one(T.policy);
            expect(JSON.parse(policy.inputs.policy as string)).to.deep.equal(bucketPolicy(`arn:aws:s3:::${NAME}`));
            expect(policy.options.dependsOn).to.include(b.one(T.pab).urn);
            expect(b.one(T.logging).inputs).to.deep.include({
                targetBucket: LOGS, targetPrefix: "product-images/", targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
            });
            expect(b.one(T.lifecycle).inputs.rules).to.deep.equal(lifecycleRules({ intelligentTieringAfterDays: 30 }));
        });
        it("knows the policy in a first preview (the ARN comes from the name)", async () => {
            const preview = await build(args(), { preview: true });
            expect(JSON.parse(preview.one(T.policy).inputs.policy as string)).to.deep.equal(bucketPolicy(`arn:aws:s3:::${NAME}`));
        });
        it("protects nothing and never force-destroys", () => {
            for (const r of b.rec.resources.filter((x) => x.custom)) expect([r.options.protect, r.options.retainOnDelete], r.name).to.deep.equal([false, false]);
        });
        it("hands out the bucket's ARN and name as its reference", () => {
            expect(b.outputs).to.deep.equal({ arn: `arn:aws:s3:::${NAME}`, name: NAME, refArn: `arn:aws:s3:::${NAME}`, refName: NAME });
        });
    });

    describe("the access-log destination (prod: protected, retained)", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build({ ...LOG_DESTINATION, protect: true }, { stack: "prod" }); });

        it("uses SSE-S3, admits S3 log delivery for this account, and logs nowhere itself", () => {
            expect(b.one(T.sse).inputs.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
            expect(JSON.parse(b.one(T.policy).inputs.policy as string)).to.deep.equal(bucketPolicy(`arn:aws:s3:::${LOGS}`, { accountId: ACCOUNT }));
            expect(b.rec.resources.filter((r) => r.type === T.logging)).to.have.length(0);
            expect(b.one(T.lifecycle).inputs.rules).to.deep.equal(lifecycleRules({ expirationDays: 365, noncurrentVersionExpirationDays: 30 }));
        });
        it("protects and retains the bucket and every setting", () => {
            const custom = b.rec.resources.filter((x) => x.custom);
            expect(custom).to.have.length(7);
            for (const r of custom) expect([r.options.protect, r.options.retainOnDelete], `${r.type}`).to.deep.equal([true, true]);
            expect(b.one(T.bucket).inputs.forceDestroy).to.equal(false);
        });
    });
});
