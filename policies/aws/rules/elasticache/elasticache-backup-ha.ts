import { Findings } from "../../../lib/findings";
import { CheckResult, ResourceRule } from "../../../lib/rule";
import { inProtectedStack, PROTECTED_STACKS_PROPERTY } from "../../../lib/stacks";
import { known, knownBool } from "../../../lib/values";

interface ElasticacheBackupHaConfig {
    minSnapshotRetentionDays: number;
    protectedStacks: string[];
}

/** ElastiCache replication groups keep snapshots, and production groups fail over across zones. */
export const elasticacheBackupHa: ResourceRule<ElasticacheBackupHaConfig> = {
    kind: "resource",
    name: "elasticache-backup-ha",
    description: "ElastiCache replication groups keep automatic snapshots (snapshotRetentionLimit at least the configured days, default 1), and in protected stacks have automatic failover and Multi-AZ enabled.",
    severity: "medium",
    remediation: "Set snapshotRetentionLimit >= minSnapshotRetentionDays (default 1) and a snapshotWindow on the "
        + "aws.elasticache.ReplicationGroup; in protected stacks (default: prod) set automaticFailoverEnabled: true and "
        + "multiAzEnabled: true with at least one replica (numCacheClusters >= 2).",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minSnapshotRetentionDays: { type: "integer", minimum: 1, default: 1, description: "Minimum snapshotRetentionLimit in days." },
            protectedStacks: PROTECTED_STACKS_PROPERTY,
        },
    },
    types: ["aws:elasticache/replicationGroup:ReplicationGroup"],
    check: ({ urn, props }, config) => {
        const minDays = Number(config.minSnapshotRetentionDays ?? 1);
        const findings = new Findings();
        findings.check((): CheckResult => {
            const days = known(props.snapshotRetentionLimit, "snapshotRetentionLimit");
            if (days === undefined || days === null || Number(days) < minDays) {
                return `ElastiCache replication group snapshotRetentionLimit is ${days ?? "unset (no snapshots)"}; at least ${minDays} day(s) required.`;
            }
        });
        if (inProtectedStack(urn, config.protectedStacks)) {
            findings.check((): CheckResult => {
                if (knownBool(props.automaticFailoverEnabled, "automaticFailoverEnabled") !== true) {
                    return `ElastiCache replication group in a protected stack must set automaticFailoverEnabled: true (it is ${props.automaticFailoverEnabled ?? "unset"}).`;
                }
            });
            findings.check((): CheckResult => {
                if (knownBool(props.multiAzEnabled, "multiAzEnabled") !== true) {
                    return `ElastiCache replication group in a protected stack must set multiAzEnabled: true (it is ${props.multiAzEnabled ?? "unset"}).`;
                }
            });
        }
        return findings.result();
    },
};
