import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { resourcePolicyTlsOnly } from "./resource-policy-tls-only";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const QUEUE = "aws:sqs/queue:Queue";
const TOPIC = "aws:sns/topic:Topic";
const denyInsecure = (action: string, extra: object[] = []) => JSON.stringify({
    Version: "2012-10-17",
    Statement: [...extra, {
        Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: action, Resource: "*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    }],
});

describe("aws rule resource-policy-tls-only (stack)", () => {
    it("passes a bucket, queue and topic whose policies deny insecure transport", () => {
        const run = runRule(resourcePolicyTlsOnly, [
            { type: BUCKET, name: "data", inputs: {} },
            { type: "aws:s3/bucketPolicy:BucketPolicy", name: "data-policy", inputs: { bucket: UNKNOWN, policy: denyInsecure("s3:*") }, propertyDependencies: { bucket: ["data"] } },
            { type: QUEUE, name: "jobs", inputs: { policy: denyInsecure("sqs:*") } },
            { type: TOPIC, name: "events", inputs: {} },
            { type: "aws:sns/topicPolicy:TopicPolicy", name: "events-policy", inputs: { arn: UNKNOWN, policy: denyInsecure("*") }, propertyDependencies: { arn: ["events"] } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("links a bucket policy by literal bucket name and a queue policy by dependency", () => {
        const run = runRule(resourcePolicyTlsOnly, [
            { type: BUCKET_V2, name: "logs", inputs: { bucket: "acme-logs" } },
            { type: "aws:s3/bucketPolicy:BucketPolicy", name: "p", inputs: { bucket: "acme-logs", policy: denyInsecure("s3:*") } },
            { type: QUEUE, name: "q", inputs: {} },
            { type: "aws:sqs/queuePolicy:QueuePolicy", name: "qp", inputs: { queueUrl: UNKNOWN, policy: JSON.parse(denyInsecure("sqs:*")) }, propertyDependencies: { queueUrl: ["q"] } },
        ]);
        expect(run.violations).to.have.length(0);
    });
    it("reports a bucket without any policy, as mandatory", () => {
        const run = runRule(resourcePolicyTlsOnly, [{ type: BUCKET, name: "data", inputs: {} }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "resource-policy-tls-only", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${BUCKET}::data` });
        expect(run.messages[0]).to.equal("S3 bucket 'data' has no resource policy denying non-TLS requests (aws:SecureTransport 'false').");
    });
    it("reports a policy whose deny is partial or missing", () => {
        const allowOnly = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sqs:*", Resource: "*" }] });
        const run = runRule(resourcePolicyTlsOnly, [
            { type: QUEUE, name: "q", inputs: { policy: allowOnly } },
            { type: TOPIC, name: "t", inputs: { policy: denyInsecure("sns:Subscribe") } },
            { type: TOPIC, name: "ok", inputs: { policy: denyInsecure("SNS:Publish") } },
        ]);
        expect(run.messages).to.deep.equal([
            "SQS queue 'q' policy has no Deny of sqs:* for Principal '*' with Condition Bool aws:SecureTransport 'false'.",
            "SNS topic 't' policy has no Deny of sns:Publish for Principal '*' with Condition Bool aws:SecureTransport 'false'.",
        ]);
    });
    it("does not credit a policy attached to another bucket", () => {
        const run = runRule(resourcePolicyTlsOnly, [
            { type: BUCKET, name: "a", inputs: {} }, { type: BUCKET, name: "b", inputs: {} },
            { type: "aws:s3/bucketPolicy:BucketPolicy", name: "p", inputs: { bucket: UNKNOWN, policy: denyInsecure("s3:*") }, propertyDependencies: { bucket: ["b"] } },
        ]);
        expect(run.violations.map((v) => v.urn)).to.deep.equal([`urn:pulumi:test::fixture::${BUCKET}::a`]);
    });
    it("defers an unknown policy document to the update", () => {
        const run = runRule(resourcePolicyTlsOnly, [
            { type: BUCKET, name: "data", inputs: {} },
            { type: "aws:s3/bucketPolicy:BucketPolicy", name: "p", inputs: { bucket: UNKNOWN, policy: UNKNOWN }, propertyDependencies: { bucket: ["data"] } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/data\.policy/);
    });
    it("is not applicable without buckets, queues or topics", () => {
        const run = runRule(resourcePolicyTlsOnly, [{ type: "aws:kms/key:Key" }]);
        expect(run.notApplicable).to.equal(1);
    });
});
