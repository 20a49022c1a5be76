/**
 * Shared pieces of the data-store rules (rds, dynamodb, elasticache, opensearch, messaging, eks, stateful). Not a rule.
 */
import { stackOfUrn } from "../../../lib/waivers";

/** The configSchema property for prod-only requirements (deletion protection, `protect`). */
export const PROTECTED_STACKS_PROPERTY = {
    type: "array",
    items: { type: "string" },
    default: ["prod"],
    description: "Stacks (names as in the resource URN) where deletion protection and `protect` are required.",
} as const;

/** True when the resource's stack is one of the protected stacks. */
export function inProtectedStack(urn: string, protectedStacks: unknown): boolean {
    const stacks = Array.isArray(protectedStacks) ? protectedStacks.map(String) : ["prod"];
    return stacks.includes(stackOfUrn(urn));
}

/** True when a KMS key reference names an AWS-managed key (alias/aws/...), which is not a customer-managed key. */
export function isAwsManagedKeyAlias(keyRef: unknown): boolean {
    return typeof keyRef === "string" && /(^|:)alias\/aws\//.test(keyRef);
}
