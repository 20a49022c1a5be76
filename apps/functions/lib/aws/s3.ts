/** ObjectStore on the data-lake bucket (S3 PutObject; the bucket's default encryption applies). */
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { ObjectStore } from "../ports";

/** The subset of S3Client used (a fake in tests). */
export interface S3Sender {
    send(command: PutObjectCommand): Promise<unknown>;
}

export function s3ObjectStore(bucket: string, client: S3Sender = new S3Client({})): ObjectStore {
    return {
        async put(key, body, contentType) {
            await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
        },
    };
}
