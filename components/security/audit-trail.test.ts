import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import { ComponentArgsError } from "../shared/validate";
import { AuditTrail, AuditTrailArgs, trailEventSelectors, validateAuditTrailArgs } from "./audit-trail";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const PREFIX = "ecommerce-platform-prod";
const AUDIT_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-0000-0000-00000000a0d1`;
const LOGS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-0000-0000-0000000010g5`;
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/ecommerce-platform/prod/boundary`;
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${PREFIX}-audit`;
const BUCKET = `${PREFIX}-audit-trail-${ACCOUNT}`;
const GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/cloudtrail/${PREFIX}`;

function args(over: Partial<AuditTrailArgs> = {}): AuditTrailArgs {
    return { namePrefix: PREFIX, auditKeyArn: AUDIT_KEY, logsKeyArn: LOGS_KEY, logRetentionDays: 365, permissionsBoundaryArn: BOUNDARY, ...over };
}

async function build(a: AuditTrailArgs) {
    const rec: Recording = await recordProgram(() => { new AuditTrail("trail", a); }, {
        project: "ecommerce-platform", stack: "prod", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT),
    });
    const one = (type: string): PlanResource => {
        const found = rec.resources.filter((r) => r.type === type);
        expect(found, type).to.have.length(1);
        return found[0];
    };
    return { rec, one };
}

describe("security/AuditTrail", () => {
    describe("prod: data events on, protected", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(args({ dataEvents: true, protect: true })); });

        it("is a multi-region trail with global events and file validation, encrypted with the audit key, into its bucket", () => {
            expect(b.one("aws:cloudtrail/trail:Trail").inputs).to.deep.include({
                name: `${PREFIX}-audit`, s3BucketName: BUCKET, isMultiRegionTrail: true, includeGlobalServiceEvents: true,
                enableLogFileValidation: true, enableLogging: true, kmsKeyId: AUDIT_KEY,
            });
        });
        it("delivers to the log group's streams (ARN with ':*') through the delivery role, after the group, role policy and bucket policy (CreateTrail checks it)", () => {
            const trail = b.one("aws:cloudtrail/trail:Trail");
            expect(trail.inputs.cloudWatchLogsGroupArn).to.equal(`${GROUP_ARN}:*`);
            expect(trail.propertyDependencies.cloudWatchLogsRoleArn).to.deep.equal([b.one("aws:iam/role:Role").urn]);
            expect(trail.options.dependsOn).to.include.members([
                b.one("aws:cloudwatch/logGroup:LogGroup").urn, b.one("aws:iam/rolePolicy:RolePolicy").urn, b.one("aws:s3/bucketPolicy:BucketPolicy").urn,
            ]);
        });
        it("selects management events, then S3 objects of <prefix>-* buckets but its own, and DynamoDB tables <prefix>-* of the region", () => {
            expect(b.one("aws:cloudtrail/trail:Trail").inputs.advancedEventSelectors).to.deep.equal([
                { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
                {
                    name: `S3 object events of ${PREFIX}-* buckets`,
                    fieldSelectors: [
                        { field: "eventCategory", equals: ["Data"] },
                        { field: "resources.type", equals: ["AWS::S3::Object"] },
                        { field: "resources.ARN", startsWiths: [`arn:aws:s3:::${PREFIX}-`], notStartsWiths: [`arn:aws:s3:::${BUCKET}/`] },
                    ],
                },
                {
                    name: `DynamoDB data events of ${PREFIX}-* tables`,
                    fieldSelectors: [
                        { field: "eventCategory", equals: ["Data"] },
                        { field: "resources.type", equals: ["AWS::DynamoDB::Table"] },
                        { field: "resources.ARN", startsWiths: [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${PREFIX}-`] },
                    ],
                },
            ]);
        });
        it("the data prefixes match the data layer's bucket and table names", () => {
            const [, s3, ddb] = trailEventSelectors({ namePrefix: PREFIX, partition: "aws", region: REGION, accountId: ACCOUNT, trailBucketName: BUCKET, dataEvents: true });
            const s3Prefix = (s3.fieldSelectors as any[])[2].startsWiths[0] as string;
            const ddbPrefix = (ddb.fieldSelectors as any[])[2].startsWiths[0] as string;
            // components/data/layer.ts: buckets `<prefix>-<purpose>-<account>`, tables `<prefix>-<table>`.
            expect(`arn:aws:s3:::${PREFIX}-product-images-${ACCOUNT}/img.png`.startsWith(s3Prefix)).to.equal(true);
            expect(`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${PREFIX}-carts`.startsWith(ddbPrefix)).to.equal(true);
            expect(`arn:aws:s3:::ecommerce-platform-dev-uploads-${ACCOUNT}/x`.startsWith(s3Prefix)).to.equal(false);
        });
        it("the bucket is SSE-KMS with the audit key, versioned, public access blocked, with a lifecycle and no access logs of its own", () => {
            expect(b.one("aws:s3/bucket:Bucket").inputs.bucket).to.equal(BUCKET);
            expect(b.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).to.deep.equal([
                { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: AUDIT_KEY }, bucketKeyEnabled: true },
            ]);
            expect(b.one("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
            expect(b.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).to.include({
                blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
            });
            const rules = b.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as any[];
            expect(rules.map((r) => r.id)).to.deep.equal(["abort-incomplete-multipart-uploads", "expire-noncurrent-versions", "intelligent-tiering", "expire-objects"]);
            expect(rules[3].expiration).to.deep.equal({ days: 2557 });
            expect(b.rec.resources.filter((r) => r.type === "aws:s3/bucketLogging:BucketLogging")).to.deep.equal([]);
        });
        it("the bucket policy denies non-TLS, then admits CloudTrail for this trail only: GetBucketAcl, PutObject under AWSLogs/<account>/ owner-full-control", () => {
            const policy = JSON.parse(b.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy as string);
            const bucketArn = `arn:aws:s3:::${BUCKET}`;
            expect(policy.Statement.map((s: any) => s.Sid)).to.deep.equal(["DenyInsecureTransport", "DenyTlsOlderThan12", "CloudTrailAclCheck", "CloudTrailWrite"]);
            expect(policy.Statement[2]).to.deep.equal({
                Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl",
                Resource: bucketArn, Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } },
            });
            expect(policy.Statement[3]).to.deep.equal({
                Sid: "CloudTrailWrite", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject",
                Resource: `${bucketArn}/AWSLogs/${ACCOUNT}/*`,
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN } },
            });
        });
        it("the log group is encrypted with the logs key and keeps the stack's retention", () => {
            expect(b.one("aws:cloudwatch/logGroup:LogGroup").inputs).to.deep.include({ name: `/aws/cloudtrail/${PREFIX}`, kmsKeyId: LOGS_KEY, retentionInDays: 365 });
        });
        it("the delivery role is assumable only by this trail of this account, carries the boundary, and may only write the group's streams", () => {
            const role = b.one("aws:iam/role:Role");
            expect(role.inputs.permissionsBoundary).to.equal(BOUNDARY);
            expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement).to.deep.equal([{
                Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": TRAIL_ARN } },
            }]);
            expect(JSON.parse(b.one("aws:iam/rolePolicy:RolePolicy").inputs.policy as string).Statement).to.deep.equal([{
                Sid: "DeliverTrailEvents", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${GROUP_ARN}:log-stream:*`,
            }]);
        });
        it("protects the trail, the bucket (retained on delete) and the log group; not the role", () => {
            for (const t of ["aws:cloudtrail/trail:Trail", "aws:s3/bucket:Bucket", "aws:cloudwatch/logGroup:LogGroup"]) expect(b.one(t).options.protect, t).to.equal(true);
            expect(b.one("aws:s3/bucket:Bucket").options.retainOnDelete).to.equal(true);
            expect(b.one("aws:iam/role:Role").options.protect).to.equal(false);
        });
    });

    describe("dev: no data events, unprotected", () => {
        it("selects management events only and protects nothing", async () => {
            const b = await build(args({ namePrefix: "ecommerce-platform-dev", logRetentionDays: 30 }));
            expect(b.one("aws:cloudtrail/trail:Trail").inputs.advancedEventSelectors).to.deep.equal([
                { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
            ]);
            expect(b.rec.resources.filter((r) => r.options.protect).map((r) => r.urn)).to.deep.equal([]);
            expect(b.one("aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays).to.equal(30);
        });
    });

    describe("validation", () => {
        const problems = (a: AuditTrailArgs) => {
            try { validateAuditTrailArgs(a); return []; } catch (e) { if (e instanceof ComponentArgsError) return e.problems; throw e; }
        };
        it("names each bad field, its value and what is allowed", () => {
            expect(problems(args())).to.deep.equal([]);
            expect(problems(args({ namePrefix: "Shop_Prod", logRetentionDays: 42, fileRetentionDays: 30, auditKeyArn: "" }))).to.deep.equal([
                "namePrefix: 'Shop_Prod' is not allowed; expected 3-40 lowercase letters, digits or '-', starting with a letter (the trail's bucket name adds '-audit-trail-<account>')",
                "auditKeyArn: '' is not allowed; required: the audit domain's KMS key ARN",
                "logRetentionDays: '42' is not allowed; expected a CloudWatch retention period: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
                "fileRetentionDays: '30' is not allowed; expected a whole number from 91 to 36500",
            ]);
        });
        it("registers nothing when an argument is wrong", async () => {
            const rec = await recordProgram(() => { try { new AuditTrail("t", args({ logRetentionDays: 42 })); } catch { /* expected */ } }, {
                project: "p", stack: "s", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT),
            });
            expect(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
        });
    });
});
