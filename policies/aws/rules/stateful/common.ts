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

/** True for an UnknownValueError of any @pulumi/policy copy. */
export function isUnknownValueError(e: unknown): boolean {
    return !!e && typeof e === "object" && "unknownTypeSentinel" in e && "props" in e;
}

/**
 * A resource rule's findings, checked part by part: a part whose value is unknown during preview is skipped and
 * remembered, so the other parts still report. `done()` returns the messages; when there are none but a part was
 * skipped, it rethrows the first unknown (the evaluator's advisory "can't run during preview" note).
 */
export class Checks {
    readonly messages: string[] = [];
    private firstUnknown: unknown;
    /** Run one independent part of the check. */
    part(fn: () => string | string[] | undefined | void): void {
        try {
            const out = fn();
            if (typeof out === "string") this.messages.push(out);
            else if (Array.isArray(out)) this.messages.push(...out);
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
            if (this.firstUnknown === undefined) this.firstUnknown = e;
        }
    }
    done(): string[] {
        if (this.messages.length === 0 && this.firstUnknown !== undefined) throw this.firstUnknown;
        return this.messages;
    }
}

/** True when a KMS key reference names an AWS-managed key (alias/aws/...), which is not a customer-managed key. */
export function isAwsManagedKeyAlias(keyRef: unknown): boolean {
    return typeof keyRef === "string" && /(^|:)alias\/aws\//.test(keyRef);
}
