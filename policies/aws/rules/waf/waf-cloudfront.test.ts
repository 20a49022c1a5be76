import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { wafCloudfront } from "./waf-cloudfront";

const T = "aws:cloudfront/distribution:Distribution";

describe("aws rule waf-cloudfront", () => {
    it("passes a distribution with a web ACL", () => {
        const run = runRule(wafCloudfront, [{ type: T, inputs: { webAclId: "arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/abc" } }]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(1);
    });
    it("reports a distribution without a web ACL, as mandatory", () => {
        const run = runRule(wafCloudfront, [{ type: T, name: "cdn", inputs: {} }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "waf-cloudfront", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${T}::cdn` });
        expect(run.messages[0]).to.match(/webAclId/);
    });
    it("counts a computed web ACL ARN as set", () => {
        const run = runRule(wafCloudfront, [{ type: T, inputs: { webAclId: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("is not applicable to other types", () => {
        const run = runRule(wafCloudfront, [{ type: "aws:s3/bucket:Bucket" }]);
        expect(run.notApplicable).to.equal(1);
    });
});
