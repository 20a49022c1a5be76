import { Findings } from "../../../lib/findings";
import { isAwsManagedKeyAlias } from "../../../lib/kms";
import { CheckResult, ResourceRule } from "../../../lib/rule";
import { isSet, isUnknown, knownBool } from "../../../lib/values";

/** RDS instances and clusters encrypt storage and Performance Insights with customer-managed KMS keys. */
export const rdsEncrypted: ResourceRule = {
    kind: "resource",
    name: "rds-encrypted",
    description: "RDS instances and clusters encrypt storage (storageEncrypted with a customer-managed kmsKeyId) and, when Performance Insights is on, its data with a customer-managed key.",
    severity: "high",
    remediation: "Set storageEncrypted: true and kmsKeyId: <customer-managed key ARN> on the aws.rds.Instance/aws.rds.Cluster "
        + "(encryption cannot be turned on in place: restore an encrypted snapshot copy), and performanceInsightsKmsKeyId when "
        + "performanceInsightsEnabled is true. Read replicas inherit the source's encryption.",
    enforcementLevel: "mandatory",
    types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"],
    check: ({ type, props }) => {
        const kind = type === "aws:rds/cluster:Cluster" ? "RDS cluster" : "RDS instance";
        const findings = new Findings();
        // A read replica's storage encryption and key come from its source (checked on the source).
        const replica = type === "aws:rds/instance:Instance" && isSet(props.replicateSourceDb);
        if (!replica) {
            findings.check((): CheckResult => {
                if (knownBool(props.storageEncrypted, "storageEncrypted") !== true) {
                    return `${kind} must encrypt its storage: storageEncrypted is ${props.storageEncrypted ?? "unset"}, set it to true.`;
                }
            });
            findings.check((): CheckResult => {
                if (!isSet(props.kmsKeyId)) return `${kind} must set kmsKeyId to a customer-managed KMS key (the default aws/rds key is AWS-managed).`;
                if (!isUnknown(props.kmsKeyId) && isAwsManagedKeyAlias(props.kmsKeyId)) {
                    return `${kind} kmsKeyId '${props.kmsKeyId}' is the AWS-managed key; use a customer-managed key.`;
                }
            });
        }
        findings.check((): CheckResult => {
            // Only decide on the Performance Insights flag when its key is missing.
            if (isSet(props.performanceInsightsKmsKeyId)) {
                if (!isUnknown(props.performanceInsightsKmsKeyId) && isAwsManagedKeyAlias(props.performanceInsightsKmsKeyId)) {
                    return `${kind} performanceInsightsKmsKeyId '${props.performanceInsightsKmsKeyId}' is the AWS-managed key; use a customer-managed key.`;
                }
                return;
            }
            if (knownBool(props.performanceInsightsEnabled, "performanceInsightsEnabled") === true) {
                return `${kind} enables Performance Insights without performanceInsightsKmsKeyId: set it to a customer-managed KMS key.`;
            }
        });
        return findings.result();
    },
};
