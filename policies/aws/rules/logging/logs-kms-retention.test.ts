import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { logsKmsRetention } from "./logs-kms-retention";

const LG = "aws:cloudwatch/logGroup:LogGroup";
const KEY = "arn:aws:kms:eu-west-1:1:key/k";

describe("aws rule logs-kms-retention", () => {
    it("passes the platform's flow-log group (CMK, 365 days) and a computed key ARN", () => {
        const run = runRule(logsKmsRetention, [
            { type: LG, name: "flow", inputs: { kmsKeyId: KEY, retentionInDays: 365 } },
            { type: LG, name: "computed", inputs: { kmsKeyId: UNKNOWN, retentionInDays: 30 } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports a group without key and retention, as advisory, asking to set retention", () => {
        const run = runRule(logsKmsRetention, [{ type: LG, name: "g", inputs: {} }]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "logs-kms-retention", enforcementLevel: "advisory", urn: `urn:pulumi:test::fixture::${LG}::g` });
        expect(run.messages).to.deep.equal([
            "kmsKeyId is not set: log events are encrypted with an AWS-owned key only.",
            "retentionInDays is unset, so events never expire: set a retention of at least 30 days.",
        ]);
    });
    it("reports never-expire (0) and short retention", () => {
        const run = runRule(logsKmsRetention, [
            { type: LG, name: "zero", inputs: { kmsKeyId: KEY, retentionInDays: 0 } },
            { type: LG, name: "short", inputs: { kmsKeyId: KEY, retentionInDays: 7 } },
        ]);
        expect(run.messages).to.deep.equal([
            "retentionInDays is 0, so events never expire: set a retention of at least 30 days.",
            "retentionInDays is 7, below the minimum of 30 days.",
        ]);
    });
    it("follows the minRetentionDays config", () => {
        const run = runRule(logsKmsRetention, [{ type: LG, inputs: { kmsKeyId: KEY, retentionInDays: 90 } }], { config: { "logs-kms-retention": { minRetentionDays: 365 } } });
        expect(run.messages).to.deep.equal(["retentionInDays is 90, below the minimum of 365 days."]);
    });
    it("does not check retention of DELIVERY-class groups (fixed at 2 days)", () => {
        const run = runRule(logsKmsRetention, [{ type: LG, inputs: { kmsKeyId: KEY, logGroupClass: "DELIVERY" } }]);
        expect(run.violations).to.have.length(0);
    });
    it("defers an unknown retention", () => {
        const run = runRule(logsKmsRetention, [{ type: LG, inputs: { kmsKeyId: KEY, retentionInDays: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/retentionInDays/);
    });
    it("needs the log group class only when the retention fails", () => {
        const ok = runRule(logsKmsRetention, [{ type: LG, inputs: { kmsKeyId: KEY, retentionInDays: 90, logGroupClass: UNKNOWN } }]);
        expect(ok.violations).to.have.length(0);
        expect(ok.unknowns).to.have.length(0);
        const short = runRule(logsKmsRetention, [{ type: LG, inputs: { kmsKeyId: KEY, logGroupClass: UNKNOWN } }]);
        expect(short.violations).to.have.length(0);
        expect(short.unknowns).to.have.length(1);
        expect(short.unknowns[0].message).to.match(/logGroupClass/);
    });
    it("is not applicable to other types", () => {
        expect(runRule(logsKmsRetention, [{ type: "aws:cloudwatch/logStream:LogStream" }]).notApplicable).to.equal(1);
    });
});
