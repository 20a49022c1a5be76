import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { rdsBackupDeletion } from "./rds-backup-deletion";

const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER = "aws:rds/cluster:Cluster";

describe("aws rule rds-backup-deletion", () => {
    it("passes 7 days of backups in dev without deletion protection, and with it in prod", () => {
        expect(runRule(rdsBackupDeletion, [{ type: INSTANCE, stack: "dev", inputs: { backupRetentionPeriod: 7 } }]).violations).to.have.length(0);
        expect(runRule(rdsBackupDeletion, [{ type: CLUSTER, stack: "prod", inputs: { backupRetentionPeriod: 14, deletionProtection: true } }]).violations).to.have.length(0);
    });
    it("reports short or missing backup retention, as mandatory", () => {
        let run = runRule(rdsBackupDeletion, [{ type: INSTANCE, name: "db", inputs: { backupRetentionPeriod: 1 } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "rds-backup-deletion", enforcementLevel: "mandatory" });
        expect(run.messages[0]).to.equal("RDS instance backupRetentionPeriod is 1 days; at least 7 are required.");
        run = runRule(rdsBackupDeletion, [{ type: CLUSTER, inputs: {} }]);
        expect(run.messages[0]).to.match(/RDS cluster must set backupRetentionPeriod to at least 7/);
    });
    it("requires deletion protection in prod only", () => {
        const run = runRule(rdsBackupDeletion, [{ type: CLUSTER, stack: "prod", inputs: { backupRetentionPeriod: 7 } }]);
        expect(run.messages).to.deep.equal(["RDS cluster in a protected stack must set deletionProtection: true (it is unset)."]);
    });
    it("honours minBackupDays and protectedStacks config", () => {
        const config = { "rds-backup-deletion": { minBackupDays: 14, protectedStacks: ["staging"] } };
        let run = runRule(rdsBackupDeletion, [{ type: INSTANCE, stack: "staging", inputs: { backupRetentionPeriod: 7 } }], { config });
        expect(run.messages).to.have.length(2);
        expect(run.messages[0]).to.match(/at least 14/);
        run = runRule(rdsBackupDeletion, [{ type: INSTANCE, stack: "prod", inputs: { backupRetentionPeriod: 14 } }], { config });
        expect(run.violations).to.have.length(0);
    });
    it("exempts read replicas from the backup requirement", () => {
        const run = runRule(rdsBackupDeletion, [{ type: INSTANCE, inputs: { replicateSourceDb: "primary" } }]);
        expect(run.violations).to.have.length(0);
    });
    it("defers unknown retention and deletion protection", () => {
        const run = runRule(rdsBackupDeletion, [{ type: INSTANCE, stack: "prod", inputs: { backupRetentionPeriod: UNKNOWN, deletionProtection: true } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/backupRetentionPeriod/);
    });
});
