import { Findings } from "../../../lib/findings";
import { linksTo, refersTo } from "../../../lib/links";
import { LB_TYPES } from "../../../lib/network";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { BUCKET_TYPES, bucketIds } from "../../../lib/s3";
import { asArray, isSet, isUnknown, known } from "../../../lib/values";

const LOGGING_TYPES = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];

/**
 * Resources that write logs into a bucket, by the top-level property naming it and how to read the bucket from its
 * value. A bucket these write into is a log bucket: it is exempt (logging a log bucket into itself loops).
 */
const LOG_WRITERS: Record<string, { prop: string; bucketOf: (v: any) => unknown }> = {
    ...Object.fromEntries(LB_TYPES.map((t) => [t, { prop: "accessLogs", bucketOf: (v: any) => v?.bucket }])),
    "aws:cloudfront/distribution:Distribution": { prop: "loggingConfig", bucketOf: (v) => String(v?.bucket ?? "").replace(/\.s3(\.[a-z0-9-]+)?\.amazonaws\.com$/, "") },
    "aws:cloudtrail/trail:Trail": { prop: "s3BucketName", bucketOf: (v) => v },
};

/** True when the bucket receives access logs (a BucketLogging, inline logging or a log-writing resource targets it). */
function isLogTarget(bucket: StackSubject, resources: StackSubject[], ids: string[]): boolean {
    if (linksTo(resources, LOGGING_TYPES, "targetBucket", bucket, ids).linked.length > 0) return true;
    const writesTo = (r: StackSubject, prop: string, values: unknown[]) => refersTo(r, prop, bucket, ids, { values }) === "linked";
    for (const r of resources) {
        // The deprecated inline logging inputs of a bucket (logging, loggings[]) name their target bucket.
        if (BUCKET_TYPES.includes(r.type) && ["logging", "loggings"].some((prop) => writesTo(r, prop,
            asArray<any>(r.props[prop]).filter((l) => l && typeof l === "object").map((l) => l.targetBucket)))) return true;
        const w = LOG_WRITERS[r.type];
        if (w && writesTo(r, w.prop, [w.bucketOf(r.props[w.prop])])) return true;
    }
    return false;
}

/** Buckets have server access logging, except the buckets that receive logs. */
export const s3AccessLogging: StackRule = {
    kind: "stack",
    name: "s3-access-logging",
    description: "Every S3 bucket that is not itself a log destination has server access logging (a BucketLogging) enabled.",
    severity: "medium",
    remediation: "Add an aws.s3.BucketLogging for the bucket (bucket: bucket.bucket) with targetBucket set to the platform's "
        + "access-log bucket and a per-bucket targetPrefix. Log buckets (targets of BucketLogging, ALB access logs, CloudFront "
        + "logging or CloudTrail) are exempt.",
    enforcementLevel: "advisory",
    types: BUCKET_TYPES,
    check: (resources) => {
        const result = new Findings<StackFinding>();
        for (const bucket of resources.filter((r) => BUCKET_TYPES.includes(r.type))) {
            result.check(() => {
                const ids = bucketIds(bucket);
                const inline = [bucket.props.logging, ...asArray<any>(known(bucket.props.loggings, `${bucket.name}.loggings`))]
                    .filter((l) => l !== undefined && l !== null);
                if (inline.some((l) => isUnknown(l) || isSet(l.targetBucket))) return;
                const links = linksTo(resources, LOGGING_TYPES, "bucket", bucket, ids);
                if (links.linked.some((l) => isSet(l.props.targetBucket))) return;
                if (isLogTarget(bucket, resources, ids)) return;
                if (links.maybe.length > 0) {
                    result.defer(`${links.maybe[0].name}.bucket`);
                    return;
                }
                result.report(bucket.urn, `S3 bucket '${bucket.name}' has no server access logging: add a BucketLogging with a targetBucket.`);
            });
        }
        return result.result();
    },
};
