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

const ING = "kubernetes:networking.k8s.io/v1:Ingress";
const REGIONAL_ARN = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/web/a1b2c3";
const GLOBAL_ARN = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/cdn/d4e5f6";
const ingressUrn = (name: string) => `urn:pulumi:test::fixture::${ING}::${name}`;
/** An Ingress of class alb in namespace shop, internet-facing unless `scheme` says otherwise. */
const ingress = (name: string, annotations: Record<string, unknown> = {}, extra: Partial<FixtureResource> = {}): FixtureResource => ({
    type: ING, name,
    inputs: {
        metadata: { name, namespace: "shop", annotations: { "alb.ingress.kubernetes.io/scheme": "internet-facing", ...annotations } },
        spec: { ingressClassName: "alb" },
    },
    ...extra,
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
    it("is not applicable without load balancers or Ingresses", () => {
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

    describe("ALBs of the AWS Load Balancer Controller (Ingress annotations)", () => {
        it("passes an Ingress whose wafv2-acl-arn came from a REGIONAL web ACL (unknown in preview)", () => {
            const run = runRule(wafAlb, [acl, ingress("ui", { "alb.ingress.kubernetes.io/wafv2-acl-arn": UNKNOWN }, { propertyDependencies: { metadata: ["acl"] } })]);
            expect(run.violations).to.have.length(0);
            expect(run.unknowns).to.have.length(0);
            expect(run.notApplicable).to.equal(0);
        });
        it("passes a known regional web ACL ARN and a wafv2-acl-name", () => {
            const run = runRule(wafAlb, [
                ingress("ui", { "alb.ingress.kubernetes.io/wafv2-acl-arn": REGIONAL_ARN }),
                ingress("admin", { "alb.ingress.kubernetes.io/wafv2-acl-name": "web" }),
            ]);
            expect(run.violations).to.have.length(0);
            expect(run.unknowns).to.have.length(0);
        });
        it("passes an internal Ingress (the controller's default scheme) without a web ACL, and Ingresses of other classes", () => {
            const run = runRule(wafAlb, [
                ingress("internal", { "alb.ingress.kubernetes.io/scheme": "internal" }),
                { type: ING, name: "default-scheme", inputs: { metadata: { name: "default-scheme", annotations: {} }, spec: { ingressClassName: "alb" } } },
                { type: ING, name: "nginx", inputs: { metadata: { name: "nginx", annotations: { "alb.ingress.kubernetes.io/scheme": "internet-facing" } }, spec: { ingressClassName: "nginx" } } },
            ]);
            expect(run.violations).to.have.length(0);
            expect(run.unknowns).to.have.length(0);
        });
        it("passes an IngressGroup where one member carries the web ACL", () => {
            const run = runRule(wafAlb, [
                ingress("ui", { "alb.ingress.kubernetes.io/group.name": "shop", "alb.ingress.kubernetes.io/wafv2-acl-arn": REGIONAL_ARN }),
                ingress("api", { "alb.ingress.kubernetes.io/group.name": "shop" }),
            ]);
            expect(run.violations).to.have.length(0);
        });
        it("reports an internet-facing Ingress without a web ACL, naming it and its group, as mandatory", () => {
            const run = runRule(wafAlb, [
                ingress("ui", { "alb.ingress.kubernetes.io/group.name": "shop" }),
                ingress("api", { "alb.ingress.kubernetes.io/group.name": "shop", "alb.ingress.kubernetes.io/scheme": undefined }),
                // Its own ALB (no group.name): the group's ACL does not cover it; class from the legacy annotation.
                { type: ING, name: "legacy", inputs: { metadata: { name: "legacy", annotations: { "kubernetes.io/ingress.class": "alb", "alb.ingress.kubernetes.io/scheme": "internet-facing" } } } },
            ]);
            expect(run.violations.map((v) => v.urn)).to.deep.equal([ingressUrn("ui"), ingressUrn("legacy")]);
            expect(run.violations[0]).to.include({ policy: "waf-alb", enforcementLevel: "mandatory" });
            expect(run.messages[0]).to.equal("Internet-facing ALB of Ingress 'shop/ui' (IngressGroup 'shop'; members 'shop/ui', 'shop/api') has no WAFv2 "
                + "web ACL: annotate one member with alb.ingress.kubernetes.io/wafv2-acl-arn: <REGIONAL web ACL ARN>.");
            expect(run.messages[1]).to.match(/^Internet-facing ALB of Ingress 'legacy' \(its own ALB \(no group\.name\); members 'legacy'\)/);
        });
        it("reports a literal CLOUDFRONT (global) web ACL ARN, a WAF Classic annotation alone, 'none' and a non-ARN value, naming the annotation", () => {
            const run = runRule(wafAlb, [
                ingress("global", { "alb.ingress.kubernetes.io/wafv2-acl-arn": GLOBAL_ARN }),
                ingress("classic", { "alb.ingress.kubernetes.io/waf-acl-id": "0a1b2c3d-classic" }),
                ingress("none", { "alb.ingress.kubernetes.io/wafv2-acl-arn": "none" }),
                ingress("garbage", { "alb.ingress.kubernetes.io/wafv2-acl-arn": "web" }),
            ]);
            expect(run.violations.map((v) => v.urn)).to.deep.equal(["global", "classic", "none", "garbage"].map(ingressUrn));
            expect(run.messages[0]).to.equal(`Ingress 'shop/global' (its own ALB (no group.name), internet-facing ALB): alb.ingress.kubernetes.io/wafv2-acl-arn '${GLOBAL_ARN}' `
                + "is a global (CLOUDFRONT) web ACL; an ALB needs a REGIONAL web ACL.");
            expect(run.messages[1]).to.match(/only the WAF Classic annotation alb\.ingress\.kubernetes\.io\/waf-acl-id is set/);
            expect(run.messages[2]).to.match(/wafv2-acl-arn is 'none'/);
            expect(run.messages[3]).to.match(/'web' is not a WAFv2 web ACL ARN/);
        });
        it("reports an ARN that came from a CLOUDFRONT web ACL of the stack", () => {
            const cdnAcl: FixtureResource = { type: "aws:wafv2/webAcl:WebAcl", name: "cdn-acl", inputs: { scope: "CLOUDFRONT" } };
            const run = runRule(wafAlb, [cdnAcl, ingress("ui", { "alb.ingress.kubernetes.io/wafv2-acl-arn": UNKNOWN }, { propertyDependencies: { metadata: ["cdn-acl"] } })]);
            expect(run.messages).to.deep.equal(["Ingress 'shop/ui' (its own ALB (no group.name), internet-facing ALB): alb.ingress.kubernetes.io/wafv2-acl-arn "
                + "comes from web ACL 'cdn-acl' of scope CLOUDFRONT; an ALB needs a REGIONAL web ACL."]);
        });
        it("defers an unknown ACL value not linked to a web ACL, an unknown scheme, and an unknown group name", () => {
            for (const fixtures of [
                [ingress("ui", { "alb.ingress.kubernetes.io/wafv2-acl-arn": UNKNOWN })],
                [ingress("ui", { "alb.ingress.kubernetes.io/scheme": UNKNOWN })],
                [ingress("ui", { "alb.ingress.kubernetes.io/group.name": "shop" }), ingress("other", { "alb.ingress.kubernetes.io/group.name": UNKNOWN, "alb.ingress.kubernetes.io/wafv2-acl-arn": REGIONAL_ARN })],
            ]) {
                const run = runRule(wafAlb, fixtures);
                expect(run.violations).to.have.length(0);
                expect(run.unknowns).to.have.length(1);
            }
        });
        it("passes wholly unknown annotations (preview) of an Ingress whose metadata came from a REGIONAL web ACL, and defers them otherwise", () => {
            const pending = (extra: Partial<FixtureResource> = {}): FixtureResource => ({
                type: ING, name: "ui", inputs: { metadata: { name: "ui", namespace: "shop", annotations: UNKNOWN }, spec: { ingressClassName: "alb" } }, ...extra,
            });
            const linked = runRule(wafAlb, [acl, pending({ propertyDependencies: { metadata: ["acl"] } })]);
            expect(linked.violations).to.have.length(0);
            expect(linked.unknowns).to.have.length(0);
            const unlinked = runRule(wafAlb, [pending()]);
            expect(unlinked.violations).to.have.length(0);
            expect(unlinked.unknowns).to.have.length(1);
        });
        it("still reports a definite Ingress finding beside a deferred load balancer", () => {
            const run = runRule(wafAlb, [{ type: LB, name: "web", inputs: { internal: UNKNOWN } }, ingress("ui")]);
            expect(run.violations.map((v) => v.urn)).to.deep.equal([ingressUrn("ui")]);
        });
    });
});
