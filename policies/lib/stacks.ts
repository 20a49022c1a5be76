/**
 * The stack a resource belongs to, and the stacks where rules require production protection (deletion protection,
 * `protect`, longer key deletion windows), configurable per rule as `protectedStacks`. Not a rule.
 */

/** The stack a URN belongs to: urn:pulumi:<stack>::<project>::<type>::<name>. */
export function stackOfUrn(urn: string): string {
    return urn.split("::")[0].split(":").pop() ?? "";
}

/** The configSchema property for prod-only requirements (deletion protection, `protect`). */
export const PROTECTED_STACKS_PROPERTY = {
    type: "array",
    items: { type: "string" },
    default: ["prod"],
    description: "Stacks (names as in the resource URN) where deletion protection and `protect` are required.",
} as const;

/** True when the resource's stack is one of the protected stacks (a rule's `protectedStacks`; default prod). */
export function inProtectedStack(urn: string, protectedStacks: unknown): boolean {
    const stacks = Array.isArray(protectedStacks) ? protectedStacks.map(String) : ["prod"];
    return stacks.includes(stackOfUrn(urn));
}
