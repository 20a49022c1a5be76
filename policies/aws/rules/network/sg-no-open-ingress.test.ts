import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../lib/testing";
import { sgNoOpenIngress } from "./sg-no-open-ingress";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const IN = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const https = (cidr: string) => ({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [cidr] });

describe("aws rule sg-no-open-ingress", () => {
    it("passes the platform's endpoint group (443 from the VPC CIDR) and internal rules", () => {
        const run = runRule(sgNoOpenIngress, [
            { type: SG, name: "endpoints", inputs: { vpcId: "v", ingress: [https("10.20.0.0/16")], egress: [] } },
            { type: RULE, name: "egress", inputs: { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg" } },
            { type: IN, name: "from-sg", inputs: { securityGroupId: "sg", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-2" } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(3);
    });
    it("reports SSH open to the internet, as mandatory", () => {
        const run = runRule(sgNoOpenIngress, [{ type: SG, name: "ssh", inputs: { ingress: [https("10.0.0.0/8"), { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "sg-no-open-ingress", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${SG}::ssh` });
        expect(run.messages[0]).to.equal("ingress[1] allows tcp port 22 from 0.0.0.0/0; only ports 80, 443 of resources tagged Exposure: edge may be open to the internet.");
    });
    it("reports open SecurityGroupRule and SecurityGroupIngressRule (IPv6 too)", () => {
        const run = runRule(sgNoOpenIngress, [
            { type: RULE, inputs: { type: "ingress", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"], securityGroupId: "sg" } },
            { type: IN, inputs: { securityGroupId: "sg", ipProtocol: "tcp", fromPort: 3306, toPort: 3306, cidrIpv4: "0.0.0.0/0" } },
        ]);
        expect(run.messages).to.deep.equal([
            "rule allows all traffic from ::/0; only ports 80, 443 of resources tagged Exposure: edge may be open to the internet.",
            "rule allows tcp port 3306 from 0.0.0.0/0; only ports 80, 443 of resources tagged Exposure: edge may be open to the internet.",
        ]);
    });
    it("allows edge ports on resources tagged Exposure: edge, and nothing else there", () => {
        const run = runRule(sgNoOpenIngress, [
            { type: SG, name: "alb", inputs: { tags: { Exposure: "edge" }, ingress: [https("0.0.0.0/0"), { protocol: "tcp", fromPort: 80, toPort: 80, ipv6CidrBlocks: ["::/0"] }] } },
            { type: IN, name: "alb-443", inputs: { tags: { Exposure: "edge" }, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg" } },
            { type: SG, name: "alb-wide", inputs: { tags: { Exposure: "edge" }, ingress: [{ protocol: "tcp", fromPort: 80, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] } },
            { type: SG, name: "untagged", inputs: { ingress: [https("0.0.0.0/0")] } },
        ]);
        expect(run.violations.map((v) => v.urn)).to.deep.equal([`urn:pulumi:test::fixture::${SG}::alb-wide`, `urn:pulumi:test::fixture::${SG}::untagged`]);
        expect(run.messages[0]).to.equal("ingress[0] allows tcp ports 80-443 from 0.0.0.0/0 (resource is tagged Exposure: edge, but only ports 80, 443 may be open).");
    });
    it("follows the edgePorts config", () => {
        const res = [{ type: IN, inputs: { tags: { Exposure: "edge" }, ipProtocol: "tcp", fromPort: 8443, toPort: 8443, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg" } }];
        expect(runRule(sgNoOpenIngress, res).violations).to.have.length(1);
        expect(runRule(sgNoOpenIngress, res, { config: { "sg-no-open-ingress": { edgePorts: [443, 8443] } } }).violations).to.have.length(0);
    });
    it("defers unknown sources, but reports a known open rule next to them", () => {
        const unknown = runRule(sgNoOpenIngress, [
            { type: SG, name: "a", inputs: { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: UNKNOWN }] } },
            { type: IN, name: "b", inputs: { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: UNKNOWN, securityGroupId: "sg" } },
        ]);
        expect(unknown.violations).to.have.length(0);
        expect(unknown.unknowns).to.have.length(2);
        expect(unknown.unknowns[0].message).to.match(/ingress\[0\]\.cidrBlocks/);
        expect(unknown.unknowns[1].message).to.match(/cidrIpv4/);
        const mixed = runRule(sgNoOpenIngress, [{ type: SG, inputs: { ingress: [UNKNOWN, { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] } }]);
        expect(mixed.violations).to.have.length(1);
        expect(mixed.unknowns).to.have.length(0);
    });
    it("defers unknown tags when only the edge exception could allow the rule", () => {
        const run = runRule(sgNoOpenIngress, [{ type: SG, inputs: { tags: UNKNOWN, ingress: [https("0.0.0.0/0")] } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/tags/);
    });
    it("is not applicable to default security groups (see vpc-default-sg-closed)", () => {
        expect(runRule(sgNoOpenIngress, [{ type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup" }]).notApplicable).to.equal(1);
    });
});
