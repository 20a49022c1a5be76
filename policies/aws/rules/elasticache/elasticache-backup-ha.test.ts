import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { elasticacheBackupHa } from "./elasticache-backup-ha";

const RG = "aws:elasticache/replicationGroup:ReplicationGroup";

describe("aws rule elasticache-backup-ha", () => {
    it("passes snapshots in dev, and snapshots with failover and Multi-AZ in prod", () => {
        expect(runRule(elasticacheBackupHa, [{ type: RG, stack: "dev", inputs: { snapshotRetentionLimit: 1 } }]).violations).to.have.length(0);
        expect(runRule(elasticacheBackupHa, [{ type: RG, stack: "prod", inputs: { snapshotRetentionLimit: 7, automaticFailoverEnabled: true, multiAzEnabled: true } }]).violations).to.have.length(0);
    });
    it("reports missing snapshots, as advisory", () => {
        const run = runRule(elasticacheBackupHa, [{ type: RG, inputs: { snapshotRetentionLimit: 0 } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "elasticache-backup-ha", enforcementLevel: "advisory" });
        expect(run.messages[0]).to.equal("ElastiCache replication group snapshotRetentionLimit is 0; at least 1 day(s) required.");
    });
    it("requires failover and Multi-AZ in prod", () => {
        const run = runRule(elasticacheBackupHa, [{ type: RG, stack: "prod", inputs: { snapshotRetentionLimit: 1, automaticFailoverEnabled: false } }]);
        expect(run.messages).to.have.length(2);
        expect(run.messages[0]).to.match(/automaticFailoverEnabled: true \(it is false\)/);
        expect(run.messages[1]).to.match(/multiAzEnabled: true \(it is unset\)/);
    });
    it("honours minSnapshotRetentionDays and protectedStacks config", () => {
        const run = runRule(elasticacheBackupHa, [{ type: RG, stack: "staging", inputs: { snapshotRetentionLimit: 1 } }],
            { config: { "elasticache-backup-ha": { minSnapshotRetentionDays: 3, protectedStacks: ["staging"] } } });
        expect(run.messages).to.have.length(3);
        expect(run.messages[0]).to.match(/at least 3 day/);
    });
    it("defers an unknown retention", () => {
        const run = runRule(elasticacheBackupHa, [{ type: RG, inputs: { snapshotRetentionLimit: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
    });
});
