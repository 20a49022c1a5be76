import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { s3SseKms } from "./s3-sse-kms";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const bucket: FixtureResource = { type: "aws:s3/bucket:Bucket", name: "data", inputs: {} };
const sse = (byDefault: Record<string, unknown>, extra: Partial<FixtureResource> = {}): FixtureResource => ({
    type: SSE, name: "data-sse", inputs: { bucket: "data", rules: [{ applyServerSideEncryptionByDefault: byDefault }] },
    propertyDependencies: { bucket: ["data"] }, ...extra,
});

describe("aws rule s3-sse-kms", () => {
    it("passes a bucket with SSE-KMS and a customer-managed key (linked by propertyDependencies)", () => {
        const run = runRule(s3SseKms, [bucket, sse({ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
        expect(run.checks).to.equal(1);
    });
    it("links through the V2 alias and the bucket's name input", () => {
        const run = runRule(s3SseKms, [
            { type: "aws:s3/bucketV2:BucketV2", name: "b", inputs: { bucket: "acme-data" } },
            { type: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", name: "b-sse",
                inputs: { bucket: "acme-data", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } }] } },
        ]);
        expect(run.violations).to.have.length(0);
    });
    it("reports a bucket without any encryption configuration, as mandatory, on the bucket", () => {
        const run = runRule(s3SseKms, [bucket]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "s3-sse-kms", enforcementLevel: "mandatory", urn: "urn:pulumi:test::fixture::aws:s3/bucket:Bucket::data" });
        expect(run.messages[0]).to.match(/'data' has no default encryption configuration/);
    });
    it("does not count a configuration for another bucket", () => {
        const run = runRule(s3SseKms, [bucket, { type: "aws:s3/bucket:Bucket", name: "other" },
            sse({ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, { propertyDependencies: { bucket: ["other"] } })]);
        expect(run.violations).to.have.length(1);
        expect(run.messages[0]).to.match(/'data' has no default encryption/);
    });
    it("links by value when the bucket name came from another resource (e.g. a random suffix)", () => {
        const run = runRule(s3SseKms, [{ type: "random:index/randomString:RandomString", name: "suffix" },
            { type: "aws:s3/bucket:Bucket", name: "data", inputs: { bucket: "acme-data-x1y2" }, propertyDependencies: { bucket: ["suffix"] } },
            sse({ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, { inputs: { bucket: "acme-data-x1y2", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } }] }, propertyDependencies: { bucket: ["suffix"] } })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports SSE-S3 (AES256)", () => {
        const run = runRule(s3SseKms, [bucket, sse({ sseAlgorithm: "AES256" })]);
        expect(run.violations).to.have.length(1);
        expect(run.messages[0]).to.match(/sseAlgorithm 'AES256'/);
    });
    it("reports SSE-KMS without a customer-managed key, and the aws/s3 alias", () => {
        let run = runRule(s3SseKms, [bucket, sse({ sseAlgorithm: "aws:kms" })]);
        expect(run.messages).to.have.length(1);
        expect(run.messages[0]).to.match(/no kmsMasterKeyId/);
        run = runRule(s3SseKms, [bucket, sse({ sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" })]);
        expect(run.messages).to.have.length(1);
        expect(run.messages[0]).to.match(/AWS-managed key 'alias\/aws\/s3'/);
    });
    it("accepts the AWS-managed key when requireCustomerManagedKey is false", () => {
        const run = runRule(s3SseKms, [bucket, sse({ sseAlgorithm: "aws:kms" })], { config: { "s3-sse-kms": { requireCustomerManagedKey: false } } });
        expect(run.violations).to.have.length(0);
        const aes = runRule(s3SseKms, [bucket, sse({ sseAlgorithm: "AES256" })], { config: { "s3-sse-kms": { requireCustomerManagedKey: false } } });
        expect(aes.violations).to.have.length(1);
    });
    it("accepts the deprecated inline configuration of the bucket", () => {
        const run = runRule(s3SseKms, [{ type: "aws:s3/bucket:Bucket", name: "data", inputs: {
            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } } } } }]);
        expect(run.violations).to.have.length(0);
    });
    it("counts an unknown key ARN as set", () => {
        const run = runRule(s3SseKms, [bucket, sse({ sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("defers an unknown algorithm or an unlinkable configuration to the update", () => {
        let run = runRule(s3SseKms, [bucket, sse({ sseAlgorithm: UNKNOWN, kmsMasterKeyId: KEY })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/sseAlgorithm/);
        run = runRule(s3SseKms, [bucket, sse({ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, { inputs: { bucket: UNKNOWN, rules: [] }, propertyDependencies: {} })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
    });
    it("still reports definite violations when another bucket's check is deferred", () => {
        const run = runRule(s3SseKms, [bucket, sse({ sseAlgorithm: UNKNOWN }),
            { type: "aws:s3/bucket:Bucket", name: "plain" }]);
        expect(run.violations).to.have.length(1);
        expect(run.messages[0]).to.match(/'plain'/);
    });
    it("is not applicable without buckets", () => {
        const run = runRule(s3SseKms, [{ type: "aws:kms/key:Key" }]);
        expect(run.notApplicable).to.equal(1);
        expect(run.violations).to.have.length(0);
    });
});
