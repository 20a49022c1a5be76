import { expect } from "chai";
import { StackSubject } from "./rule";
import { bucketIds } from "./s3";
import { UNKNOWN } from "./values";

const bucket = (name: string, props: Record<string, any>): StackSubject => ({
    type: "aws:s3/bucket:Bucket", name, urn: `urn:pulumi:test::p::aws:s3/bucket:Bucket::${name}`, props, opts: {} as any,
    dependencies: [], propertyDependencies: {},
});

describe("S3 buckets (lib/s3)", () => {
    it("are referred to by their bucket name and its ARN, the resource name when the bucket name is unknown or unset", () => {
        expect(bucketIds(bucket("assets", { bucket: "shop-assets" }))).to.deep.equal(["shop-assets", "arn:aws:s3:::shop-assets"]);
        expect(bucketIds(bucket("assets", { bucket: UNKNOWN }))).to.deep.equal(["assets", "arn:aws:s3:::assets"]);
        expect(bucketIds(bucket("assets", {}))).to.deep.equal(["assets", "arn:aws:s3:::assets"]);
    });
});
