import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { dynamodbCmk } from "./dynamodb-cmk";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TABLE = "aws:dynamodb/table:Table";

describe("aws rule dynamodb-cmk", () => {
    it("passes a table encrypted with a customer-managed key", () => {
        const run = runRule(dynamodbCmk, [{ type: TABLE, inputs: { serverSideEncryption: { enabled: true, kmsKeyArn: KEY } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(1);
    });
    it("reports a table on the default AWS-owned key, as advisory", () => {
        const run = runRule(dynamodbCmk, [{ type: TABLE, name: "carts", inputs: {} }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "dynamodb-cmk", enforcementLevel: "advisory", urn: `urn:pulumi:test::fixture::${TABLE}::carts` });
        expect(run.messages[0]).to.match(/no serverSideEncryption block/);
    });
    it("reports encryption without a key ARN, and disabled encryption", () => {
        expect(runRule(dynamodbCmk, [{ type: TABLE, inputs: { serverSideEncryption: { enabled: true } } }]).messages[0]).to.match(/sets no kmsKeyArn/);
        expect(runRule(dynamodbCmk, [{ type: TABLE, inputs: { serverSideEncryption: { enabled: false, kmsKeyArn: KEY } } }]).messages[0]).to.match(/enabled is false/);
    });
    it("reports a replica without its own key", () => {
        const run = runRule(dynamodbCmk, [{ type: TABLE, inputs: { serverSideEncryption: { enabled: true, kmsKeyArn: KEY }, replicas: [{ regionName: "eu-central-1" }] } }]);
        expect(run.messages).to.deep.equal(["DynamoDB table replica in 'eu-central-1' sets no kmsKeyArn; set a customer-managed key of that region."]);
    });
    it("counts an unknown key ARN as set and defers an unknown enabled flag", () => {
        expect(runRule(dynamodbCmk, [{ type: TABLE, inputs: { serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN } } }]).violations).to.have.length(0);
        const run = runRule(dynamodbCmk, [{ type: TABLE, inputs: { serverSideEncryption: { enabled: UNKNOWN, kmsKeyArn: KEY } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/serverSideEncryption\.enabled/);
    });
    it("is not applicable to other types", () => {
        expect(runRule(dynamodbCmk, [{ type: "aws:sqs/queue:Queue" }]).notApplicable).to.equal(1);
    });
});
