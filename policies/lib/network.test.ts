import { expect } from "chai";
import { AWSX_VPC, isInternetFacingAlb, isWorldCidr, linkedVpcs, sameNetworkLinked, VPC } from "./network";
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

    describe("VPC links", () => {
        const res = (type: string, name: string, props: Record<string, any> = {}, propertyDependencies: Record<string, StackSubject[]> = {}): StackSubject =>
            ({ type, name, urn: `urn:pulumi:test::p::${type}::${name}`, props, opts: {} as any, dependencies: [], propertyDependencies });
        const a = res(VPC, "a", { id: "vpc-a" });
        const b = res(VPC, "b", { id: "vpc-b" });
        const x = res(AWSX_VPC, "x", { vpcId: "vpc-x" });
        const vpcs = [a, b, x];
        const flowLog = (vpcId: unknown, deps: StackSubject[] = []) => res("aws:ec2/flowLog:FlowLog", "fl", { vpcId }, { vpcId: deps });

        it("links a resource to the VPC its vpcId came from or names (an awsx VPC by its vpcId output)", () => {
            expect(linkedVpcs(flowLog(UNKNOWN, [b]), vpcs)).to.deep.equal({ vpcs: [b], undecided: false });
            expect(linkedVpcs(flowLog("vpc-a"), vpcs)).to.deep.equal({ vpcs: [a], undecided: false });
            expect(linkedVpcs(flowLog("vpc-x"), vpcs)).to.deep.equal({ vpcs: [x], undecided: false });
            expect(linkedVpcs(flowLog("vpc-other"), vpcs)).to.deep.equal({ vpcs: [], undecided: false });
        });

        it("is undecided when vpcId is unknown without a dependency on a VPC", () => {
            expect(linkedVpcs(flowLog(UNKNOWN), vpcs)).to.deep.equal({ vpcs: [], undecided: true });
            expect(linkedVpcs(flowLog(UNKNOWN, [res("random:index/randomId:RandomId", "r")]), vpcs)).to.deep.equal({ vpcs: [], undecided: true });
        });

        it("treats an awsx VPC and the VPC it creates as one network", () => {
            const child = { ...res(VPC, "x-vpc", { id: "vpc-x" }), parent: x };
            expect(sameNetworkLinked(x, new Set([child]), [x, child])).to.equal(true);
            expect(sameNetworkLinked(child, new Set([x]), [x, child])).to.equal(true);
            expect(sameNetworkLinked(a, new Set([x]), [a, x])).to.equal(false);
        });
    });
});
