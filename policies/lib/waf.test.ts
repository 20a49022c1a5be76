import { expect } from "chai";
import { StackSubject } from "./rule";
import { UNKNOWN } from "./values";
import { WEB_ACL_ASSOCIATION, wafProtected } from "./waf";

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
