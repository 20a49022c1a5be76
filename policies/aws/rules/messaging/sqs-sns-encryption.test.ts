import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { sqsSnsEncryption } from "./sqs-sns-encryption";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const QUEUE = "aws:sqs/queue:Queue";
const TOPIC = "aws:sns/topic:Topic";

describe("aws rule sqs-sns-encryption", () => {
    it("passes a queue and a topic with customer-managed keys", () => {
        const run = runRule(sqsSnsEncryption, [{ type: QUEUE, name: "q", inputs: { kmsMasterKeyId: KEY } }, { type: TOPIC, name: "t", inputs: { kmsMasterKeyId: KEY } }]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(2);
    });
    it("reports an unencrypted topic, as mandatory", () => {
        const run = runRule(sqsSnsEncryption, [{ type: TOPIC, name: "orders", inputs: {} }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "sqs-sns-encryption", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${TOPIC}::orders` });
        expect(run.messages[0]).to.equal("SNS topic must set kmsMasterKeyId to a customer-managed KMS key (messages are not KMS-encrypted).");
    });
    it("does not accept SQS-managed SSE as a customer-managed key", () => {
        const run = runRule(sqsSnsEncryption, [{ type: QUEUE, inputs: { sqsManagedSseEnabled: true } }]);
        expect(run.messages).to.have.length(1);
        expect(run.messages[0]).to.match(/SQS-managed encryption \(sqsManagedSseEnabled\) only/);
    });
    it("rejects AWS-managed keys by default and accepts them when configured", () => {
        let run = runRule(sqsSnsEncryption, [{ type: QUEUE, inputs: { kmsMasterKeyId: "alias/aws/sqs" } }]);
        expect(run.messages[0]).to.match(/'alias\/aws\/sqs' is an AWS-managed key/);
        run = runRule(sqsSnsEncryption, [{ type: QUEUE, inputs: { kmsMasterKeyId: "alias/aws/sqs" } }], { config: { "sqs-sns-encryption": { allowAwsManagedKeys: true } } });
        expect(run.violations).to.have.length(0);
    });
    it("counts an unknown key (a computed ARN) as set", () => {
        const run = runRule(sqsSnsEncryption, [{ type: QUEUE, inputs: { kmsMasterKeyId: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("is not applicable to other types", () => {
        expect(runRule(sqsSnsEncryption, [{ type: "aws:sqs/queuePolicy:QueuePolicy" }]).notApplicable).to.equal(1);
    });
});
