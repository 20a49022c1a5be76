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
import { isUnknown, unknownValue, UNKNOWN } from "../../../lib/values";
import { isUnknownValueError } from "../stateful/common";

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
 * Collects stack findings and values that are unknown during preview. A stack rule reports definite findings;
 * when there are none but some decision depended on an unknown value, the check is deferred (unknownValue), which
 * the evaluator records as an advisory "can't run during preview" note. The rule runs again with known values.
 */
export class StackResult {
    readonly findings: StackFinding[] = [];
    readonly unknownPaths: string[] = [];
    add(urn: string, message: string) { this.findings.push({ urn, message }); }
    unknown(path: string) { this.unknownPaths.push(path); }
    done(): StackFinding[] {
        if (this.findings.length === 0 && this.unknownPaths.length > 0) unknownValue(this.unknownPaths[0]);
        return this.findings;
    }
}

/**
 * Run `decide` and turn an UnknownValueError it throws into a recorded unknown (so one resource's unknown value does
 * not stop the rule from checking the others).
 */
export function guarded(result: StackResult, decide: () => void): void {
    try {
        decide();
    } catch (e) {
        if (isUnknownValueError(e)) {
            const props = (e as any).props;
            result.unknown(Array.isArray(props) ? props.join(".") : String(props));
            return;
        }
        throw e;
    }
}
