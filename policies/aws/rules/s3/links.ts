/**
 * Helpers for stack rules that link a setting resource to the resource it configures (S3 settings to buckets,
 * secret rotations to secrets, Glue jobs to security configurations). Not a rule.
 *
 * A setting is linked to a target when its property came from the target (`propertyDependencies[prop]`), or when its
 * known value equals one of the target's identifiers (e.g. the bucket's `bucket` input, or its resource name when
 * the bucket is autonamed). A setting whose property is unknown and carries no property dependency MAY be linked to
 * anything: such settings are returned as `maybe`, so the rule can defer its decision instead of guessing.
 */
import { StackFinding, StackSubject } from "../../../lib/rule";
import { isUnknown, UNKNOWN } from "../../../lib/values";
import { Findings } from "../../../lib/findings";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/** The names a bucket can be referred to by: its `bucket` input (when known), else its resource name. */
export function bucketIds(bucket: StackSubject): string[] {
    const b = bucket.props.bucket;
    if (typeof b === "string" && b !== "" && !isUnknown(b)) return [b, `arn:aws:s3:::${b}`];
    return [bucket.name, `arn:aws:s3:::${bucket.name}`];
}

export interface Links {
    /** Settings definitely linked to the target. */
    linked: StackSubject[];
    /** Settings whose link property is unknown without a property dependency: they may configure the target. */
    maybe: StackSubject[];
}

/** True when `value` is unknown or a string containing the unknown sentinel (an interpolated unknown). */
function unknownish(value: unknown): boolean {
    return isUnknown(value) || (typeof value === "string" && value.includes(UNKNOWN));
}

/** Settings of `types` whose `prop` refers to `target` (see the module comment). */
export function linksTo(resources: StackSubject[], types: string[], prop: string, target: StackSubject, ids: string[]): Links {
    const out: Links = { linked: [], maybe: [] };
    for (const r of resources) {
        if (!types.includes(r.type)) continue;
        const deps = r.propertyDependencies[prop] ?? [];
        if (deps.some((d) => d.urn === target.urn)) { out.linked.push(r); continue; }
        // The value came from another resource of the target's kind: it configures that one.
        if (deps.some((d) => d.type === target.type)) continue;
        // Otherwise (no dependency, or one on e.g. a random name) compare values.
        const v = r.props[prop];
        if (unknownish(v)) out.maybe.push(r);
        else if (typeof v === "string" && ids.includes(v)) out.linked.push(r);
    }
    return out;
}

/**
 * Stack findings with unknown values deferred (lib/findings.ts): definite findings are reported; when there are none
 * but a decision depended on an unknown value, the rule is deferred to the update, where values are known.
 */
export class StackResult extends Findings<StackFinding> {
    /** A finding against one resource. */
    report(urn: string, message: string): void { this.add({ urn, message }); }
}
