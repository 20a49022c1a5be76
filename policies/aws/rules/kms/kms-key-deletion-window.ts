import { ResourceRule } from "../../../lib/rule";
import { inProtectedStack, stackOfUrn } from "../../../lib/stacks";
import { isUnknown, unknownValue } from "../../../lib/values";

interface KmsKeyDeletionWindowConfig {
    minDays: number;
    protectedMinDays: number;
    protectedStacks: string[];
}

/** AWS's default (and maximum) waiting period before a scheduled key deletion. */
const AWS_DEFAULT_WINDOW = 30;

/** Scheduled key deletion waits long enough to be noticed and cancelled. */
export const kmsKeyDeletionWindow: ResourceRule<KmsKeyDeletionWindowConfig> = {
    kind: "resource",
    name: "kms-key-deletion-window",
    description: "KMS keys have a deletionWindowInDays of at least the configured minimum (30 days in protected stacks, 7 elsewhere).",
    severity: "medium",
    remediation: "Set deletionWindowInDays to 30 (AWS's default when unset) in production stacks, or at least the "
        + "configured minimum elsewhere: deleting a key destroys every piece of data it encrypts.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minDays: { type: "integer", minimum: 7, maximum: 30, default: 7, description: "Minimum window outside protected stacks." },
            protectedMinDays: { type: "integer", minimum: 7, maximum: 30, default: 30, description: "Minimum window in protected stacks." },
            protectedStacks: { type: "array", items: { type: "string" }, default: ["prod"], description: "Stacks holding production data." },
        },
    },
    types: [
        "aws:kms/key:Key",
        "aws:kms/replicaKey:ReplicaKey",
        "aws:kms/externalKey:ExternalKey",
        "aws:kms/replicaExternalKey:ReplicaExternalKey",
    ],
    check: ({ urn, props }, config) => {
        const stack = stackOfUrn(urn);
        const isProtected = inProtectedStack(urn, config.protectedStacks);
        const min = isProtected ? config.protectedMinDays ?? 30 : config.minDays ?? 7;
        const days = props.deletionWindowInDays;
        if (isUnknown(days)) unknownValue("deletionWindowInDays");
        const effective = days === undefined || days === null ? AWS_DEFAULT_WINDOW : Number(days);
        if (effective >= min) return undefined;
        return `deletionWindowInDays is ${effective}, below the minimum of ${min} days${isProtected ? ` for stack '${stack}'` : ""}.`;
    },
};
