import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { cloudtrailBaseline } from "./cloudtrail-baseline";

const TRAIL = "aws:cloudtrail/trail:Trail";
const good = {
    s3BucketName: "trail-bucket", kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k", isMultiRegionTrail: true,
    enableLogFileValidation: true, cloudWatchLogsGroupArn: "arn:aws:logs:eu-west-1:1:log-group:trail:*", cloudWatchLogsRoleArn: "arn:aws:iam::1:role/trail",
};

describe("aws rule cloudtrail-baseline", () => {
    it("passes a complete trail, with computed ARNs counting as set", () => {
        const run = runRule(cloudtrailBaseline, [
            { type: TRAIL, name: "a", inputs: good },
            { type: TRAIL, name: "b", inputs: { ...good, kmsKeyId: UNKNOWN, cloudWatchLogsGroupArn: UNKNOWN } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports every missing setting, as mandatory", () => {
        const run = runRule(cloudtrailBaseline, [{ type: TRAIL, name: "t", inputs: { s3BucketName: "b", isMultiRegionTrail: false } }]);
        expect(run.violations).to.have.length(4);
        expect(run.violations[0]).to.include({ policy: "cloudtrail-baseline", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${TRAIL}::t` });
        expect(run.messages).to.deep.equal([
            "kmsKeyId is not set: trail logs are stored with S3-managed encryption only.",
            "isMultiRegionTrail is false: activity in other regions is not recorded.",
            "enableLogFileValidation is unset (false): tampering with delivered log files cannot be detected.",
            "cloudWatchLogsGroupArn is not set: trail events are not delivered to CloudWatch Logs for alarms.",
        ]);
    });
    it("defers an unknown flag when nothing else is wrong", () => {
        const run = runRule(cloudtrailBaseline, [{ type: TRAIL, inputs: { ...good, enableLogFileValidation: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/enableLogFileValidation/);
    });
    it("is not applicable to other types", () => {
        expect(runRule(cloudtrailBaseline, [{ type: "aws:s3/bucket:Bucket" }]).notApplicable).to.equal(1);
    });
});
