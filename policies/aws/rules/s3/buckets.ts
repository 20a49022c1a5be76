/** The identifiers stack rules link S3 settings to their buckets by (see lib/links.ts). Not a rule. */
import { StackSubject } from "../../../lib/rule";
import { isUnknown } from "../../../lib/values";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/** The names a bucket can be referred to by: its `bucket` input (when known), else its resource name. */
export function bucketIds(bucket: StackSubject): string[] {
    const b = bucket.props.bucket;
    if (typeof b === "string" && b !== "" && !isUnknown(b)) return [b, `arn:aws:s3:::${b}`];
    return [bucket.name, `arn:aws:s3:::${bucket.name}`];
}
