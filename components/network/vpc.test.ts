import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError } from "../shared/validate";
import { cidrsOverlap } from "../shared/cidr";
import { cloudContextFor, MockCloud } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import { planSubnets, selectZones, Vpc, VpcArgs } from "./vpc";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-4333-a444-555555555555`;
const COMPONENT = "platform:network:Vpc";
/** The flow-log group's physical name, as a stack passes it (unique per stack). */
const LOG_GROUP = "/vpc/test-dev-net/flow-logs";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    rt: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    assoc: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    igw: "aws:ec2/internetGateway:InternetGateway",
    eip: "aws:ec2/eip:Eip",
    nat: "aws:ec2/natGateway:NatGateway",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    flowLog: "aws:ec2/flowLog:FlowLog",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
};

function baseArgs(over: Partial<VpcArgs> = {}): VpcArgs {
    return { cidrBlock: "10.0.0.0/16", availabilityZoneCount: 2, natGateways: "single", flowLogs: { logGroupName: LOG_GROUP, kmsKeyArn: KEY_ARN }, ...over };
}

function record(program: () => unknown, stack = "dev", region = REGION): Promise<Recording> {
    return recordProgram(program, {
        project: "test", stack, config: { "aws:region": region },
        cloud: cloudContextFor(region, ACCOUNT),
    });
}

/** Build one Vpc named "net" under fresh mocks and index what was recorded. */
async function build(args: VpcArgs, stack = "dev", name = "net", region = REGION) {
    let network: Vpc | undefined;
    const rec = await record(() => {
        network = new Vpc(name, args);
        const sg = network.endpointSecurityGroupId;
        return { privateSubnetIds: network.privateSubnetIds, natGatewayIds: network.natGatewayIds, ...(sg ? { endpointSg: sg } : {}) };
    }, stack, region);
    const urn = (type: string, n: string) => `urn:pulumi:${stack}::test::${COMPONENT}$${type}::${n}`;
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const one = (type: string, n: string): PlanResource => {
        const found = rec.resources.filter((r) => r.type === type && r.name === n);
        expect(found, `${type}::${n}`).to.have.length(1);
        return found[0];
    };
    const subnets = (tier: string) => of(T.subnet).filter((s) => (s.inputs.tags as any).Tier === tier)
        .sort((a, b) => a.name.localeCompare(b.name));
    return { rec, network: network!, urn, of, one, subnets, componentUrn: `urn:pulumi:${stack}::test::${COMPONENT}::${name}` };
}

/** Run a program expected to throw inside the stack; return the error and what had been registered by then. */
async function buildFailing(args: unknown): Promise<{ error: unknown; resources: PlanResource[]; invokes: string[] }> {
    let error: unknown;
    const rec = await record(() => {
        try { new Vpc("net", args as VpcArgs); } catch (e) { error = e; }
    });
    return { error, resources: rec.resources, invokes: [...rec.cloud.invokes.keys()] };
}

const parsed = (r: PlanResource, key: string) => JSON.parse(r.inputs[key] as string);

describe("network/Vpc", () => {
    describe("planSubnets", () => {
        it("plans three tiers per zone: private /19, public and isolated /22 for a /16", () => {
            expect(planSubnets("10.0.0.0/16", 2)).to.deep.equal([
                { tier: "public", zoneIndex: 0, cidrBlock: "10.0.128.0/22" },
                { tier: "private", zoneIndex: 0, cidrBlock: "10.0.0.0/19" },
                { tier: "isolated", zoneIndex: 0, cidrBlock: "10.0.160.0/22" },
                { tier: "public", zoneIndex: 1, cidrBlock: "10.0.132.0/22" },
                { tier: "private", zoneIndex: 1, cidrBlock: "10.0.32.0/19" },
                { tier: "isolated", zoneIndex: 1, cidrBlock: "10.0.164.0/22" },
            ]);
        });
        it("fits six zones (us-east-1) in a /20 without overlap; the first four zones keep their blocks", () => {
            for (const vpc of ["10.0.0.0/16", "10.0.0.0/20"]) {
                const plan = planSubnets(vpc, 6);
                expect(plan).to.have.length(18);
                for (let a = 0; a < plan.length; a++) {
                    expect(cidrsOverlap(plan[a].cidrBlock, vpc), plan[a].cidrBlock).to.equal(true);
                    for (let b = a + 1; b < plan.length; b++) {
                        expect(cidrsOverlap(plan[a].cidrBlock, plan[b].cidrBlock), `${plan[a].cidrBlock} ${plan[b].cidrBlock}`).to.equal(false);
                    }
                }
                expect(plan.slice(0, 12)).to.deep.equal(planSubnets(vpc, 4));
            }
            expect(planSubnets("10.0.0.0/16", 6).filter((p) => p.tier === "private").map((p) => p.cidrBlock)).to.deep.equal([
                "10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/19", "10.0.192.0/19", "10.0.224.0/19",
            ]);
        });
        it("adds one subnet per tier for a third zone", () => {
            const plan = planSubnets("10.0.0.0/16", 3);
            expect(plan).to.have.length(9);
            expect(plan.filter((p) => p.zoneIndex === 2)).to.deep.equal([
                { tier: "public", zoneIndex: 2, cidrBlock: "10.0.136.0/22" },
                { tier: "private", zoneIndex: 2, cidrBlock: "10.0.64.0/19" },
                { tier: "isolated", zoneIndex: 2, cidrBlock: "10.0.168.0/22" },
            ]);
        });
        it("never overlaps and stays inside the VPC for every allowed prefix and zone count", () => {
            for (const vpc of ["10.0.0.0/16", "10.20.0.0/17", "10.30.0.0/18", "172.16.0.0/19", "192.168.16.0/20"]) {
                for (let zones = 2; zones <= 4; zones++) {
                    const plan = planSubnets(vpc, zones);
                    expect(plan, `${vpc} x${zones}`).to.have.length(3 * zones);
                    plan.forEach((a, i) => {
                        expect(cidrsOverlap(a.cidrBlock, vpc), `${a.cidrBlock} in ${vpc}`).to.equal(true);
                        plan.slice(i + 1).forEach((b) => expect(cidrsOverlap(a.cidrBlock, b.cidrBlock), `${a.cidrBlock} vs ${b.cidrBlock}`).to.equal(false));
                    });
                }
            }
        });
        it("scales subnet sizes with the VPC prefix (a /20 gives /23 private, /26 public and isolated)", () => {
            const plan = planSubnets("10.1.0.0/20", 4);
            expect(plan.filter((p) => p.tier === "private").map((p) => p.cidrBlock))
                .to.deep.equal(["10.1.0.0/23", "10.1.2.0/23", "10.1.4.0/23", "10.1.6.0/23"]);
            expect(plan.filter((p) => p.tier === "public").map((p) => p.cidrBlock))
                .to.deep.equal(["10.1.8.0/26", "10.1.8.64/26", "10.1.8.128/26", "10.1.8.192/26"]);
            expect(plan.filter((p) => p.tier === "isolated").map((p) => p.cidrBlock))
                .to.deep.equal(["10.1.10.0/26", "10.1.10.64/26", "10.1.10.128/26", "10.1.10.192/26"]);
        });
    });

    describe("two zones, single NAT (dev shape)", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(baseArgs({ tags: { Team: "platform", Name: "ignored" } })); });

        it("creates one VPC with DNS support and the given CIDR", () => {
            const vpcs = b.of(T.vpc);
            expect(vpcs).to.have.length(1);
            expect(vpcs[0].inputs).to.include({ cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });
        });
        it("creates two subnets per tier with the planned CIDRs, in consecutive zones", () => {
            expect(b.of(T.subnet)).to.have.length(6);
            const summary = (tier: string) => b.subnets(tier).map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZone]);
            expect(summary("public")).to.deep.equal([["net-public-1", "10.0.128.0/22", "eu-west-1a"], ["net-public-2", "10.0.132.0/22", "eu-west-1b"]]);
            expect(summary("private")).to.deep.equal([["net-private-1", "10.0.0.0/19", "eu-west-1a"], ["net-private-2", "10.0.32.0/19", "eu-west-1b"]]);
            expect(summary("isolated")).to.deep.equal([["net-isolated-1", "10.0.160.0/22", "eu-west-1a"], ["net-isolated-2", "10.0.164.0/22", "eu-west-1b"]]);
            // The data stores' CIDRs, known before any subnet exists.
            expect(b.network.isolatedSubnetCidrBlocks).to.deep.equal(b.subnets("isolated").map((s) => s.inputs.cidrBlock));
        });
        it("never maps public IPs on launch, in any tier", () => {
            for (const s of b.of(T.subnet)) expect(s.inputs.mapPublicIpOnLaunch, s.name).to.equal(false);
        });
        it("tags public subnets for internet-facing and private subnets for internal load balancers, isolated for neither", () => {
            for (const s of b.subnets("public")) {
                expect(s.inputs.tags, s.name).to.have.property("kubernetes.io/role/elb", "1");
                expect(s.inputs.tags, s.name).to.not.have.property("kubernetes.io/role/internal-elb");
            }
            for (const s of b.subnets("private")) {
                expect(s.inputs.tags, s.name).to.have.property("kubernetes.io/role/internal-elb", "1");
                expect(s.inputs.tags, s.name).to.not.have.property("kubernetes.io/role/elb");
            }
            for (const s of b.subnets("isolated")) {
                expect(Object.keys(s.inputs.tags as object).filter((k) => k.startsWith("kubernetes.io/")), s.name).to.deep.equal([]);
            }
        });
        it("creates one EIP and one NAT gateway, in the first public subnet, after the internet gateway", () => {
            const nats = b.of(T.nat);
            expect(nats).to.have.length(1);
            expect(b.of(T.eip)).to.have.length(1);
            expect(nats[0].propertyDependencies.subnetId).to.deep.equal([b.urn(T.subnet, "net-public-1")]);
            expect(nats[0].propertyDependencies.allocationId).to.deep.equal([b.urn(T.eip, "net-nat-1")]);
            expect(nats[0].inputs.connectivityType).to.equal("public");
            expect(nats[0].options.dependsOn).to.include(b.urn(T.igw, "net-igw"));
            expect(b.of(T.eip)[0].options.dependsOn).to.include(b.urn(T.igw, "net-igw"));
        });
        it("routes both private route tables through the single NAT", () => {
            for (const i of [1, 2]) {
                const route = b.one(T.route, `net-private-default-${i}`);
                expect(route.inputs.destinationCidrBlock).to.equal("0.0.0.0/0");
                expect(route.propertyDependencies.natGatewayId).to.deep.equal([b.urn(T.nat, "net-nat-1")]);
                expect(route.propertyDependencies.routeTableId).to.deep.equal([b.urn(T.rt, `net-private-rt-${i}`)]);
            }
        });
        it("routes the public tier to the internet gateway and associates each subnet with its tier's table", () => {
            const route = b.one(T.route, "net-public-default");
            expect(route.propertyDependencies.gatewayId).to.deep.equal([b.urn(T.igw, "net-igw")]);
            expect(route.propertyDependencies.routeTableId).to.deep.equal([b.urn(T.rt, "net-public-rt")]);
            const assoc = (n: string) => b.one(T.assoc, n).propertyDependencies;
            expect(assoc("net-public-2")).to.deep.include({ subnetId: [b.urn(T.subnet, "net-public-2")], routeTableId: [b.urn(T.rt, "net-public-rt")] });
            expect(assoc("net-private-2")).to.deep.include({ subnetId: [b.urn(T.subnet, "net-private-2")], routeTableId: [b.urn(T.rt, "net-private-rt-2")] });
            expect(assoc("net-isolated-1")).to.deep.include({ subnetId: [b.urn(T.subnet, "net-isolated-1")], routeTableId: [b.urn(T.rt, "net-isolated-rt")] });
            expect(b.of(T.assoc)).to.have.length(6);
        });
        it("gives the isolated route table no route at all", () => {
            const isolatedRt = b.urn(T.rt, "net-isolated-rt");
            const routes = b.of(T.route).filter((r) => (r.propertyDependencies.routeTableId ?? []).includes(isolatedRt));
            expect(routes).to.deep.equal([]);
            expect(b.of(T.route)).to.have.length(3); // public default + one per private table
        });
        it("encrypts the flow-log group with the given key and keeps it for the default 365 days", () => {
            const lg = b.one(T.logGroup, "net-flow-logs");
            expect(lg.inputs).to.include({ kmsKeyId: KEY_ARN, retentionInDays: 365, name: LOG_GROUP });
        });
        it("logs ALL traffic of the VPC to CloudWatch Logs through the flow-log role", () => {
            const fl = b.one(T.flowLog, "net-flow-logs");
            expect(fl.inputs).to.include({ trafficType: "ALL", logDestinationType: "cloud-watch-logs",
                logDestination: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}` });
            expect(fl.propertyDependencies).to.deep.include({
                vpcId: [b.urn(T.vpc, "net-vpc")],
                logDestination: [b.urn(T.logGroup, "net-flow-logs")],
                iamRoleArn: [b.urn(T.role, "net-flow-logs")],
            });
        });
        it("lets only this account's VPC flow-logs service assume the role (confused-deputy guard)", () => {
            const doc = parsed(b.one(T.role, "net-flow-logs"), "assumeRolePolicy");
            expect(doc.Version).to.equal("2012-10-17");
            expect(doc.Statement).to.deep.equal([{
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/*` },
                },
            }]);
        });
        it("scopes the role's inline policy to the flow-log group (no wildcard resource)", () => {
            const policies = b.of(T.rolePolicy);
            expect(policies).to.have.length(1);
            const groupArn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}`;
            const doc = parsed(policies[0], "policy");
            for (const st of doc.Statement) {
                expect(st.Effect).to.equal("Allow");
                expect(st.Resource).to.deep.equal([groupArn, `${groupArn}:*`]);
                expect([].concat(st.Action)).to.not.include("*");
                expect([].concat(st.Action)).to.not.include("logs:*");
            }
            expect(JSON.stringify(doc)).to.not.match(/"Resource":"\*"|"\*"\]/);
            expect(policies[0].propertyDependencies.role).to.deep.equal([b.urn(T.role, "net-flow-logs")]);
        });
        it("attaches s3 and dynamodb gateway endpoints to the private and isolated route tables only", () => {
            const gateways = b.of(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Gateway");
            expect(gateways.map((g) => g.inputs.serviceName).sort()).to.deep.equal([`com.amazonaws.${REGION}.dynamodb`, `com.amazonaws.${REGION}.s3`]);
            for (const g of gateways) {
                expect(g.propertyDependencies.routeTableIds, g.name).to.have.members([
                    b.urn(T.rt, "net-private-rt-1"), b.urn(T.rt, "net-private-rt-2"), b.urn(T.rt, "net-isolated-rt"),
                ]);
                expect(g.inputs.routeTableIds).to.have.length(3);
                const doc = parsed(g, "policy");
                expect(doc.Statement).to.have.length(1);
                expect(doc.Statement[0].Condition).to.deep.equal({ StringEquals: { "aws:PrincipalAccount": ACCOUNT } });
            }
        });
        it("places the default interface endpoints in the private subnets with private DNS", () => {
            const ifaces = b.of(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
            expect(ifaces.map((e) => e.inputs.serviceName)).to.have.members(
                ["ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs"].map((s) => `com.amazonaws.${REGION}.${s}`));
            expect(ifaces.map((e) => e.name)).to.have.members(["net-ecr-api", "net-ecr-dkr", "net-sts", "net-secretsmanager", "net-logs"]);
            expect(ifaces).to.have.length(5);
            const privateUrns = [b.urn(T.subnet, "net-private-1"), b.urn(T.subnet, "net-private-2")];
            const privateIds = b.rec.outputs.privateSubnetIds;
            for (const e of ifaces) {
                expect(e.inputs.privateDnsEnabled, e.name).to.equal(true);
                expect(e.propertyDependencies.subnetIds, e.name).to.deep.equal(privateUrns);
                expect(e.inputs.subnetIds, e.name).to.deep.equal(privateIds);
                expect(e.propertyDependencies.securityGroupIds, e.name).to.deep.equal([b.urn(T.sg, "net-endpoints")]);
            }
        });
        it("opens the endpoint security group to 443 from the VPC CIDR only, with no egress", () => {
            const sgs = b.of(T.sg);
            expect(sgs).to.have.length(1);
            expect(sgs[0].inputs.ingress).to.deep.equal([{
                description: "HTTPS from inside the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"],
            }]);
            expect(sgs[0].inputs.egress).to.deep.equal([]);
            expect(b.rec.outputs.endpointSg).to.match(/^sg-/);
        });
        it("strips every rule from the default security group", () => {
            const d = b.of(T.defaultSg);
            expect(d).to.have.length(1);
            expect(d[0].inputs.ingress).to.deep.equal([]);
            expect(d[0].inputs.egress).to.deep.equal([]);
            expect(d[0].propertyDependencies.vpcId).to.deep.equal([b.urn(T.vpc, "net-vpc")]);
        });
        it("merges the given tags into every taggable child, with the child's own Name winning", () => {
            const untaggable = new Set([T.route, T.assoc, T.rolePolicy]);
            const children = b.rec.resources.filter((r) => r.custom);
            for (const r of children) {
                if (untaggable.has(r.type)) {
                    expect(r.inputs, r.urn).to.not.have.property("tags");
                    continue;
                }
                expect(r.inputs.tags, r.urn).to.include({ Team: "platform" });
                // Interface endpoints keep the service's dots in their Name tag (net-ecr.api); the rest use the resource name.
                const expectedName = r.type === T.endpoint && r.inputs.vpcEndpointType === "Interface"
                    ? `net-${String(r.inputs.serviceName).replace(`com.amazonaws.${REGION}.`, "")}` : r.name;
                expect((r.inputs.tags as any).Name, r.urn).to.equal(expectedName);
            }
            // Spot checks of the names themselves.
            expect(b.one(T.vpc, "net-vpc").inputs.tags).to.deep.equal({ Team: "platform", Name: "net-vpc" });
            expect(b.one(T.subnet, "net-private-1").inputs.tags).to.deep.equal({
                Team: "platform", Name: "net-private-1", Tier: "private", "kubernetes.io/role/internal-elb": "1",
            });
        });
        it("parents every child on the component and gives every URN the engine's format", () => {
            expect(b.rec.resources[0].type).to.equal("pulumi:pulumi:Stack");
            const component = b.rec.resources.filter((r) => r.type === COMPONENT);
            expect(component).to.have.length(1);
            expect(component[0].urn).to.equal(b.componentUrn);
            expect(component[0].parent).to.equal("urn:pulumi:dev::test::pulumi:pulumi:Stack::test-dev");
            const children = b.rec.resources.filter((r) => r.custom);
            expect(children.length).to.be.greaterThan(30);
            for (const r of children) {
                expect(r.parent, r.urn).to.equal(b.componentUrn);
                expect(r.urn).to.equal(`urn:pulumi:dev::test::${COMPONENT}$${r.type}::${r.name}`);
                expect(r.name, r.urn).to.match(/^net-/);
            }
            expect(b.one(T.subnet, "net-public-1").urn).to.equal("urn:pulumi:dev::test::platform:network:Vpc$aws:ec2/subnet:Subnet::net-public-1");
            expect(new Set(b.rec.resources.map((r) => r.urn)).size).to.equal(b.rec.resources.length);
        });
        it("creates nothing with the default provider overridden or protected", () => {
            for (const r of b.rec.resources) {
                expect(r.options.provider, r.urn).to.equal(null);
                expect(r.options.protect, r.urn).to.equal(false);
            }
        });
    });

    describe("protect", () => {
        it("protects the flow-log group, and only it, when asked (its logs are lost with it)", async () => {
            const b = await build(baseArgs({ protect: true }));
            const protectedOnes = b.rec.resources.filter((r) => r.options.protect).map((r) => r.type);
            expect(protectedOnes).to.deep.equal([T.logGroup]);
        });
    });

    describe("three zones, NAT per zone (prod shape)", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => {
            b = await build(baseArgs({ availabilityZoneCount: 3, natGateways: "perAz",
                flowLogs: { logGroupName: LOG_GROUP, kmsKeyArn: KEY_ARN, retentionInDays: 731, trafficType: "REJECT" } }), "prod");
        });

        it("creates three subnets per tier with the planned CIDRs", () => {
            expect(b.of(T.subnet)).to.have.length(9);
            const plan = planSubnets("10.0.0.0/16", 3);
            for (const p of plan) {
                const s = b.one(T.subnet, `net-${p.tier}-${p.zoneIndex + 1}`);
                expect(s.inputs.cidrBlock, s.name).to.equal(p.cidrBlock);
                expect(s.inputs.availabilityZone, s.name).to.equal(`${REGION}${"abc"[p.zoneIndex]}`);
            }
            expect(b.subnets("private").map((s) => s.inputs.cidrBlock)).to.deep.equal(["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]);
        });
        it("creates one NAT per zone, each in its own zone's public subnet", () => {
            const nats = b.of(T.nat);
            expect(nats).to.have.length(3);
            expect(b.of(T.eip)).to.have.length(3);
            for (const i of [1, 2, 3]) {
                expect(b.one(T.nat, `net-nat-${i}`).propertyDependencies.subnetId).to.deep.equal([b.urn(T.subnet, `net-public-${i}`)]);
            }
            expect(b.rec.outputs.natGatewayIds).to.have.length(3);
        });
        it("routes each private route table through its own zone's NAT", () => {
            for (const i of [1, 2, 3]) {
                const route = b.one(T.route, `net-private-default-${i}`);
                expect(route.propertyDependencies.natGatewayId, `zone ${i}`).to.deep.equal([b.urn(T.nat, `net-nat-${i}`)]);
                expect(route.propertyDependencies.routeTableId).to.deep.equal([b.urn(T.rt, `net-private-rt-${i}`)]);
                expect(route.dependencies).to.not.include(b.urn(T.nat, `net-nat-${(i % 3) + 1}`));
            }
        });
        it("applies the given retention and traffic type", () => {
            expect(b.one(T.logGroup, "net-flow-logs").inputs).to.include({ retentionInDays: 731, kmsKeyId: KEY_ARN });
            expect(b.one(T.flowLog, "net-flow-logs").inputs.trafficType).to.equal("REJECT");
        });
        it("attaches gateway endpoints to all three private tables and the isolated one", () => {
            for (const svc of ["s3", "dynamodb"]) {
                expect(b.one(T.endpoint, `net-${svc}`).propertyDependencies.routeTableIds).to.have.members([
                    b.urn(T.rt, "net-private-rt-1"), b.urn(T.rt, "net-private-rt-2"), b.urn(T.rt, "net-private-rt-3"), b.urn(T.rt, "net-isolated-rt"),
                ]);
            }
        });
        it("puts interface endpoints in all three private subnets", () => {
            for (const e of b.of(T.endpoint).filter((x) => x.inputs.vpcEndpointType === "Interface")) {
                expect(e.propertyDependencies.subnetIds).to.deep.equal([1, 2, 3].map((i) => b.urn(T.subnet, `net-private-${i}`)));
            }
        });
        it("uses the stack in every URN", () => {
            for (const r of b.rec.resources) expect(r.urn, r.urn).to.match(/^urn:pulumi:prod::test::/);
            expect(b.one(T.subnet, "net-isolated-3").urn).to.equal("urn:pulumi:prod::test::platform:network:Vpc$aws:ec2/subnet:Subnet::net-isolated-3");
        });
    });

    describe("options", () => {
        it("natGateways none: no EIP, no NAT, no private default route; private subnets still associated", async () => {
            const b = await build(baseArgs({ natGateways: "none" }));
            expect(b.of(T.nat)).to.have.length(0);
            expect(b.of(T.eip)).to.have.length(0);
            expect(b.of(T.route).map((r) => r.name)).to.deep.equal(["net-public-default"]);
            expect(b.of(T.assoc).filter((a) => a.name.startsWith("net-private-"))).to.have.length(2);
            expect(b.rec.outputs.natGatewayIds).to.deep.equal([]);
        });
        it("natGateways defaults to one per zone", async () => {
            const args = baseArgs({ availabilityZoneCount: 3 });
            delete args.natGateways;
            const b = await build(args);
            expect(b.of(T.nat)).to.have.length(3);
        });
        it("no interface endpoints: no endpoint security group and no interface endpoints", async () => {
            const b = await build(baseArgs({ interfaceEndpoints: [] }));
            expect(b.of(T.sg)).to.have.length(0);
            expect(b.of(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface")).to.have.length(0);
            expect(b.of(T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Gateway")).to.have.length(2);
            expect(b.network.endpointSecurityGroupId).to.equal(undefined);
        });
        it("custom endpoint lists: only the named services are created", async () => {
            const b = await build(baseArgs({ interfaceEndpoints: ["kms", "ssm"], gatewayEndpoints: ["s3"] }));
            expect(b.of(T.endpoint).map((e) => `${String(e.inputs.vpcEndpointType)}:${String(e.inputs.serviceName)}`).sort()).to.deep.equal([
                `Gateway:com.amazonaws.${REGION}.s3`, `Interface:com.amazonaws.${REGION}.kms`, `Interface:com.amazonaws.${REGION}.ssm`,
            ]);
        });
        it("a /20 VPC in four zones of us-east-1 registers the subnets of the plan, in the region's first four zones", async () => {
            const b = await build(baseArgs({ cidrBlock: "10.1.0.0/20", availabilityZoneCount: 4 }), "dev", "net", "us-east-1");
            expect(b.of(T.subnet).map((s) => s.inputs.cidrBlock).sort())
                .to.deep.equal(planSubnets("10.1.0.0/20", 4).map((p) => p.cidrBlock).sort());
            for (const tier of ["public", "private", "isolated"]) {
                expect(b.subnets(tier).map((s) => s.inputs.availabilityZone), tier).to.deep.equal(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"]);
            }
            expect(b.one(T.endpoint, "net-s3").inputs.serviceName).to.equal("com.amazonaws.us-east-1.s3");
        });
        it("child names follow the component name; the flow-log group's physical name is the one given", async () => {
            const b = await build(baseArgs({ flowLogs: { logGroupName: "/vpc/shop-blue/flow-logs", kmsKeyArn: KEY_ARN } }), "dev", "edge");
            for (const r of b.rec.resources.filter((x) => x.custom)) expect(r.name, r.urn).to.match(/^edge-/);
            expect(b.one(T.logGroup, "edge-flow-logs").inputs.name).to.equal("/vpc/shop-blue/flow-logs");
        });
    });

    describe("availability zones the region does not have", () => {
        const problem = "availabilityZoneCount: '4' is not allowed; region eu-west-1 has 3 available zones " +
            "(eu-west-1a, eu-west-1b, eu-west-1c); expected at most 3";

        it("selectZones takes the region's first zones, and names them all when there are too few", () => {
            expect(selectZones("us-east-1", ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"], 3))
                .to.deep.equal(["us-east-1a", "us-east-1b", "us-east-1c"]);
            let error: unknown;
            try { selectZones("eu-west-1", ["eu-west-1a", "eu-west-1b", "eu-west-1c"], 4); } catch (e) { error = e; }
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as ComponentArgsError).problems).to.deep.equal([problem]);
        });

        it("4 zones in eu-west-1 fail the deployment with one RunError naming the zones, before any subnet is registered", async () => {
            // What reaches the mock cloud was registered (a registration whose inputs fail never does).
            const registered: string[] = [];
            // eslint-disable-next-line @typescript-eslint/unbound-method -- restored below, and called with .call(this)
            const newResource = MockCloud.prototype.newResource;
            MockCloud.prototype.newResource = function (this: MockCloud, args) {
                registered.push(args.type);
                return newResource.call(this, args);
            };
            const unhandled: unknown[] = [];
            const onUnhandled = (reason: unknown) => { unhandled.push(reason); };
            process.on("unhandledRejection", onUnhandled);
            let error: unknown;
            try {
                await record(() => {
                    const network = new Vpc("net", baseArgs({ availabilityZoneCount: 4 }));
                    return { availabilityZones: network.availabilityZones, privateSubnetIds: network.privateSubnetIds };
                });
            } catch (e) {
                error = e;
            }
            // The recording stops at the failed stack outputs; let the registrations in flight reach the cloud.
            await new Promise((resolve) => setTimeout(resolve, 100));
            MockCloud.prototype.newResource = newResource;
            process.off("unhandledRejection", onUnhandled);

            expect(error).to.be.instanceOf(ComponentArgsError);
            const e = error as ComponentArgsError;
            expect(e.problems).to.deep.equal([problem]);
            // The SDK prefixes `error serializing property "x": ` to this same error once per input it rejects; the
            // CLI prints a RunError's message without a stack trace, and it must still be the one written.
            expect(e.message).to.equal(`Vpc: invalid arguments:\n  - ${problem}`);
            expect(pulumi.RunError.isInstance(e)).to.equal(true);
            // Every rejection is this one error object: the CLI reports an error once per object.
            expect(unhandled.length).to.be.greaterThan(0);
            expect(unhandled.filter((u) => u !== error)).to.deep.equal([]);
            expect(registered).to.include.members([COMPONENT, T.vpc]);
            for (const type of [T.subnet, T.nat, T.assoc]) expect(registered, type).to.not.include(type);
        });
    });

    describe("validation", () => {
        async function expectRejected(args: unknown, expected: string[]) {
            const { error, resources, invokes } = await buildFailing(args);
            expect(error).to.be.instanceOf(ComponentArgsError);
            const e = error as ComponentArgsError;
            expect(e.problems).to.deep.equal(expected);
            expect(e.message).to.equal(`Vpc: invalid arguments:\n${expected.map((p) => `  - ${p}`).join("\n")}`);
            // Nothing but the root stack and the component itself was registered: no child resource, no invoke.
            expect(resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
            expect(invokes).to.deep.equal([]);
        }

        it("rejects a CIDR with host bits set", () => expectRejected(baseArgs({ cidrBlock: "10.0.0.1/16" }),
            ["cidrBlock: '10.0.0.1/16' is not allowed; expected an IPv4 CIDR block such as 10.10.0.0/16"]));
        it("rejects a CIDR outside /16../20", () => expectRejected(baseArgs({ cidrBlock: "10.0.0.0/24" }),
            ["cidrBlock: '10.0.0.0/24' is not allowed; expected a prefix length from /16 to /20"]));
        it("rejects 1 and 7 zones", async () => {
            await expectRejected(baseArgs({ availabilityZoneCount: 1 }),
                ["availabilityZoneCount: '1' is not allowed; expected a whole number from 2 to 6"]);
            await expectRejected(baseArgs({ availabilityZoneCount: 7 }),
                ["availabilityZoneCount: '7' is not allowed; expected a whole number from 2 to 6"]);
        });
        it("rejects an unknown NAT mode", () => expectRejected(baseArgs({ natGateways: "double" as any }),
            ["natGateways: 'double' is not allowed; expected one of: single, perAz, none"]));
        it("rejects missing flow-log key ARN and group name (and missing flowLogs)", async () => {
            const missing = [
                "flowLogs.kmsKeyArn: (missing) is not allowed; a KMS key ARN is required: flow logs are always encrypted with a CMK",
                "flowLogs.logGroupName: (missing) is not allowed; expected 1-512 letters, digits, '_', '-', '/', '.' or '#'",
            ];
            await expectRejected(baseArgs({ flowLogs: {} as any }), missing);
            const noFlowLogs: any = baseArgs();
            delete noFlowLogs.flowLogs;
            await expectRejected(noFlowLogs, missing);
        });
        it("rejects a flow-log group name CloudWatch does not accept", () => expectRejected(
            baseArgs({ flowLogs: { logGroupName: "/vpc/shop dev/flow logs", kmsKeyArn: KEY_ARN } }),
            ["flowLogs.logGroupName: '/vpc/shop dev/flow logs' is not allowed; expected 1-512 letters, digits, '_', '-', '/', '.' or '#'"]));
        it("rejects bad endpoint names and flow-log settings", () => expectRejected(baseArgs({
            interfaceEndpoints: ["ecr.api", "ECR API"], gatewayEndpoints: ["s3", "sqs" as any],
            flowLogs: { logGroupName: LOG_GROUP, kmsKeyArn: KEY_ARN, trafficType: "SOME" as any, retentionInDays: 0 },
        }), [
            "flowLogs.trafficType: 'SOME' is not allowed; expected one of: ALL, ACCEPT, REJECT",
            "flowLogs.retentionInDays: '0' is not allowed; expected a CloudWatch retention period: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
            "interfaceEndpoints[1]: 'ECR API' is not allowed; expected a service suffix such as ecr.api",
            "gatewayEndpoints[1]: 'sqs' is not allowed; expected one of: s3, dynamodb",
        ]));
        it("reports every problem at once, one line each", () => expectRejected(
            { cidrBlock: "300.0.0.0/16", availabilityZoneCount: 2.5, natGateways: "double", flowLogs: { kmsKeyArn: "" } }, [
                "cidrBlock: '300.0.0.0/16' is not allowed; expected an IPv4 CIDR block such as 10.10.0.0/16",
                "availabilityZoneCount: '2.5' is not allowed; expected a whole number from 2 to 6",
                "natGateways: 'double' is not allowed; expected one of: single, perAz, none",
                "flowLogs.kmsKeyArn: '' is not allowed; a KMS key ARN is required: flow logs are always encrypted with a CMK",
                "flowLogs.logGroupName: (missing) is not allowed; expected 1-512 letters, digits, '_', '-', '/', '.' or '#'",
            ]));
        it("a failed construction leaves the next recording clean", async () => {
            await buildFailing(baseArgs({ availabilityZoneCount: 9 }));
            const b = await build(baseArgs());
            expect(b.of(T.subnet)).to.have.length(6);
            expect(b.rec.resources.filter((r) => r.type === COMPONENT)).to.have.length(1);
        });
    });
});
