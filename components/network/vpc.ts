/**
 * Vpc (`platform:network:Vpc`): a VPC over N availability zones with three subnet tiers, NAT, flow logs and VPC
 * endpoints, built from plain @pulumi/aws resources so that every security-relevant setting is visible to the plan and
 * the policy packs (awsx.ec2.Vpc is a remote component: one opaque resource offline). The class validates, registers
 * and hands each concern to a small function below (subnets, routing, flow logs, endpoints), as pulumi-eks does.
 *
 * Subnet plan for a /P VPC (P from 16 to 20), per zone i (up to 6 zones, the most any region has):
 *   private  /P+3  netnum i for zones 0-3, i + 2 for zones 4-5
 *                  (the largest tier: EKS pods take VPC addresses; the fifth and sixth /P+3 blocks hold the public
 *                  and isolated tiers, so zones 4 and 5 take the seventh and eighth)
 *   public   /P+6  netnum 32 + i   (load balancers and NAT gateways only; no public IPs on launch)
 *   isolated /P+6  netnum 40 + i   (databases, caches, search: no route to the internet)
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, cidrSubnet, ComponentContext, componentContext, isLogRetention, isValidCidr, LOG_RETENTION_DAYS, PolicyDocument, prefixLength, serviceTrustPolicy, Tags } from "../shared";

/** NAT gateway layouts: one for all zones, one per zone, or none (no internet egress from the private tier). */
export const NAT_MODES = ["single", "perAz", "none"] as const;
export type NatMode = (typeof NAT_MODES)[number];
/** The traffic VPC flow logs can record. */
export const FLOW_LOG_TRAFFIC_TYPES = ["ALL", "ACCEPT", "REJECT"] as const;
export type FlowLogTrafficType = (typeof FLOW_LOG_TRAFFIC_TYPES)[number];
/** The gateway endpoints AWS offers. */
export const GATEWAY_ENDPOINTS = ["s3", "dynamodb"] as const;
export type GatewayEndpoint = (typeof GATEWAY_ENDPOINTS)[number];

/** How many availability zones a network may span: at least two (high availability), at most six (any region's most). */
export const ZONE_COUNT = { min: 2, max: 6 } as const;
/** The VPC prefix lengths the subnet plan fits: /16 to /20 (three tiers of up to six zones). */
export const VPC_PREFIX = { min: 16, max: 20 } as const;

export interface FlowLogArgs {
    /**
     * Physical name of the flow-log group, such as `/vpc/<project>-<stack>-net/flow-logs`. Log group names are unique
     * per account and region, so derive it from something unique per stack (two stacks of one environment may share an
     * account and region). Changing it replaces the group and loses its logs.
     */
    logGroupName: string;
    /** KMS key ARN that encrypts the flow-log group. Required: flow logs are never stored with AWS-owned keys. */
    kmsKeyArn: pulumi.Input<string>;
    /** Days to keep flow logs; a CloudWatch retention value. Defaults to 365. */
    retentionInDays?: number;
    /** Which traffic to log: ALL, ACCEPT or REJECT. Defaults to ALL. */
    trafficType?: FlowLogTrafficType;
}

export interface VpcArgs {
    /** The VPC's IPv4 CIDR block, /16 to /20. A plain string: the subnet plan is computed from it. */
    cidrBlock: string;
    /**
     * How many availability zones to span, 2 to 6. The first N zones the region reports are used; more than the
     * region has (eu-west-1 has 3) fails the deployment naming the region's zones.
     */
    availabilityZoneCount: number;
    /**
     * NAT gateways: `single` (one, in the first zone: cheaper, zone-dependent; dev), `perAz` (one per zone, each
     * private route table uses its own zone's: prod) or `none` (private subnets have no internet egress).
     * Defaults to `perAz`.
     */
    natGateways?: NatMode;
    /** Flow logs for the whole VPC to a KMS-encrypted CloudWatch log group. */
    flowLogs: FlowLogArgs;
    /**
     * Interface endpoints (service suffix after `com.amazonaws.<region>.`) placed in the private subnets with private
     * DNS, reachable on 443 from inside the VPC. Defaults to ecr.api, ecr.dkr, sts, secretsmanager, logs.
     */
    interfaceEndpoints?: readonly string[];
    /** Gateway endpoints, attached to the private and isolated route tables. Defaults to s3 and dynamodb. */
    gatewayEndpoints?: readonly GatewayEndpoint[];
    /** Set `protect` on the flow-log group (stateful: deleting it loses the logs). Defaults to false. */
    protect?: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

const defaults = {
    natGateways: "perAz" as NatMode,
    retentionInDays: 365,
    trafficType: "ALL" as FlowLogTrafficType,
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs"] as readonly string[],
    gatewayEndpoints: GATEWAY_ENDPOINTS as readonly GatewayEndpoint[],
};

/** One subnet tier's plan: which CIDR in which zone index. */
export interface SubnetPlan {
    tier: "public" | "private" | "isolated";
    zoneIndex: number;
    cidrBlock: string;
}

/** The subnet plan described in this file's header; pure, so it is tested on its own. */
export function planSubnets(cidrBlock: string, zones: number): SubnetPlan[] {
    const plan: SubnetPlan[] = [];
    for (let i = 0; i < zones; i++) {
        plan.push({ tier: "public", zoneIndex: i, cidrBlock: cidrSubnet(cidrBlock, 6, 32 + i) });
        plan.push({ tier: "private", zoneIndex: i, cidrBlock: cidrSubnet(cidrBlock, 3, i < 4 ? i : i + 2) });
        plan.push({ tier: "isolated", zoneIndex: i, cidrBlock: cidrSubnet(cidrBlock, 6, 40 + i) });
    }
    return plan;
}

/**
 * The first `count` of the zones a region reports; throws ComponentArgsError (a RunError) naming the region's zones
 * when it has fewer. Pure, so it is tested on its own.
 */
export function selectZones(region: string, names: readonly string[], count: number): string[] {
    new ArgsChecker("Vpc").require(count <= names.length, "availabilityZoneCount", count,
        `region ${region} has ${names.length} available zones (${names.join(", ")}); expected at most ${names.length}`).done();
    return names.slice(0, count);
}

export class Vpc extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.Vpc;
    readonly vpcId: pulumi.Output<string>;
    readonly cidrBlock: string;
    /** Zone names, in subnet order. */
    readonly availabilityZones: pulumi.Output<string>[];
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly isolatedSubnetIds: pulumi.Output<string>[];
    /** The isolated subnets' CIDR blocks, in subnet order (the data stores' addresses, for NetworkPolicy egress). */
    readonly isolatedSubnetCidrBlocks: string[];
    readonly natGatewayIds: pulumi.Output<string>[];
    /** Security group of the interface endpoints (443 from the VPC); undefined when there are none. */
    readonly endpointSecurityGroupId: pulumi.Output<string> | undefined;
    readonly flowLogGroupName: pulumi.Output<string>;

    constructor(name: string, args: VpcArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): a bad argument registers nothing, not even this component.
        validateVpcArgs(args);
        super("platform:network:Vpc", name, {}, opts);
        const ctx = context(this, name, args);
        this.cidrBlock = args.cidrBlock;
        this.availabilityZones = ctx.zones;
        this.vpc = createVpc(ctx, args.cidrBlock);
        this.vpcId = this.vpc.id;
        const subnets = createSubnets(ctx, this.vpc, args.cidrBlock);
        this.publicSubnetIds = subnets.public.map((s) => s.id);
        this.privateSubnetIds = subnets.private.map((s) => s.id);
        this.isolatedSubnetIds = subnets.isolated.map((s) => s.id);
        this.isolatedSubnetCidrBlocks = planSubnets(args.cidrBlock, args.availabilityZoneCount).filter((s) => s.tier === "isolated").map((s) => s.cidrBlock);
        const routing = createRouting(ctx, this.vpc, subnets, args.natGateways ?? defaults.natGateways);
        this.natGatewayIds = routing.natGatewayIds;
        this.flowLogGroupName = createFlowLogs(ctx, this.vpc, args.flowLogs, args.protect ?? false);
        createGatewayEndpoints(ctx, this.vpc, routing.privateTables, args.gatewayEndpoints ?? defaults.gatewayEndpoints);
        this.endpointSecurityGroupId = createInterfaceEndpoints(ctx, this.vpc, args.cidrBlock, this.privateSubnetIds,
            args.interfaceEndpoints ?? defaults.interfaceEndpoints);
        this.registerOutputs({
            vpcId: this.vpcId,
            availabilityZones: this.availabilityZones,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            isolatedSubnetIds: this.isolatedSubnetIds,
            natGatewayIds: this.natGatewayIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            flowLogGroupName: this.flowLogGroupName,
        });
    }
}

/** What every part of the VPC is created with: the component's context, and the zones. */
interface VpcContext extends ComponentContext {
    zones: pulumi.Output<string>[];
    zoneCount: number;
}

function context(parent: pulumi.Resource, name: string, args: VpcArgs): VpcContext {
    const azs = aws.getAvailabilityZonesOutput({ state: "available" }, { parent });
    // One check, one error: every subnet's zone comes from it, so none is registered without a zone.
    const zoneNames = azs.apply((a) => selectZones(a.region, a.names, args.availabilityZoneCount));
    return {
        ...componentContext(parent, name, args.tags),
        zones: Array.from({ length: args.availabilityZoneCount }, (_, i) => zoneNames[i]),
        zoneCount: args.availabilityZoneCount,
    };
}

/** The VPC, and its default security group stripped of every rule (it allows all traffic between members: CIS 5.4). */
function createVpc(ctx: VpcContext, cidrBlock: string): aws.ec2.Vpc {
    const { name, parent } = ctx;
    const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
        cidrBlock,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: ctx.tags({ Name: `${name}-vpc` }),
    }, { parent });
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, {
        vpcId: vpc.id,
        ingress: [],
        egress: [],
        tags: ctx.tags({ Name: `${name}-default-sg` }),
    }, { parent });
    return vpc;
}

type Subnets = Record<SubnetPlan["tier"], aws.ec2.Subnet[]>;

/** The three tiers' subnets (planSubnets), no public IPs on launch, load-balancer role tags for EKS. */
function createSubnets(ctx: VpcContext, vpc: aws.ec2.Vpc, cidrBlock: string): Subnets {
    const subnets: Subnets = { public: [], private: [], isolated: [] };
    for (const s of planSubnets(cidrBlock, ctx.zoneCount)) {
        const subnetName = `${ctx.name}-${s.tier}-${s.zoneIndex + 1}`;
        const roleTag: Record<string, string> =
            s.tier === "public" ? { "kubernetes.io/role/elb": "1" }
            : s.tier === "private" ? { "kubernetes.io/role/internal-elb": "1" } : {};
        subnets[s.tier].push(new aws.ec2.Subnet(subnetName, {
            vpcId: vpc.id,
            cidrBlock: s.cidrBlock,
            availabilityZone: ctx.zones[s.zoneIndex],
            mapPublicIpOnLaunch: false,
            tags: ctx.tags({ Name: subnetName, Tier: s.tier, ...roleTag }),
        }, { parent: ctx.parent }));
    }
    return subnets;
}

/**
 * Routing: the public tier through an internet gateway; NAT gateways in the public subnets; one private route table
 * per zone through that zone's NAT (or the single one); the isolated tier with no route out of the VPC.
 */
function createRouting(ctx: VpcContext, vpc: aws.ec2.Vpc, subnets: Subnets, natMode: NatMode) {
    const { name, parent } = ctx;
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: ctx.tags({ Name: `${name}-igw` }) }, { parent });
    const publicRt = new aws.ec2.RouteTable(`${name}-public-rt`, {
        vpcId: vpc.id,
        tags: ctx.tags({ Name: `${name}-public-rt`, Tier: "public" }),
    }, { parent });
    new aws.ec2.Route(`${name}-public-default`, { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, { parent });
    subnets.public.forEach((s, i) => new aws.ec2.RouteTableAssociation(`${name}-public-${i + 1}`, { subnetId: s.id, routeTableId: publicRt.id }, { parent }));

    const natCount = natMode === "none" ? 0 : natMode === "single" ? 1 : ctx.zoneCount;
    const nats = Array.from({ length: natCount }, (_, i) => {
        const eip = new aws.ec2.Eip(`${name}-nat-${i + 1}`, { domain: "vpc", tags: ctx.tags({ Name: `${name}-nat-${i + 1}` }) },
            { parent, dependsOn: [igw] });
        return new aws.ec2.NatGateway(`${name}-nat-${i + 1}`, {
            allocationId: eip.allocationId,
            subnetId: subnets.public[i].id,
            connectivityType: "public",
            tags: ctx.tags({ Name: `${name}-nat-${i + 1}` }),
        }, { parent, dependsOn: [igw] });
    });

    const privateRts = subnets.private.map((s, i) => {
        const rt = new aws.ec2.RouteTable(`${name}-private-rt-${i + 1}`, {
            vpcId: vpc.id,
            tags: ctx.tags({ Name: `${name}-private-rt-${i + 1}`, Tier: "private" }),
        }, { parent });
        if (nats.length) {
            new aws.ec2.Route(`${name}-private-default-${i + 1}`, {
                routeTableId: rt.id,
                destinationCidrBlock: "0.0.0.0/0",
                natGatewayId: nats[Math.min(i, nats.length - 1)].id,
            }, { parent });
        }
        new aws.ec2.RouteTableAssociation(`${name}-private-${i + 1}`, { subnetId: s.id, routeTableId: rt.id }, { parent });
        return rt;
    });

    const isolatedRt = new aws.ec2.RouteTable(`${name}-isolated-rt`, {
        vpcId: vpc.id,
        tags: ctx.tags({ Name: `${name}-isolated-rt`, Tier: "isolated" }),
    }, { parent });
    subnets.isolated.forEach((s, i) => new aws.ec2.RouteTableAssociation(`${name}-isolated-${i + 1}`, { subnetId: s.id, routeTableId: isolatedRt.id }, { parent }));
    return { natGatewayIds: nats.map((n) => n.id), privateTables: [...privateRts, isolatedRt] };
}

/**
 * Flow logs for the whole VPC: a KMS-encrypted log group (protected when asked), written by a role only this
 * account's flow-logs service can assume, allowed to write to that group only.
 */
function createFlowLogs(ctx: VpcContext, vpc: aws.ec2.Vpc, flowLogs: FlowLogArgs, protect: boolean): pulumi.Output<string> {
    const { name, parent } = ctx;
    const group = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, {
        name: flowLogs.logGroupName,
        retentionInDays: flowLogs.retentionInDays ?? defaults.retentionInDays,
        kmsKeyId: flowLogs.kmsKeyArn,
        tags: ctx.tags({ Name: `${name}-flow-logs` }),
    }, { parent, protect });
    const role = new aws.iam.Role(`${name}-flow-logs`, {
        description: `VPC flow logs of ${name} write to their log group`,
        assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", ctx.accountId,
            pulumi.interpolate`arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:vpc-flow-log/*`),
        tags: ctx.tags({ Name: `${name}-flow-logs` }),
    }, { parent });
    // The group's ARN is built from values known before it exists (its name, the partition, region and account), so
    // the policy document is known in a first `pulumi preview` and the IAM guardrails check it there, not only at up.
    const groupArn = pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${flowLogs.logGroupName}`;
    new aws.iam.RolePolicy(`${name}-flow-logs`, {
        role: role.id,
        policy: groupArn.apply((arn) => JSON.stringify(flowLogWriterPolicy(arn))),
    }, { parent, dependsOn: [group] });
    new aws.ec2.FlowLog(`${name}-flow-logs`, {
        vpcId: vpc.id,
        trafficType: flowLogs.trafficType ?? defaults.trafficType,
        logDestinationType: "cloud-watch-logs",
        logDestination: group.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
        tags: ctx.tags({ Name: `${name}-flow-logs` }),
    }, { parent });
    return group.name;
}

/** The flow-logs role's policy: write streams and events to one log group. Pure. */
export function flowLogWriterPolicy(logGroupArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "WriteFlowLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [logGroupArn, `${logGroupArn}:*`],
        }],
    };
}

/**
 * A gateway endpoint's policy: usable only by principals of this account (a data-perimeter guard); any bucket or
 * table, because image pulls from ECR read AWS-owned buckets. Pure.
 */
export function gatewayEndpointPolicy(accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "OnlyThisAccountsPrincipals",
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalAccount": accountId } },
        }],
    };
}

/** Gateway endpoints on the private and isolated route tables. */
function createGatewayEndpoints(ctx: VpcContext, vpc: aws.ec2.Vpc, routeTables: aws.ec2.RouteTable[], services: readonly GatewayEndpoint[]): void {
    const policy = ctx.accountId.apply((account) => JSON.stringify(gatewayEndpointPolicy(account)));
    for (const svc of services) {
        new aws.ec2.VpcEndpoint(`${ctx.name}-${svc}`, {
            vpcId: vpc.id,
            serviceName: pulumi.interpolate`com.amazonaws.${ctx.region}.${svc}`,
            vpcEndpointType: "Gateway",
            routeTableIds: routeTables.map((rt) => rt.id),
            policy,
            tags: ctx.tags({ Name: `${ctx.name}-${svc}` }),
        }, { parent: ctx.parent });
    }
}

/** Interface endpoints in the private subnets with private DNS, reachable on 443 from inside the VPC only. */
function createInterfaceEndpoints(ctx: VpcContext, vpc: aws.ec2.Vpc, cidrBlock: string, subnetIds: pulumi.Output<string>[],
    services: readonly string[]): pulumi.Output<string> | undefined {
    if (!services.length) return undefined;
    const { name, parent } = ctx;
    const sg = new aws.ec2.SecurityGroup(`${name}-endpoints`, {
        vpcId: vpc.id,
        description: `HTTPS from ${name} to its interface endpoints`,
        ingress: [{ description: "HTTPS from inside the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [cidrBlock] }],
        egress: [],
        tags: ctx.tags({ Name: `${name}-endpoints` }),
    }, { parent });
    for (const svc of services) {
        new aws.ec2.VpcEndpoint(`${name}-${svc.replace(/\./g, "-")}`, {
            vpcId: vpc.id,
            serviceName: pulumi.interpolate`com.amazonaws.${ctx.region}.${svc}`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds,
            securityGroupIds: [sg.id],
            tags: ctx.tags({ Name: `${name}-${svc}` }),
        }, { parent });
    }
    return sg.id;
}

/** Validate VpcArgs; throws ComponentArgsError listing every problem. */
export function validateVpcArgs(args: VpcArgs): void {
    const check = new ArgsChecker("Vpc");
    const cidrOk = isValidCidr(args.cidrBlock);
    check.require(cidrOk, "cidrBlock", args.cidrBlock, "expected an IPv4 CIDR block such as 10.10.0.0/16");
    if (cidrOk) {
        const p = prefixLength(args.cidrBlock);
        check.require(p >= VPC_PREFIX.min && p <= VPC_PREFIX.max, "cidrBlock", args.cidrBlock, `expected a prefix length from /${VPC_PREFIX.min} to /${VPC_PREFIX.max}`);
    }
    check.integer("availabilityZoneCount", args.availabilityZoneCount, ZONE_COUNT.min, ZONE_COUNT.max);
    if (args.natGateways !== undefined) check.oneOf("natGateways", args.natGateways, NAT_MODES);
    check.require(!!args.flowLogs && args.flowLogs.kmsKeyArn !== undefined && args.flowLogs.kmsKeyArn !== "",
        "flowLogs.kmsKeyArn", args.flowLogs?.kmsKeyArn, "a KMS key ARN is required: flow logs are always encrypted with a CMK");
    check.require(typeof args.flowLogs?.logGroupName === "string" && /^[\w.\-/#]{1,512}$/.test(args.flowLogs.logGroupName),
        "flowLogs.logGroupName", args.flowLogs?.logGroupName, "expected 1-512 letters, digits, '_', '-', '/', '.' or '#'");
    if (args.flowLogs?.trafficType !== undefined) check.oneOf("flowLogs.trafficType", args.flowLogs.trafficType, FLOW_LOG_TRAFFIC_TYPES);
    if (args.flowLogs?.retentionInDays !== undefined) {
        check.require(isLogRetention(args.flowLogs.retentionInDays), "flowLogs.retentionInDays", args.flowLogs.retentionInDays,
            `expected a CloudWatch retention period: ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    for (const [i, s] of (args.interfaceEndpoints ?? []).entries()) {
        check.require(/^[a-z0-9][a-z0-9.-]*$/.test(s), `interfaceEndpoints[${i}]`, s, "expected a service suffix such as ecr.api");
    }
    for (const [i, s] of (args.gatewayEndpoints ?? []).entries()) check.oneOf(`gatewayEndpoints[${i}]`, s, GATEWAY_ENDPOINTS);
    check.done();
}
