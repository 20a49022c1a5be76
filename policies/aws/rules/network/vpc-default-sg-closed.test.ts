import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { vpcDefaultSgClosed } from "./vpc-default-sg-closed";

const VPC = "aws:ec2/vpc:Vpc";
const DSG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const dsg = (name: string, vpc: string, inputs: Record<string, unknown> = { ingress: [], egress: [] }) =>
    ({ type: DSG, name, inputs: { vpcId: UNKNOWN, ...inputs }, propertyDependencies: { vpcId: [vpc] } });

describe("aws rule vpc-default-sg-closed", () => {
    it("passes a VPC whose default security group has no rules (explicit or omitted)", () => {
        const run = runRule(vpcDefaultSgClosed, [
            { type: VPC, name: "main" }, dsg("main-default-sg", "main"),
            { type: VPC, name: "b" }, dsg("b-default-sg", "b", {}),
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(1);
    });
    it("reports a VPC without a DefaultSecurityGroup, as advisory", () => {
        const run = runRule(vpcDefaultSgClosed, [{ type: VPC, name: "main" }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "vpc-default-sg-closed", enforcementLevel: "advisory", urn: `urn:pulumi:test::fixture::${VPC}::main` });
        expect(run.messages[0]).to.match(/^VPC 'main' has no aws.ec2.DefaultSecurityGroup/);
    });
    it("reports a default security group with rules, on the security group", () => {
        const run = runRule(vpcDefaultSgClosed, [
            { type: VPC, name: "main" },
            dsg("open", "main", { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }, { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }] }),
        ]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0].urn).to.equal(`urn:pulumi:test::fixture::${DSG}::open`);
        expect(run.messages[0]).to.equal("Default security group 'open' of VPC 'main' has 1 ingress rule and 2 egress rules: set ingress: [] and egress: [].");
    });
    it("links by a known vpcId equal to the VPC's id", () => {
        const run = runRule(vpcDefaultSgClosed, [{ type: VPC, name: "main", inputs: { id: "vpc-1" } }, { type: DSG, inputs: { vpcId: "vpc-1", ingress: [] } }]);
        expect(run.violations).to.have.length(0);
    });
    it("defers unknown rules lists", () => {
        const run = runRule(vpcDefaultSgClosed, [{ type: VPC, name: "main" }, dsg("d", "main", { ingress: UNKNOWN, egress: [] })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/ingress/);
    });
    it("is not applicable without VPCs", () => {
        expect(runRule(vpcDefaultSgClosed, [{ type: DSG }]).notApplicable).to.equal(1);
    });
});
