import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { wafAlb } from "./waf-alb";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const ALB = "aws:alb/loadBalancer:LoadBalancer";
const ASSOC = "aws:wafv2/webAclAssociation:WebAclAssociation";
const acl: FixtureResource = { type: "aws:wafv2/webAcl:WebAcl", name: "acl", inputs: { scope: "REGIONAL" } };
const assoc = (name: string, target: string): FixtureResource => ({
    type: ASSOC, name, inputs: { resourceArn: UNKNOWN, webAclArn: UNKNOWN },
    propertyDependencies: { resourceArn: [target], webAclArn: ["acl"] },
});

describe("aws rule waf-alb (stack)", () => {
    it("passes an internet-facing ALB with a WAF association", () => {
        const run = runRule(wafAlb, [{ type: LB, name: "web", inputs: { internal: false } }, acl, assoc("web-waf", "web")]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports each internet-facing ALB (both lb and alb tokens) without an association", () => {
        const run = runRule(wafAlb, [
            { type: LB, name: "web", inputs: { loadBalancerType: "application" } },
            { type: ALB, name: "legacy", inputs: {} },
            { type: LB, name: "ok", inputs: {} }, acl, assoc("ok-waf", "ok"),
        ]);
        expect(run.violations.map((v) => v.urn)).to.have.members([
            `urn:pulumi:test::fixture::${LB}::web`, `urn:pulumi:test::fixture::${ALB}::legacy`]);
        expect(run.violations[0]).to.include({ policy: "waf-alb", enforcementLevel: "mandatory" });
        expect(run.messages[0]).to.match(/'web'.*WebAclAssociation/);
    });
    it("does not count an association linked to another resource", () => {
        const run = runRule(wafAlb, [{ type: LB, name: "web", inputs: {} }, { type: "aws:apigateway/stage:Stage", name: "st" }, acl, assoc("a", "st")]);
        expect(run.violations).to.have.length(1);
    });
    it("ignores internal ALBs and network load balancers", () => {
        const run = runRule(wafAlb, [
            { type: LB, name: "int", inputs: { internal: true } },
            { type: LB, name: "nlb", inputs: { loadBalancerType: "network" } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.notApplicable).to.equal(0);
    });
    it("defers an unknown internal flag to the update", () => {
        const run = runRule(wafAlb, [{ type: LB, name: "web", inputs: { internal: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/internal/);
    });
    it("is not applicable without load balancers", () => {
        const run = runRule(wafAlb, [acl]);
        expect(run.notApplicable).to.equal(1);
        expect(run.violations).to.have.length(0);
    });
    it("honours a waiver for one load balancer", () => {
        const run = runRule(wafAlb, [{ type: LB, name: "web", inputs: {} }], {
            waivers: [{ policy: "waf-alb", resource: "web", reason: "Protected by CloudFront with WAF in front of it" }],
        });
        expect(run.violations).to.have.length(0);
        expect(run.waived).to.have.length(1);
    });
});
