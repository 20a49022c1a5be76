/** S3 buckets in stack rules: the bucket tokens, and the names settings resources and policies refer to a bucket by. Not a rule. */
import { physicalName } from "./links";
import { StackSubject } from "./rule";

/** Bucket tokens (the v7 Bucket and the deprecated BucketV2). */
export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/** The names a bucket can be referred to by: its `bucket` input (when known), else its resource name, and that name's ARN. */
export function bucketIds(bucket: StackSubject): string[] {
    const name = physicalName(bucket, "bucket");
    return [name, `arn:aws:s3:::${name}`];
}
