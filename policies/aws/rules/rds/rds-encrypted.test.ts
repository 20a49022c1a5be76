import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { rdsEncrypted } from "./rds-encrypted";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER = "aws:rds/cluster:Cluster";

describe("aws rule rds-encrypted", () => {
    it("passes an encrypted instance and cluster with CMKs, including Performance Insights", () => {
        const run = runRule(rdsEncrypted, [
            { type: INSTANCE, name: "db", inputs: { storageEncrypted: true, kmsKeyId: KEY, performanceInsightsEnabled: true, performanceInsightsKmsKeyId: KEY } },
            { type: CLUSTER, name: "aurora", inputs: { engine: "aurora-postgresql", storageEncrypted: true, kmsKeyId: KEY } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(2);
    });
    it("reports unencrypted storage and a missing key, as mandatory", () => {
        const run = runRule(rdsEncrypted, [{ type: INSTANCE, name: "db", inputs: { storageEncrypted: false } }]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "rds-encrypted", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${INSTANCE}::db` });
        expect(run.messages[0]).to.match(/storageEncrypted is false/);
        expect(run.messages[1]).to.match(/kmsKeyId/);
    });
    it("reports the AWS-managed aws/rds key", () => {
        const run = runRule(rdsEncrypted, [{ type: CLUSTER, inputs: { storageEncrypted: true, kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:alias/aws/rds" } }]);
        expect(run.messages).to.have.length(1);
        expect(run.messages[0]).to.match(/RDS cluster kmsKeyId .*AWS-managed/);
    });
    it("reports Performance Insights without its own key", () => {
        const run = runRule(rdsEncrypted, [{ type: INSTANCE, inputs: { storageEncrypted: true, kmsKeyId: KEY, performanceInsightsEnabled: true } }]);
        expect(run.messages).to.deep.equal(["RDS instance enables Performance Insights without performanceInsightsKmsKeyId: set it to a customer-managed KMS key."]);
    });
    it("exempts a read replica's storage settings (inherited from the source)", () => {
        const run = runRule(rdsEncrypted, [{ type: INSTANCE, inputs: { replicateSourceDb: "db-primary" } }]);
        expect(run.violations).to.have.length(0);
    });
    it("counts unknown key ARNs as set", () => {
        const run = runRule(rdsEncrypted, [{ type: INSTANCE, inputs: { storageEncrypted: true, kmsKeyId: UNKNOWN, performanceInsightsEnabled: true, performanceInsightsKmsKeyId: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("defers an unknown encryption flag, but still reports other parts", () => {
        let run = runRule(rdsEncrypted, [{ type: INSTANCE, inputs: { storageEncrypted: UNKNOWN, kmsKeyId: KEY } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/storageEncrypted/);
        run = runRule(rdsEncrypted, [{ type: INSTANCE, inputs: { storageEncrypted: UNKNOWN } }]);
        expect(run.messages).to.have.length(1);
        expect(run.messages[0]).to.match(/kmsKeyId/);
    });
    it("is not applicable to cluster instances and other types", () => {
        const run = runRule(rdsEncrypted, [{ type: "aws:rds/clusterInstance:ClusterInstance" }]);
        expect(run.notApplicable).to.equal(1);
    });
});
