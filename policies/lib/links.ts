/**
 * Links between resources for stack rules: a resource that refers to another one through a property (an S3 setting
 * to its bucket, a secret rotation to its secret, a load balancer to its security groups). Not a rule.
 *
 * A property refers to a target when it came from the target (`propertyDependencies[prop]`), or when one of its known
 * values equals one of the target's identifiers (e.g. a bucket's `bucket` input, a security group's `id`). A value that
 * came from another resource of the target's kind refers to that one. A property that is unknown during preview and
 * carries no such dependency MAY refer to the target: it is returned as `maybe`, so the rule can defer its decision
 * instead of guessing.
 */
import { StackSubject } from "./rule";
import { isUnknown, UNKNOWN } from "./values";

export interface Links {
    /** Resources definitely linked to the target. */
    linked: StackSubject[];
    /** Resources whose link property is unknown without a property dependency: they may refer to the target. */
    maybe: StackSubject[];
}

/** True when `value` is unknown or a string containing the unknown sentinel (an interpolated unknown). */
export function unknownish(value: unknown): boolean {
    return isUnknown(value) || (typeof value === "string" && value.includes(UNKNOWN));
}

/**
 * How `r`'s property `prop` refers to `target` (see the module comment): "linked", "maybe" or undefined (not at all).
 * `values` are the property's values to compare with `ids`: by default the property itself; a list property or a
 * nested block passes the leaf values that hold references (e.g. every security group id in `vpcConfig`).
 */
export function refersTo(r: StackSubject, prop: string, target: StackSubject, ids: string[],
    values: unknown[] = [r.props[prop]]): "linked" | "maybe" | undefined {
    const deps = r.propertyDependencies[prop] ?? [];
    if (deps.some((d) => d.urn === target.urn)) return "linked";
    // The value came from another resource of the target's kind: it refers to that one.
    if (deps.some((d) => d.type === target.type)) return undefined;
    // Otherwise (no dependency, or one on e.g. a random name) compare values.
    if (values.some((v) => typeof v === "string" && !unknownish(v) && ids.includes(v))) return "linked";
    return values.some(unknownish) ? "maybe" : undefined;
}

/** Resources of `types` whose `prop` refers to `target` (see the module comment). */
export function linksTo(resources: StackSubject[], types: string[], prop: string, target: StackSubject, ids: string[]): Links {
    const out: Links = { linked: [], maybe: [] };
    for (const r of resources) {
        if (!types.includes(r.type)) continue;
        const ref = refersTo(r, prop, target, ids);
        if (ref === "linked") out.linked.push(r);
        else if (ref === "maybe") out.maybe.push(r);
    }
    return out;
}
