import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { s3AccessLogging } from "./s3-access-logging";

const data: FixtureResource = { type: "aws:s3/bucket:Bucket", name: "data", inputs: {} };
const logs: FixtureResource = { type: "aws:s3/bucketV2:BucketV2", name: "logs", inputs: { bucket: "acme-logs" } };
const logging: FixtureResource = {
    type: "aws:s3/bucketLogging:BucketLogging", name: "data-logging", inputs: { bucket: "data", targetBucket: "acme-logs", targetPrefix: "data/" },
    propertyDependencies: { bucket: ["data"], targetBucket: ["logs"] },
};

describe("aws rule s3-access-logging", () => {
    it("passes a logged bucket and exempts the log bucket it writes to", () => {
        const run = runRule(s3AccessLogging, [data, logs, logging]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("exempts a log bucket named by value (no property dependency)", () => {
        const run = runRule(s3AccessLogging, [data, logs, { ...logging, propertyDependencies: { bucket: ["data"] } }]);
        expect(run.violations).to.have.length(0);
    });
    it("reports an unlogged bucket, as advisory", () => {
        const run = runRule(s3AccessLogging, [data, logs, { ...logging, inputs: { bucket: "other", targetBucket: "acme-logs", targetPrefix: "x/" }, propertyDependencies: { targetBucket: ["logs"] } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "s3-access-logging", enforcementLevel: "advisory", urn: "urn:pulumi:test::fixture::aws:s3/bucket:Bucket::data" });
        expect(run.messages[0]).to.match(/'data' has no server access logging/);
    });
    it("exempts an ALB access-log bucket", () => {
        const run = runRule(s3AccessLogging, [logs, { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", inputs: { accessLogs: { bucket: "acme-logs", enabled: true } } }]);
        expect(run.violations).to.have.length(0);
    });
    it("accepts inline logging", () => {
        const run = runRule(s3AccessLogging, [{ ...data, inputs: { logging: { targetBucket: "acme-logs" } } }, logs]);
        expect(run.violations).to.have.length(0);
    });
    it("defers when a logging resource's bucket is unknown and unlinked", () => {
        const run = runRule(s3AccessLogging, [data, { ...logging, inputs: { bucket: UNKNOWN, targetBucket: "elsewhere" }, propertyDependencies: {} }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/data-logging\.bucket/);
    });
});
