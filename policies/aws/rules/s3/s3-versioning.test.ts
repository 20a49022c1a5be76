import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { s3Versioning } from "./s3-versioning";

const bucket: FixtureResource = { type: "aws:s3/bucket:Bucket", name: "data", inputs: { bucket: "acme-data" } };
const versioning = (status: unknown, type = "aws:s3/bucketVersioning:BucketVersioning"): FixtureResource => ({
    type, name: "data-versioning", inputs: { bucket: "acme-data", versioningConfiguration: { status } }, propertyDependencies: { bucket: ["data"] },
});

describe("aws rule s3-versioning", () => {
    it("passes a bucket with versioning Enabled (both tokens)", () => {
        expect(runRule(s3Versioning, [bucket, versioning("Enabled")]).violations).to.have.length(0);
        expect(runRule(s3Versioning, [bucket, versioning("Enabled", "aws:s3/bucketVersioningV2:BucketVersioningV2")]).violations).to.have.length(0);
    });
    it("reports a bucket without versioning, as advisory", () => {
        const run = runRule(s3Versioning, [bucket]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "s3-versioning", enforcementLevel: "advisory", urn: "urn:pulumi:test::fixture::aws:s3/bucket:Bucket::data" });
        expect(run.messages[0]).to.match(/no versioning configuration/);
    });
    it("reports suspended versioning with the status", () => {
        const run = runRule(s3Versioning, [bucket, versioning("Suspended")]);
        expect(run.violations).to.have.length(1);
        expect(run.messages[0]).to.match(/status 'Suspended'/);
    });
    it("accepts the inline versioning input", () => {
        const run = runRule(s3Versioning, [{ ...bucket, inputs: { versioning: { enabled: true } } }]);
        expect(run.violations).to.have.length(0);
    });
    it("defers an unknown status", () => {
        const run = runRule(s3Versioning, [bucket, versioning(UNKNOWN)]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/status/);
    });
    it("follows the pack config's enforcement level", () => {
        const run = runRule(s3Versioning, [bucket], { config: { "s3-versioning": "mandatory" } });
        expect(run.violations[0].enforcementLevel).to.equal("mandatory");
    });
});
