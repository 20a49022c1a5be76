import { Findings } from "../../../lib/findings";
import { ResourceRule } from "../../../lib/rule";
import { isSet, isUnknown } from "../../../lib/values";

/** CloudTrail trails are encrypted, multi-region, validated and delivered to CloudWatch Logs. */
export const cloudtrailBaseline: ResourceRule = {
    kind: "resource",
    name: "cloudtrail-baseline",
    description: "CloudTrail trails encrypt with a KMS key, cover every region, validate log files and deliver to CloudWatch Logs.",
    severity: "high",
    remediation: "On the aws.cloudtrail.Trail set kmsKeyId (a CMK whose policy admits cloudtrail.amazonaws.com), "
        + "isMultiRegionTrail: true, enableLogFileValidation: true, and cloudWatchLogsGroupArn (\"<log group ARN>:*\") "
        + "with cloudWatchLogsRoleArn.",
    enforcementLevel: "mandatory",
    types: ["aws:cloudtrail/trail:Trail"],
    check: ({ props }) => {
        const findings = new Findings();
        if (!isSet(props.kmsKeyId)) findings.add("kmsKeyId is not set: trail logs are stored with S3-managed encryption only.");
        for (const flag of ["isMultiRegionTrail", "enableLogFileValidation"] as const) {
            const v = props[flag];
            if (isUnknown(v)) { findings.defer(flag); continue; }
            if (v !== true && v !== "true") {
                findings.add(flag === "isMultiRegionTrail"
                    ? `isMultiRegionTrail is ${v ?? "unset (false)"}: activity in other regions is not recorded.`
                    : `enableLogFileValidation is ${v ?? "unset (false)"}: tampering with delivered log files cannot be detected.`);
            }
        }
        if (!isSet(props.cloudWatchLogsGroupArn)) {
            findings.add("cloudWatchLogsGroupArn is not set: trail events are not delivered to CloudWatch Logs for alarms.");
        }
        return findings.result();
    },
};
