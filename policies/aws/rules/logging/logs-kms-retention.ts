import { ResourceRule } from "../../../lib/rule";
import { isSet, isUnknown, unknownValue } from "../../../lib/values";

interface LogsKmsRetentionConfig {
    minRetentionDays: number;
}

/** CloudWatch log groups are CMK-encrypted and keep events for a bounded, sufficient time. */
export const logsKmsRetention: ResourceRule<LogsKmsRetentionConfig> = {
    kind: "resource",
    name: "logs-kms-retention",
    description: "CloudWatch log groups set kmsKeyId and a retentionInDays of at least the configured minimum (never-expire does not count).",
    severity: "medium",
    remediation: "Set kmsKeyId to a CMK whose policy admits logs.<region>.amazonaws.com, and retentionInDays to a "
        + "CloudWatch retention value at least the configured minimum (e.g. 30, 90, 365).",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minRetentionDays: { type: "integer", minimum: 1, default: 30, description: "Minimum retentionInDays." },
        },
    },
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    check: ({ props }, config) => {
        const min = config.minRetentionDays ?? 30;
        const findings: string[] = [];
        if (!isSet(props.kmsKeyId)) findings.push("kmsKeyId is not set: log events are encrypted with an AWS-owned key only.");
        const cls = props.logGroupClass;
        // DELIVERY-class groups have a fixed 2-day retention that cannot be changed.
        if (cls === "DELIVERY") return findings;
        const days = props.retentionInDays;
        if (isUnknown(days)) {
            if (!findings.length) unknownValue("retentionInDays");
            return findings;
        }
        let problem: string | undefined;
        if (days === undefined || days === null || Number(days) === 0) {
            problem = `retentionInDays is ${days === undefined || days === null ? "unset" : "0"}, so events never expire: `
                + `set a retention of at least ${min} days.`;
        } else if (Number(days) < min) {
            problem = `retentionInDays is ${days}, below the minimum of ${min} days.`;
        }
        if (problem && isUnknown(cls)) {
            // Only a DELIVERY class (fixed retention) could excuse the retention.
            if (!findings.length) unknownValue("logGroupClass");
            return findings;
        }
        if (problem) findings.push(problem);
        return findings;
    },
};
