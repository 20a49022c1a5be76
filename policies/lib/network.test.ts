import { expect } from "chai";
import { isInternetFacingAlb, isWorldCidr } from "./network";
import { StackSubject } from "./rule";
import { UNKNOWN } from "./values";

const lb = (props: Record<string, any>): StackSubject => ({
    type: "aws:lb/loadBalancer:LoadBalancer", name: "web", urn: "urn:pulumi:test::p::aws:lb/loadBalancer:LoadBalancer::web",
    props, opts: {} as any, dependencies: [], propertyDependencies: {},
});

describe("network facts (lib/network)", () => {
    it("recognises CIDRs that cover the whole address family", () => {
        expect(["0.0.0.0/0", "::/0", " 0.0.0.0/0 "].map(isWorldCidr)).to.deep.equal([true, true, true]);
        expect(["10.0.0.0/8", "0.0.0.0/1", "2001:db8::/32"].map(isWorldCidr)).to.deep.equal([false, false, false]);
    });

    it("treats application load balancers as internet-facing unless internal, with the type defaulting to application", () => {
        expect(isInternetFacingAlb(lb({}))).to.equal(true);
        expect(isInternetFacingAlb(lb({ loadBalancerType: "application", internal: false }))).to.equal(true);
        expect(isInternetFacingAlb(lb({ internal: true }))).to.equal(false);
        expect(isInternetFacingAlb(lb({ internal: "true" }))).to.equal(false);
        expect(isInternetFacingAlb(lb({ loadBalancerType: "network" }))).to.equal(false);
    });

    it("stops on an unknown type or internal flag, naming the field", () => {
        expect(() => isInternetFacingAlb(lb({ internal: UNKNOWN }))).to.throw(/\.web\.internal /);
        expect(() => isInternetFacingAlb(lb({ loadBalancerType: UNKNOWN }))).to.throw(/\.web\.loadBalancerType /);
    });
});
