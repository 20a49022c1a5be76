import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { s3PublicAccessBlock } from "./s3-public-access-block";

const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const bucket: FixtureResource = { type: "aws:s3/bucket:Bucket", name: "data", inputs: {} };
const allTrue = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const pab = (flags: Record<string, unknown>): FixtureResource => ({
    type: PAB, name: "data-pab", inputs: { bucket: "data", ...flags }, propertyDependencies: { bucket: ["data"] },
});

describe("aws rule s3-public-access-block", () => {
    it("passes a bucket with all four flags true", () => {
        const run = runRule(s3PublicAccessBlock, [bucket, pab(allTrue)]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports a bucket without a public access block, as mandatory", () => {
        const run = runRule(s3PublicAccessBlock, [bucket]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "s3-public-access-block", enforcementLevel: "mandatory", urn: "urn:pulumi:test::fixture::aws:s3/bucket:Bucket::data" });
        expect(run.messages[0]).to.match(/no BucketPublicAccessBlock/);
    });
    it("names the flags that are not true", () => {
        const run = runRule(s3PublicAccessBlock, [bucket, pab({ ...allTrue, blockPublicPolicy: false, restrictPublicBuckets: undefined })]);
        expect(run.violations).to.have.length(1);
        expect(run.messages[0]).to.match(/does not set blockPublicPolicy, restrictPublicBuckets to true/);
    });
    it("accepts an account-level block with all four flags", () => {
        const run = runRule(s3PublicAccessBlock, [bucket, { type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", name: "acct", inputs: allTrue }]);
        expect(run.violations).to.have.length(0);
    });
    it("reports a public canned ACL on a BucketAcl even with the block in place", () => {
        const run = runRule(s3PublicAccessBlock, [bucket, pab(allTrue),
            { type: "aws:s3/bucketAclV2:BucketAclV2", name: "data-acl", inputs: { bucket: "data", acl: "public-read" }, propertyDependencies: { bucket: ["data"] } }]);
        expect(run.violations).to.have.length(1);
        expect(run.messages[0]).to.match(/BucketAcl 'data-acl' sets the public canned ACL 'public-read'/);
    });
    it("reports an AllUsers grant in an access control policy and an inline public ACL", () => {
        const run = runRule(s3PublicAccessBlock, [{ ...bucket, inputs: { acl: "authenticated-read" } }, pab(allTrue),
            { type: "aws:s3/bucketAcl:BucketAcl", name: "data-acl", inputs: { bucket: "data", accessControlPolicy: { owner: { id: "o" }, grants: [
                { grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }, permission: "READ" }] } },
            propertyDependencies: { bucket: ["data"] } }]);
        expect(run.violations).to.have.length(2);
        expect(run.messages.join("\n")).to.match(/'authenticated-read'/).and.match(/grants access to AllUsers/);
    });
    it("accepts a private ACL", () => {
        const run = runRule(s3PublicAccessBlock, [bucket, pab(allTrue),
            { type: "aws:s3/bucketAcl:BucketAcl", name: "data-acl", inputs: { bucket: "data", acl: "private" }, propertyDependencies: { bucket: ["data"] } }]);
        expect(run.violations).to.have.length(0);
    });
    it("defers unknown flags to the update", () => {
        const run = runRule(s3PublicAccessBlock, [bucket, pab({ ...allTrue, ignorePublicAcls: UNKNOWN })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/ignorePublicAcls/);
    });
    it("is not applicable without buckets", () => {
        const run = runRule(s3PublicAccessBlock, [{ type: PAB, name: "x", inputs: allTrue }]);
        expect(run.notApplicable).to.equal(1);
    });
});
