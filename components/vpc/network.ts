/**
 * Network: a VPC over N availability zones with three subnet tiers, NAT, flow logs and VPC endpoints, built from
 * plain @pulumi/aws resources so that every security-relevant setting is visible to the plan and the policy packs
 * (awsx.ec2.Vpc is a remote component: one opaque resource offline).
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
import { ArgsChecker, cidrSubnet, isValidCidr, mergeTags, policyJson, prefixLength, serviceTrustPolicy, Tags } from "../shared";

export type NatMode = "single" | "perAz" | "none";

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
    trafficType?: "ALL" | "ACCEPT" | "REJECT";
}

export interface NetworkArgs {
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
    interfaceEndpoints?: string[];
    /** Gateway endpoints, attached to the private and isolated route tables. Defaults to s3 and dynamodb. */
    gatewayEndpoints?: ("s3" | "dynamodb")[];
    /** Set `protect` on the flow-log group (stateful: deleting it loses the logs). Defaults to false. */
    protect?: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

const defaults = {
    natGateways: "perAz" as NatMode,
    retentionInDays: 365,
    trafficType: "ALL" as const,
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs"],
    gatewayEndpoints: ["s3", "dynamodb"] as ("s3" | "dynamodb")[],
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
    new ArgsChecker("Network").require(count <= names.length, "availabilityZoneCount", count,
        `region ${region} has ${names.length} available zones (${names.join(", ")}); expected at most ${names.length}`).done();
    return names.slice(0, count);
}

export class Network extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.Vpc;
    readonly vpcId: pulumi.Output<string>;
    readonly cidrBlock: string;
    /** Zone names, in subnet order. */
    readonly availabilityZones: pulumi.Output<string>[];
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly isolatedSubnetIds: pulumi.Output<string>[];
    readonly natGatewayIds: pulumi.Output<string>[];
    /** Security group of the interface endpoints (443 from the VPC); undefined when there are none. */
    readonly endpointSecurityGroupId: pulumi.Output<string> | undefined;
    readonly flowLogGroupName: pulumi.Output<string>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): a bad argument registers nothing, not even this component.
        validateNetworkArgs(args);
        super("platform:vpc:Network", name, {}, opts);
        const natMode = args.natGateways ?? defaults.natGateways;
        const interfaceEndpoints = args.interfaceEndpoints ?? defaults.interfaceEndpoints;
        const gatewayEndpoints = args.gatewayEndpoints ?? defaults.gatewayEndpoints;
        const zones = args.availabilityZoneCount;
        const parent = { parent: this };
        const tags = (extra: Record<string, pulumi.Input<string>>) => mergeTags(args.tags, extra);

        const identity = aws.getCallerIdentityOutput({}, parent);
        const partition = aws.getPartitionOutput({}, parent);
        const region = aws.getRegionOutput({}, parent);
        // One check, one error: every subnet's zone comes from it, so none is registered without a zone.
        const zoneNames = aws.getAvailabilityZonesOutput({ state: "available" }, parent)
            .apply((azs) => selectZones(azs.region, azs.names, zones));
        this.cidrBlock = args.cidrBlock;
        this.availabilityZones = Array.from({ length: zones }, (_, i) => zoneNames[i]);

        this.vpc = new aws.ec2.Vpc(`${name}-vpc`, {
            cidrBlock: args.cidrBlock,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: tags({ Name: `${name}-vpc` }),
        }, parent);
        this.vpcId = this.vpc.id;

        // The default security group allows all traffic between its members; take every rule away (CIS 5.4).
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, {
            vpcId: this.vpc.id,
            ingress: [],
            egress: [],
            tags: tags({ Name: `${name}-default-sg` }),
        }, parent);

        const igw = new aws.ec2.InternetGateway(`${name}-igw`, {
            vpcId: this.vpc.id,
            tags: tags({ Name: `${name}-igw` }),
        }, parent);

        const subnets: Record<SubnetPlan["tier"], aws.ec2.Subnet[]> = { public: [], private: [], isolated: [] };
        for (const s of planSubnets(args.cidrBlock, zones)) {
            const subnetName = `${name}-${s.tier}-${s.zoneIndex + 1}`;
            const roleTag: Record<string, string> =
                s.tier === "public" ? { "kubernetes.io/role/elb": "1" }
                : s.tier === "private" ? { "kubernetes.io/role/internal-elb": "1" } : {};
            subnets[s.tier].push(new aws.ec2.Subnet(subnetName, {
                vpcId: this.vpc.id,
                cidrBlock: s.cidrBlock,
                availabilityZone: this.availabilityZones[s.zoneIndex],
                mapPublicIpOnLaunch: false,
                tags: tags({ Name: subnetName, Tier: s.tier, ...roleTag }),
            }, parent));
        }
        this.publicSubnetIds = subnets.public.map((s) => s.id);
        this.privateSubnetIds = subnets.private.map((s) => s.id);
        this.isolatedSubnetIds = subnets.isolated.map((s) => s.id);

        // Public tier: one route table with the internet route.
        const publicRt = new aws.ec2.RouteTable(`${name}-public-rt`, {
            vpcId: this.vpc.id,
            tags: tags({ Name: `${name}-public-rt`, Tier: "public" }),
        }, parent);
        new aws.ec2.Route(`${name}-public-default`, {
            routeTableId: publicRt.id,
            destinationCidrBlock: "0.0.0.0/0",
            gatewayId: igw.id,
        }, parent);
        subnets.public.forEach((s, i) => new aws.ec2.RouteTableAssociation(`${name}-public-${i + 1}`, {
            subnetId: s.id,
            routeTableId: publicRt.id,
        }, parent));

        // NAT gateways in the public subnets.
        const natCount = natMode === "none" ? 0 : natMode === "single" ? 1 : zones;
        const nats = Array.from({ length: natCount }, (_, i) => {
            const eip = new aws.ec2.Eip(`${name}-nat-${i + 1}`, {
                domain: "vpc",
                tags: tags({ Name: `${name}-nat-${i + 1}` }),
            }, { parent: this, dependsOn: [igw] });
            return new aws.ec2.NatGateway(`${name}-nat-${i + 1}`, {
                allocationId: eip.allocationId,
                subnetId: subnets.public[i].id,
                connectivityType: "public",
                tags: tags({ Name: `${name}-nat-${i + 1}` }),
            }, { parent: this, dependsOn: [igw] });
        });
        this.natGatewayIds = nats.map((n) => n.id);

        // Private tier: a route table per zone, default route through that zone's NAT (or the single one).
        const privateRts = subnets.private.map((s, i) => {
            const rt = new aws.ec2.RouteTable(`${name}-private-rt-${i + 1}`, {
                vpcId: this.vpc.id,
                tags: tags({ Name: `${name}-private-rt-${i + 1}`, Tier: "private" }),
            }, parent);
            if (nats.length) {
                new aws.ec2.Route(`${name}-private-default-${i + 1}`, {
                    routeTableId: rt.id,
                    destinationCidrBlock: "0.0.0.0/0",
                    natGatewayId: nats[Math.min(i, nats.length - 1)].id,
                }, parent);
            }
            new aws.ec2.RouteTableAssociation(`${name}-private-${i + 1}`, { subnetId: s.id, routeTableId: rt.id }, parent);
            return rt;
        });

        // Isolated tier: one route table, no route out of the VPC (gateway endpoints only).
        const isolatedRt = new aws.ec2.RouteTable(`${name}-isolated-rt`, {
            vpcId: this.vpc.id,
            tags: tags({ Name: `${name}-isolated-rt`, Tier: "isolated" }),
        }, parent);
        subnets.isolated.forEach((s, i) => new aws.ec2.RouteTableAssociation(`${name}-isolated-${i + 1}`, {
            subnetId: s.id,
            routeTableId: isolatedRt.id,
        }, parent));

        // Flow logs: KMS-encrypted log group, a role only the flow-logs service of this account can assume.
        const flowLogGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, {
            name: args.flowLogs.logGroupName,
            retentionInDays: args.flowLogs.retentionInDays ?? defaults.retentionInDays,
            kmsKeyId: args.flowLogs.kmsKeyArn,
            tags: tags({ Name: `${name}-flow-logs` }),
        }, { parent: this, protect: args.protect ?? false });
        this.flowLogGroupName = flowLogGroup.name;
        const flowLogRole = new aws.iam.Role(`${name}-flow-logs`, {
            description: `VPC flow logs of ${name} write to their log group`,
            assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", identity.accountId,
                pulumi.interpolate`arn:${partition.partition}:ec2:${region.region}:${identity.accountId}:vpc-flow-log/*`),
            tags: tags({ Name: `${name}-flow-logs` }),
        }, parent);
        // The group's ARN is built from values known before it exists (its name, the partition, region and account), so
        // the policy document is known in a first `pulumi preview` and the IAM guardrails check it there, not only at up.
        const groupArn = pulumi.interpolate`arn:${partition.partition}:logs:${region.region}:${identity.accountId}:log-group:${args.flowLogs.logGroupName}`;
        new aws.iam.RolePolicy(`${name}-flow-logs`, {
            role: flowLogRole.id,
            policy: policyJson([{
                Sid: "WriteFlowLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [groupArn, pulumi.interpolate`${groupArn}:*`],
            }]),
        }, { parent: this, dependsOn: [flowLogGroup] });
        new aws.ec2.FlowLog(`${name}-flow-logs`, {
            vpcId: this.vpc.id,
            trafficType: args.flowLogs.trafficType ?? defaults.trafficType,
            logDestinationType: "cloud-watch-logs",
            logDestination: flowLogGroup.arn,
            iamRoleArn: flowLogRole.arn,
            maxAggregationInterval: 60,
            tags: tags({ Name: `${name}-flow-logs` }),
        }, parent);

        // Gateway endpoints: usable only by principals of this account (a data-perimeter guard); any bucket/table,
        // because image pulls from ECR read AWS-owned buckets.
        const endpointPolicy = policyJson([{
            Sid: "OnlyThisAccountsPrincipals",
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalAccount": identity.accountId } },
        }]);
        for (const svc of gatewayEndpoints) {
            new aws.ec2.VpcEndpoint(`${name}-${svc}`, {
                vpcId: this.vpc.id,
                serviceName: pulumi.interpolate`com.amazonaws.${region.region}.${svc}`,
                vpcEndpointType: "Gateway",
                routeTableIds: [...privateRts.map((rt) => rt.id), isolatedRt.id],
                policy: endpointPolicy,
                tags: tags({ Name: `${name}-${svc}` }),
            }, parent);
        }

        // Interface endpoints in the private subnets, reachable on 443 from inside the VPC only.
        if (interfaceEndpoints.length) {
            const sg = new aws.ec2.SecurityGroup(`${name}-endpoints`, {
                vpcId: this.vpc.id,
                description: `HTTPS from ${name} to its interface endpoints`,
                ingress: [{
                    description: "HTTPS from inside the VPC",
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: [args.cidrBlock],
                }],
                egress: [],
                tags: tags({ Name: `${name}-endpoints` }),
            }, parent);
            this.endpointSecurityGroupId = sg.id;
            for (const svc of interfaceEndpoints) {
                new aws.ec2.VpcEndpoint(`${name}-${svc.replace(/\./g, "-")}`, {
                    vpcId: this.vpc.id,
                    serviceName: pulumi.interpolate`com.amazonaws.${region.region}.${svc}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: this.privateSubnetIds,
                    securityGroupIds: [sg.id],
                    tags: tags({ Name: `${name}-${svc}` }),
                }, parent);
            }
        }

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

/** Validate NetworkArgs; throws ComponentArgsError listing every problem. */
export function validateNetworkArgs(args: NetworkArgs): void {
    const check = new ArgsChecker("Network");
    const cidrOk = isValidCidr(args.cidrBlock);
    check.require(cidrOk, "cidrBlock", args.cidrBlock, "expected an IPv4 CIDR block such as 10.10.0.0/16");
    if (cidrOk) {
        const p = prefixLength(args.cidrBlock);
        check.require(p >= VPC_PREFIX.min && p <= VPC_PREFIX.max, "cidrBlock", args.cidrBlock, `expected a prefix length from /${VPC_PREFIX.min} to /${VPC_PREFIX.max}`);
    }
    check.integer("availabilityZoneCount", args.availabilityZoneCount, ZONE_COUNT.min, ZONE_COUNT.max);
    if (args.natGateways !== undefined) check.oneOf("natGateways", args.natGateways, ["single", "perAz", "none"]);
    check.require(!!args.flowLogs && args.flowLogs.kmsKeyArn !== undefined && args.flowLogs.kmsKeyArn !== "",
        "flowLogs.kmsKeyArn", args.flowLogs?.kmsKeyArn, "a KMS key ARN is required: flow logs are always encrypted with a CMK");
    check.require(typeof args.flowLogs?.logGroupName === "string" && /^[\w.\-/#]{1,512}$/.test(args.flowLogs.logGroupName),
        "flowLogs.logGroupName", args.flowLogs?.logGroupName, "expected 1-512 letters, digits, '_', '-', '/', '.' or '#'");
    if (args.flowLogs?.trafficType !== undefined) check.oneOf("flowLogs.trafficType", args.flowLogs.trafficType, ["ALL", "ACCEPT", "REJECT"]);
    if (args.flowLogs?.retentionInDays !== undefined) check.integer("flowLogs.retentionInDays", args.flowLogs.retentionInDays, 1, 3653);
    for (const [i, s] of (args.interfaceEndpoints ?? []).entries()) {
        check.require(/^[a-z0-9][a-z0-9.-]*$/.test(s), `interfaceEndpoints[${i}]`, s, "expected a service suffix such as ecr.api");
    }
    for (const [i, s] of (args.gatewayEndpoints ?? []).entries()) check.oneOf(`gatewayEndpoints[${i}]`, s, ["s3", "dynamodb"]);
    check.done();
}
