import { expect } from "chai";
import { StackSubject } from "./rule";
import { UNKNOWN } from "./values";
import { parseWebAclArn, WEB_ACL_ASSOCIATION, wafProtected } from "./waf";

const subject = (type: string, name: string, props: Record<string, any> = {}, propertyDependencies: Record<string, StackSubject[]> = {}): StackSubject =>
    ({ type, name, urn: `urn:pulumi:test::p::${type}::${name}`, props, opts: {} as any, dependencies: [], propertyDependencies });

describe("WAF (lib/waf)", () => {
    it("finds what web ACL associations protect, by the resource their resourceArn came from", () => {
        const lb = subject("aws:lb/loadBalancer:LoadBalancer", "web");
        const stage = subject("aws:apigateway/stage:Stage", "v1");
        const bare = subject("aws:lb/loadBalancer:LoadBalancer", "bare");
        const assoc = (name: string, target: StackSubject) => subject(WEB_ACL_ASSOCIATION, name, { resourceArn: UNKNOWN }, { resourceArn: [target] });
        // A logging configuration also has a resourceArn: it protects nothing.
        const logging = subject("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "log", {}, { resourceArn: [bare] });
        expect([...wafProtected([lb, stage, bare, assoc("a", lb), assoc("b", stage), logging])]).to.deep.equal([lb.urn, stage.urn]);
    });
});

describe("WAF ARNs (lib/waf parseWebAclArn)", () => {
    it("parses regional and global web ACL ARNs and rejects other ARNs", () => {
        expect(parseWebAclArn("arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/web/a1b2")).to.deep.equal(
            { region: "eu-west-1", account: "111122223333", scope: "regional", name: "web", id: "a1b2" });
        expect(parseWebAclArn("arn:aws:wafv2:us-east-1:111122223333:global/webacl/cdn/c3d4")?.scope).to.equal("global");
        expect(parseWebAclArn("arn:aws:wafv2:eu-west-1:111122223333:regional/ipset/ips/e5f6")).to.equal(undefined);
        expect(parseWebAclArn("0123abcd-waf-classic-id")).to.equal(undefined);
    });
});
