/**
 * Links between resources for stack rules: a resource that refers to another one through a property (an S3 setting
 * to its bucket, a secret rotation to its secret, a load balancer to its security groups, a flow log to its VPC), and
 * the identifiers a resource is referred to by. Not a rule.
 *
 * A property refers to a target when it came from the target (`propertyDependencies[prop]`), or when one of its known
 * values matches one of the target's identifiers (e.g. a bucket's `bucket` input, a security group's `id`). A value that
 * came from another resource of the target's kind refers to that one. A property that is unknown during preview and
 * carries no such dependency MAY refer to the target: it is returned as `maybe`, so the rule can defer its decision
 * instead of guessing.
 */
import { StackSubject } from "./rule";
import { knownString, unknownish } from "./values";

export interface Links {
    /** Resources definitely linked to the target. */
    linked: StackSubject[];
    /** Resources whose link property is unknown without a property dependency: they may refer to the target. */
    maybe: StackSubject[];
}

export interface RefersToOptions {
    /**
     * The property's values to compare with the target's ids. Defaults to the property itself; a list property or a
     * nested block passes the leaf values that hold references (e.g. every security group id in `vpcConfig`).
     */
    values?: unknown[];
    /**
     * Whether a known value names the target through one of its ids. Defaults to equality; a queue URL or a topic ARN
     * names its target by the last segment (`nameSegment`).
     */
    matches?: (value: string, id: string) => boolean;
}

/** A value names `id` when it is `id` or ends with it as its last `/` or `:` segment (a queue URL, a topic ARN). */
export function nameSegment(value: string, id: string): boolean {
    return value === id || value.endsWith(`/${id}`) || value.endsWith(`:${id}`);
}

/** How `r`'s property `prop` refers to `target` (see the module comment): "linked", "maybe" or undefined (not at all). */
export function refersTo(r: StackSubject, prop: string, target: StackSubject, ids: string[],
    opts: RefersToOptions = {}): "linked" | "maybe" | undefined {
    const deps = r.propertyDependencies[prop] ?? [];
    if (deps.some((d) => d.urn === target.urn)) return "linked";
    // The value came from another resource of the target's kind: it refers to that one.
    if (deps.some((d) => d.type === target.type)) return undefined;
    // Otherwise (no dependency, or one on e.g. a random name) compare values.
    const values = opts.values ?? [r.props[prop]];
    const matches = opts.matches ?? ((value: string, id: string) => value === id);
    if (values.some((v) => typeof v === "string" && !unknownish(v) && ids.some((id) => matches(v, id)))) return "linked";
    return values.some(unknownish) ? "maybe" : undefined;
}

/** Resources of `types` whose `prop` refers to `target` (see the module comment). */
export function linksTo(resources: StackSubject[], types: readonly string[], prop: string, target: StackSubject, ids: string[]): Links {
    const out: Links = { linked: [], maybe: [] };
    for (const r of resources) {
        if (!types.includes(r.type)) continue;
        const ref = refersTo(r, prop, target, ids);
        if (ref === "linked") out.linked.push(r);
        else if (ref === "maybe") out.maybe.push(r);
    }
    return out;
}

/**
 * The URNs of the resources that the property `prop` of a resource of `types` came from (its property dependencies):
 * e.g. what WAF associations attach an ACL to, what a logging configuration logs.
 */
export function linkedFrom(resources: StackSubject[], types: readonly string[], prop: string): Set<string> {
    const out = new Set<string>();
    for (const r of resources) {
        if (!types.includes(r.type)) continue;
        for (const d of r.propertyDependencies[prop] ?? []) out.add(d.urn);
    }
    return out;
}

/** The known values of `r`'s properties `props` (known, non-empty strings): e.g. a security group's id and ARN. */
export function knownIds(r: StackSubject, props: readonly string[]): string[] {
    return props.map((p) => knownString(r.props[p])).filter((v): v is string => v !== undefined);
}

/**
 * The name a resource is referred to by: its physical-name input `prop` when known, else its resource name (what
 * literal references in a program and in fixtures use when the physical name is left to autonaming).
 */
export function physicalName(r: StackSubject, prop = "name"): string {
    return knownString(r.props[prop]) ?? r.name;
}
