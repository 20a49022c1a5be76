import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { wafApigw } from "./waf-apigw";

const STAGE = "aws:apigateway/stage:Stage";
const assoc = (target: string): FixtureResource => ({
    type: "aws:wafv2/webAclAssociation:WebAclAssociation", name: `${target}-waf`, inputs: { resourceArn: UNKNOWN, webAclArn: UNKNOWN },
    propertyDependencies: { resourceArn: [target] },
});

describe("aws rule waf-apigw (stack)", () => {
    it("passes a REST stage with a WAF association", () => {
        const run = runRule(wafApigw, [{ type: STAGE, name: "prod", inputs: { stageName: "prod" } }, assoc("prod")]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(1);
    });
    it("reports a REST stage without an association, as mandatory", () => {
        const run = runRule(wafApigw, [{ type: STAGE, name: "prod", inputs: { stageName: "prod" } }, { type: STAGE, name: "v2", inputs: {} }, assoc("v2")]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "waf-apigw", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${STAGE}::prod` });
        expect(run.messages[0]).to.match(/'prod'.*WebAclAssociation/);
    });
    it("ignores HTTP API (apigatewayv2) stages, which cannot have WAF", () => {
        const run = runRule(wafApigw, [{ type: "aws:apigatewayv2/stage:Stage", name: "http" }]);
        expect(run.notApplicable).to.equal(1);
        expect(run.violations).to.have.length(0);
    });
});
