import { Findings } from "../../../lib/findings";
import { CheckResult, ResourceRule } from "../../../lib/rule";
import { inProtectedStack, PROTECTED_STACKS_PROPERTY } from "../../../lib/stacks";
import { asArray, known, knownBool } from "../../../lib/values";

interface DynamodbPitrDeletionConfig {
    protectedStacks: string[];
}

/** DynamoDB tables can be restored to a point in time, and production tables cannot be deleted by accident. */
export const dynamodbPitrDeletion: ResourceRule<DynamodbPitrDeletionConfig> = {
    kind: "resource",
    name: "dynamodb-pitr-deletion",
    description: "DynamoDB tables have point-in-time recovery enabled, and deletion protection in protected stacks.",
    severity: "high",
    remediation: "Set pointInTimeRecovery: { enabled: true } on the aws.dynamodb.Table (and pointInTimeRecovery: true on each replica), "
        + "and deletionProtectionEnabled: true in protected stacks (default: prod).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { protectedStacks: PROTECTED_STACKS_PROPERTY } },
    types: ["aws:dynamodb/table:Table"],
    check: ({ urn, props }, config) => {
        const findings = new Findings();
        findings.check((): CheckResult => {
            const pitr = known(props.pointInTimeRecovery, "pointInTimeRecovery");
            if (knownBool(pitr?.enabled, "pointInTimeRecovery.enabled") !== true) {
                return `DynamoDB table must enable point-in-time recovery: pointInTimeRecovery.enabled is ${pitr?.enabled ?? "unset"}.`;
            }
        });
        findings.check(() => asArray<any>(known(props.replicas, "replicas")).flatMap((r, i) =>
            knownBool(known(r, `replicas.${i}`)?.pointInTimeRecovery, `replicas.${i}.pointInTimeRecovery`) === true ? []
                : [`DynamoDB table replica ${typeof r?.regionName === "string" ? `'${r.regionName}'` : `replicas[${i}]`} must set pointInTimeRecovery: true.`]));
        if (inProtectedStack(urn, config.protectedStacks)) {
            findings.check((): CheckResult => {
                if (knownBool(props.deletionProtectionEnabled, "deletionProtectionEnabled") !== true) {
                    return `DynamoDB table in a protected stack must set deletionProtectionEnabled: true (it is ${props.deletionProtectionEnabled ?? "unset"}).`;
                }
            });
        }
        return findings.result();
    },
};
