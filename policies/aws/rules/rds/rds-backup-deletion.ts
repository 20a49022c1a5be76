import { Findings } from "../../../lib/findings";
import { CheckResult, ResourceRule } from "../../../lib/rule";
import { inProtectedStack, PROTECTED_STACKS_PROPERTY } from "../../../lib/stacks";
import { isSet, known, knownBool } from "../../../lib/values";

interface RdsBackupDeletionConfig {
    minBackupDays: number;
    protectedStacks: string[];
}

/** RDS keeps automated backups long enough, and production databases cannot be deleted by accident. */
export const rdsBackupDeletion: ResourceRule<RdsBackupDeletionConfig> = {
    kind: "resource",
    name: "rds-backup-deletion",
    description: "RDS instances and clusters keep automated backups for at least the configured days (default 7) and have deletion protection in protected stacks.",
    severity: "high",
    remediation: "Set backupRetentionPeriod to at least minBackupDays (default 7) on the aws.rds.Instance/aws.rds.Cluster, "
        + "and deletionProtection: true in protected stacks (default: prod). Read replicas are exempt from the backup "
        + "requirement (the source's backups apply).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            minBackupDays: { type: "integer", minimum: 1, maximum: 35, default: 7, description: "Minimum backupRetentionPeriod in days." },
            protectedStacks: PROTECTED_STACKS_PROPERTY,
        },
    },
    types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"],
    check: ({ type, urn, props }, config) => {
        const kind = type === "aws:rds/cluster:Cluster" ? "RDS cluster" : "RDS instance";
        const minDays = Number(config.minBackupDays ?? 7);
        const findings = new Findings();
        const replica = type === "aws:rds/instance:Instance" && isSet(props.replicateSourceDb);
        if (!replica) {
            findings.check((): CheckResult => {
                const days = known(props.backupRetentionPeriod, "backupRetentionPeriod");
                if (days === undefined || days === null) {
                    return `${kind} must set backupRetentionPeriod to at least ${minDays} days (unset: the AWS default is 1 day).`;
                }
                if (Number(days) < minDays) return `${kind} backupRetentionPeriod is ${days} days; at least ${minDays} are required.`;
            });
        }
        if (inProtectedStack(urn, config.protectedStacks)) {
            findings.check((): CheckResult => {
                if (knownBool(props.deletionProtection, "deletionProtection") !== true) {
                    return `${kind} in a protected stack must set deletionProtection: true (it is ${props.deletionProtection ?? "unset"}).`;
                }
            });
        }
        return findings.result();
    },
};
