import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { sgNoOpenIngress } from "./sg-no-open-ingress";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const IN = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const ALB = "aws:alb/loadBalancer:LoadBalancer";
const urn = (type: string, name: string) => `urn:pulumi:test::fixture::${type}::${name}`;
const tcp = (port: number, cidr: string) => ({ protocol: "tcp", fromPort: port, toPort: port, [cidr.includes(":") ? "ipv6CidrBlocks" : "cidrBlocks"]: [cidr] });
const TAIL = "open ingress is allowed only on ports 80, 443 of a group used only by internet-facing load balancers "
    + "(inferred from the plan) or tagged Exposure: edge";

/** A security group named `name` with inline ingress entries. */
const group = (name: string, ingress: unknown[], inputs: Record<string, unknown> = {}): FixtureResource =>
    ({ type: SG, name, inputs: { vpcId: "vpc-1", ingress, egress: [], ...inputs } });
/** A resource whose `prop` holds the group's id as the SDK sends it in preview: unknown, with a property dependency. */
const using = (type: string, name: string, prop: string, sg: string, inputs: Record<string, unknown> = {}): FixtureResource =>
    ({ type, name, inputs: { [prop]: [UNKNOWN], ...inputs }, propertyDependencies: { [prop]: [sg] } });
/** An internet-facing application load balancer using group `sg`. */
const alb = (name: string, sg: string, inputs: Record<string, unknown> = {}, type = LB): FixtureResource =>
    using(type, name, "securityGroups", sg, { loadBalancerType: "application", internal: false, subnets: ["subnet-1", "subnet-2"], ...inputs });

describe("aws rule sg-no-open-ingress (stack)", () => {
    it("passes the platform's endpoint group (443 from the VPC CIDR) and internal rules", () => {
        const run = runRule(sgNoOpenIngress, [
            group("endpoints", [tcp(443, "10.20.0.0/16")]),
            { type: RULE, name: "egress", inputs: { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg" } },
            { type: IN, name: "from-sg", inputs: { securityGroupId: "sg", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-2" } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
        expect(run.checks).to.equal(1);
    });

    it("allows 80 and 443 from the internet on the own group of an internet-facing ALB (aws:lb and aws:alb tokens)", () => {
        const run = runRule(sgNoOpenIngress, [
            group("web-lb", [tcp(443, "0.0.0.0/0"), tcp(80, "0.0.0.0/0")]), alb("web", "web-lb"),
            group("legacy-lb", [tcp(443, "0.0.0.0/0")]), alb("legacy", "legacy-lb", { loadBalancerType: undefined, internal: undefined }, ALB),
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });

    it("reports any other port open to the internet on the load balancer's group, as mandatory", () => {
        const run = runRule(sgNoOpenIngress, [group("web-lb", [tcp(443, "0.0.0.0/0"), tcp(22, "0.0.0.0/0")]), alb("web", "web-lb")]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "sg-no-open-ingress", enforcementLevel: "mandatory", urn: urn(SG, "web-lb") });
        expect(run.messages[0]).to.equal(`security group 'web-lb' allows 0.0.0.0/0 on tcp port 22 (ingress[1]); ${TAIL}.`);
    });

    it("reports 443 open on a group the load balancer shares with anything else", () => {
        const others: [string, string, Record<string, unknown>?][] = [
            ["aws:ec2/instance:Instance", "vpcSecurityGroupIds"],
            ["aws:ec2/launchTemplate:LaunchTemplate", "vpcSecurityGroupIds"],
            ["aws:rds/instance:Instance", "vpcSecurityGroupIds"],
            ["aws:ec2/vpcEndpoint:VpcEndpoint", "securityGroupIds"],
            ["aws:eks/cluster:Cluster", "vpcConfig", { vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: [UNKNOWN] } }],
            ["aws:lambda/function:Function", "vpcConfig", { vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: [UNKNOWN] } }],
        ];
        for (const [type, prop, inputs] of others) {
            const run = runRule(sgNoOpenIngress, [group("web-lb", [tcp(443, "0.0.0.0/0")]), alb("web", "web-lb"), using(type, "other", prop, "web-lb", inputs)]);
            expect(run.messages, type).to.deep.equal([
                `security group 'web-lb' allows 0.0.0.0/0 on tcp port 443 (ingress[0]); ${TAIL}; 'web-lb' is used by ${type} 'other'.`]);
        }
    });

    it("links by the group's id value as well as by property dependencies", () => {
        const byId = (extra: FixtureResource[]) => runRule(sgNoOpenIngress, [
            group("web-lb", [tcp(443, "0.0.0.0/0")], { id: "sg-0a1b2c" }),
            { type: LB, name: "web", inputs: { internal: false, securityGroups: ["sg-0a1b2c"] } },
            ...extra,
        ]);
        expect(byId([]).violations).to.have.length(0);
        const shared = byId([{ type: "aws:lambda/function:Function", name: "fn", inputs: { vpcConfig: { securityGroupIds: ["sg-0a1b2c"], subnetIds: ["subnet-1"] } } }]);
        expect(shared.messages[0]).to.match(/'web-lb' is used by aws:lambda\/function:Function 'fn'\.$/);
        // Another group's id in the same position is not a link.
        expect(byId([{ type: "aws:ec2/instance:Instance", name: "vm", inputs: { vpcSecurityGroupIds: ["sg-999"] } }]).violations).to.have.length(0);
    });

    it("reports 443 open on the group of an internal ALB or of a network load balancer", () => {
        const run = runRule(sgNoOpenIngress, [
            group("int-lb", [tcp(443, "0.0.0.0/0")]), alb("int", "int-lb", { internal: true }),
            group("nlb-sg", [tcp(443, "0.0.0.0/0")]), alb("nlb", "nlb-sg", { loadBalancerType: "network" }),
        ]);
        expect(run.messages).to.deep.equal([
            `security group 'int-lb' allows 0.0.0.0/0 on tcp port 443 (ingress[0]); ${TAIL}; 'int-lb' is used by internal load balancer 'int'.`,
            `security group 'nlb-sg' allows 0.0.0.0/0 on tcp port 443 (ingress[0]); ${TAIL}; 'nlb-sg' is used by network load balancer 'nlb'.`,
        ]);
    });

    it("reports 443 open on a group no internet-facing load balancer uses", () => {
        const run = runRule(sgNoOpenIngress, [group("untagged", [tcp(443, "0.0.0.0/0")])]);
        expect(run.messages).to.deep.equal([
            `security group 'untagged' allows 0.0.0.0/0 on tcp port 443 (ingress[0]); ${TAIL}; 'untagged' is used by no internet-facing load balancer in this plan.`]);
    });

    it("judges separate ingress rules by the group their securityGroupId links to", () => {
        const rule = (type: string, name: string, port: number, sg: string): FixtureResource => ({
            type, name, propertyDependencies: { securityGroupId: [sg] },
            inputs: type === IN ? { securityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: "0.0.0.0/0" }
                : { type: "ingress", securityGroupId: UNKNOWN, protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: ["0.0.0.0/0"] },
        });
        const run = runRule(sgNoOpenIngress, [
            group("web-lb", []), alb("web", "web-lb"),
            rule(IN, "web-443", 443, "web-lb"), rule(RULE, "web-80", 80, "web-lb"), rule(IN, "web-22", 22, "web-lb"),
            group("app", []), using("aws:ec2/instance:Instance", "vm", "vpcSecurityGroupIds", "app"), rule(IN, "app-443", 443, "app"),
        ]);
        expect(run.violations.map((v) => v.urn)).to.deep.equal([urn(IN, "web-22"), urn(IN, "app-443")]);
        expect(run.messages).to.deep.equal([
            `security group 'web-lb' allows 0.0.0.0/0 on tcp port 22 (rule 'web-22'); ${TAIL}.`,
            `security group 'app' allows 0.0.0.0/0 on tcp port 443 (rule 'app-443'); ${TAIL}; 'app' is used by aws:ec2/instance:Instance 'vm'.`,
        ]);
    });

    it("reports an open rule whose group is not in the plan", () => {
        const run = runRule(sgNoOpenIngress, [{ type: IN, name: "ext", inputs: { securityGroupId: "sg-0ext", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" } }]);
        expect(run.messages).to.deep.equal([
            `security group 'sg-0ext' allows 0.0.0.0/0 on tcp port 443 (rule 'ext'); ${TAIL}; 'sg-0ext' is not a security group of this plan, so its users cannot be seen.`]);
    });

    it("keeps the group an edge group when backend groups admit traffic from it, or a component passes it on", () => {
        const run = runRule(sgNoOpenIngress, [
            { type: "platform:edge:PublicEndpoint", name: "edge", inputs: { securityGroupId: UNKNOWN }, propertyDependencies: { securityGroupId: ["web-lb"] } },
            group("web-lb", [tcp(443, "0.0.0.0/0")]), { ...alb("web", "web-lb"), parent: "edge" },
            { ...group("app", [{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: [UNKNOWN] }]), propertyDependencies: { ingress: ["web-lb"] } },
            { type: IN, name: "db-from-lb", inputs: { securityGroupId: "sg-db", referencedSecurityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 5432, toPort: 5432 }, propertyDependencies: { referencedSecurityGroupId: ["web-lb"] } },
            { type: RULE, name: "cache-from-lb", inputs: { type: "ingress", securityGroupId: "sg-cache", sourceSecurityGroupId: UNKNOWN, protocol: "tcp", fromPort: 6379, toPort: 6379 }, propertyDependencies: { sourceSecurityGroupId: ["web-lb"] } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });

    it("allows the edge ports, and nothing else, on groups and ingress rules tagged Exposure: edge", () => {
        const tags = { Exposure: "edge" };
        const run = runRule(sgNoOpenIngress, [
            group("tagged", [tcp(443, "0.0.0.0/0"), tcp(80, "::/0")], { tags }),
            { type: IN, name: "tagged-443", inputs: { tags, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-0ext" } },
            group("tagged-wide", [{ protocol: "tcp", fromPort: 80, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }], { tags }),
            group("tagged-all", [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }], { tags }),
        ]);
        expect(run.violations.map((v) => v.urn)).to.deep.equal([urn(SG, "tagged-wide"), urn(SG, "tagged-all")]);
        expect(run.messages).to.deep.equal([
            `security group 'tagged-wide' allows 0.0.0.0/0 on tcp ports 80-443 (ingress[0]); ${TAIL}.`,
            `security group 'tagged-all' allows ::/0 on all protocols and ports (ingress[0]); ${TAIL}.`,
        ]);
    });

    it("treats ::/0 like 0.0.0.0/0", () => {
        const run = runRule(sgNoOpenIngress, [
            group("web-lb", [tcp(443, "::/0"), tcp(3306, "::/0")]), alb("web", "web-lb"),
            { type: IN, name: "v6", inputs: { securityGroupId: "sg-0ext", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv6: "::/0" } },
        ]);
        expect(run.messages).to.deep.equal([
            `security group 'web-lb' allows ::/0 on tcp port 3306 (ingress[1]); ${TAIL}.`,
            `security group 'sg-0ext' allows ::/0 on tcp port 22 (rule 'v6'); ${TAIL}.`,
        ]);
    });

    it("follows the edgePorts config", () => {
        const res = [group("web-lb", [tcp(8443, "0.0.0.0/0")]), alb("web", "web-lb")];
        expect(runRule(sgNoOpenIngress, res).messages[0]).to.match(/on tcp port 8443 .*only on ports 80, 443 of/);
        expect(runRule(sgNoOpenIngress, res, { config: { "sg-no-open-ingress": { edgePorts: [443, 8443] } } }).violations).to.have.length(0);
    });

    it("defers unknown sources, but reports a known open rule next to them", () => {
        const unknown = runRule(sgNoOpenIngress, [
            group("a", [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: UNKNOWN }]),
            { type: IN, name: "b", inputs: { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: UNKNOWN, securityGroupId: "sg" } },
        ]);
        expect(unknown.violations).to.have.length(0);
        expect(unknown.unknowns).to.have.length(1);
        expect(unknown.unknowns[0].message).to.match(/a\.ingress\[0\]\.cidrBlocks/);
        const mixed = runRule(sgNoOpenIngress, [group("c", [UNKNOWN, tcp(22, "0.0.0.0/0")]), { type: IN, name: "b", inputs: { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: UNKNOWN, securityGroupId: "sg" } }]);
        expect(mixed.messages).to.deep.equal([`security group 'c' allows 0.0.0.0/0 on tcp port 22 (ingress[1]); ${TAIL}.`]);
        expect(mixed.unknowns).to.have.length(0);
    });

    it("defers unknown tags only when the tag alone could allow the entry", () => {
        const lone = runRule(sgNoOpenIngress, [group("a", [tcp(443, "0.0.0.0/0")], { tags: UNKNOWN })]);
        expect(lone.violations).to.have.length(0);
        expect(lone.unknowns.map((u) => u.message)).to.satisfy((m: string[]) => m.length === 1 && /a\.tags/.test(m[0]));
        const inferred = runRule(sgNoOpenIngress, [group("web-lb", [tcp(443, "0.0.0.0/0")], { tags: UNKNOWN }), alb("web", "web-lb")]);
        expect(inferred.violations).to.have.length(0);
        expect(inferred.unknowns).to.have.length(0);
    });

    it("defers when an unknown id or load balancer setting could change whether the group is an edge group", () => {
        const open = group("web-lb", [tcp(443, "0.0.0.0/0")]);
        const defers = (resources: FixtureResource[], path: RegExp) => {
            const run = runRule(sgNoOpenIngress, resources);
            expect(run.violations, String(path)).to.have.length(0);
            expect(run.unknowns.map((u) => u.message), String(path)).to.satisfy((m: string[]) => m.length === 1 && path.test(m[0]));
        };
        // A load balancer whose groups are unknown and carry no dependency may use the group: no proof either way.
        defers([open, { type: LB, name: "web", inputs: { internal: false, securityGroups: [UNKNOWN] } }], /web\.securityGroups/);
        // A possible other user of a group the load balancer uses.
        defers([open, alb("web", "web-lb"), { type: "aws:ec2/instance:Instance", name: "vm", inputs: { vpcSecurityGroupIds: [UNKNOWN] } }], /vm\.vpcSecurityGroupIds/);
        defers([open, alb("web", "web-lb", { internal: UNKNOWN })], /web\.internal/);
        defers([group("web-lb", []), alb("web", "web-lb"),
            { type: IN, name: "r", inputs: { securityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" } }], /r\.securityGroupId/);
        // An unknown id that could only add a non-edge user to a group that is not an edge group anyway changes nothing.
        const run = runRule(sgNoOpenIngress, [open, { type: "aws:ec2/instance:Instance", name: "vm", inputs: { vpcSecurityGroupIds: [UNKNOWN] } }]);
        expect(run.violations).to.have.length(1);
    });

    it("honours a waiver for one group", () => {
        const run = runRule(sgNoOpenIngress, [group("partner", [tcp(443, "0.0.0.0/0")])], {
            waivers: [{ policy: "sg-no-open-ingress", resource: "partner", reason: "Partner webhook receiver behind an NLB, reviewed" }],
        });
        expect(run.violations).to.have.length(0);
        expect(run.waived).to.have.length(1);
    });

    it("is not applicable without security groups or their rules (default groups: see vpc-default-sg-closed)", () => {
        expect(runRule(sgNoOpenIngress, [{ type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup" }]).notApplicable).to.equal(1);
    });
});
