/**
 * The mock cloud: answers every resource registration and invoke with realistic, deterministic values
 * (ARNs with the right partition, region, account and service; AWS-shaped ids; endpoints; zone lists; policy documents
 * rendered to JSON; kubeconfigs), so that programs that read outputs compute what they would compute in the cloud.
 * No network, no credentials. The same name always gets the same id.
 */
import { createHash } from "crypto";

export interface MockResourceArgs {
    type: string;
    name: string;
    inputs: any;
    provider?: string;
    custom?: boolean;
    id?: string;
}
export interface MockCallArgs {
    token: string;
    inputs: any;
    provider?: string;
}

export interface CloudContext {
    accountId: string;
    region: string;
    partition: string;
}

export type PartitionName = "aws" | "aws-cn" | "aws-us-gov";

/** What getPartition answers per partition. */
export const PARTITIONS: Readonly<Record<PartitionName, { dnsSuffix: string; reverseDnsPrefix: string }>> = {
    "aws": { dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" },
    "aws-cn": { dnsSuffix: "amazonaws.com.cn", reverseDnsPrefix: "cn.com.amazonaws" },
    "aws-us-gov": { dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" },
};

/** One region as an account created today sees it. */
export interface RegionSpec {
    partition: PartitionName;
    /** The location, as getRegion's `description` gives it. */
    description: string;
    /** Zone letters in name order: "abc" is <region>a, <region>b, <region>c. */
    zones: string;
    /**
     * The number of each zone's id (`euw1-az1`), in the same order; defaults to 1..n. The name-to-id mapping is
     * per account in the older regions; ids are what is the same for every account.
     */
    zoneIds?: number[];
}

/**
 * AWS regions and their availability zones (state "available", Local and Wavelength Zones not included).
 * Opt-in regions are listed as if enabled.
 */
export const AWS_REGIONS: Readonly<Record<string, RegionSpec>> = {
    "us-east-1": { partition: "aws", description: "US East (N. Virginia)", zones: "abcdef" },
    "us-east-2": { partition: "aws", description: "US East (Ohio)", zones: "abc" },
    // Two zones per account, out of three: accounts created today see a and c (older accounts see b and c).
    "us-west-1": { partition: "aws", description: "US West (N. California)", zones: "ac", zoneIds: [1, 3] },
    "us-west-2": { partition: "aws", description: "US West (Oregon)", zones: "abcd" },
    "af-south-1": { partition: "aws", description: "Africa (Cape Town)", zones: "abc" },
    "ap-east-1": { partition: "aws", description: "Asia Pacific (Hong Kong)", zones: "abc" },
    "ap-east-2": { partition: "aws", description: "Asia Pacific (Taipei)", zones: "abc" },
    "ap-south-1": { partition: "aws", description: "Asia Pacific (Mumbai)", zones: "abc" },
    "ap-south-2": { partition: "aws", description: "Asia Pacific (Hyderabad)", zones: "abc" },
    "ap-southeast-1": { partition: "aws", description: "Asia Pacific (Singapore)", zones: "abc" },
    "ap-southeast-2": { partition: "aws", description: "Asia Pacific (Sydney)", zones: "abc" },
    "ap-southeast-3": { partition: "aws", description: "Asia Pacific (Jakarta)", zones: "abc" },
    "ap-southeast-4": { partition: "aws", description: "Asia Pacific (Melbourne)", zones: "abc" },
    "ap-southeast-5": { partition: "aws", description: "Asia Pacific (Malaysia)", zones: "abc" },
    "ap-southeast-6": { partition: "aws", description: "Asia Pacific (New Zealand)", zones: "abc" },
    "ap-southeast-7": { partition: "aws", description: "Asia Pacific (Thailand)", zones: "abc" },
    // Tokyo: 1b (apne1-az3) is closed to new accounts.
    "ap-northeast-1": { partition: "aws", description: "Asia Pacific (Tokyo)", zones: "acd", zoneIds: [4, 1, 2] },
    "ap-northeast-2": { partition: "aws", description: "Asia Pacific (Seoul)", zones: "abcd" },
    "ap-northeast-3": { partition: "aws", description: "Asia Pacific (Osaka)", zones: "abc" },
    // Canada (Central): 1c (cac1-az3) is closed to new accounts.
    "ca-central-1": { partition: "aws", description: "Canada (Central)", zones: "abd", zoneIds: [1, 2, 4] },
    "ca-west-1": { partition: "aws", description: "Canada West (Calgary)", zones: "abc" },
    "eu-central-1": { partition: "aws", description: "Europe (Frankfurt)", zones: "abc" },
    "eu-central-2": { partition: "aws", description: "Europe (Zurich)", zones: "abc" },
    "eu-west-1": { partition: "aws", description: "Europe (Ireland)", zones: "abc" },
    "eu-west-2": { partition: "aws", description: "Europe (London)", zones: "abc" },
    "eu-west-3": { partition: "aws", description: "Europe (Paris)", zones: "abc" },
    "eu-south-1": { partition: "aws", description: "Europe (Milan)", zones: "abc" },
    "eu-south-2": { partition: "aws", description: "Europe (Spain)", zones: "abc" },
    "eu-north-1": { partition: "aws", description: "Europe (Stockholm)", zones: "abc" },
    "il-central-1": { partition: "aws", description: "Israel (Tel Aviv)", zones: "abc" },
    "me-south-1": { partition: "aws", description: "Middle East (Bahrain)", zones: "abc" },
    "me-central-1": { partition: "aws", description: "Middle East (UAE)", zones: "abc" },
    "mx-central-1": { partition: "aws", description: "Mexico (Central)", zones: "abc" },
    "sa-east-1": { partition: "aws", description: "South America (Sao Paulo)", zones: "abc" },
    "cn-north-1": { partition: "aws-cn", description: "China (Beijing)", zones: "abd", zoneIds: [1, 2, 4] },
    "cn-northwest-1": { partition: "aws-cn", description: "China (Ningxia)", zones: "abc" },
    "us-gov-west-1": { partition: "aws-us-gov", description: "AWS GovCloud (US-West)", zones: "abc" },
    "us-gov-east-1": { partition: "aws-us-gov", description: "AWS GovCloud (US-East)", zones: "abc" },
};

/** Everything the mock cloud knows about one region. */
export interface RegionInfo {
    region: string;
    description: string;
    partition: PartitionName;
    dnsSuffix: string;
    reverseDnsPrefix: string;
    /** Zone names in order: `eu-west-1a`. */
    zoneNames: string[];
    /** Zone ids in the same order: `euw1-az1`. */
    zoneIds: string[];
}

/** A region AWS does not have; the message names it and lists the known ones (as the provider's region check does). */
export class UnknownRegionError extends Error {
    /** The SDK rethrows a failed invoke as `new Error(err.details)` (the engine's gRPC field): carry the message there. */
    readonly details: string;
    constructor(readonly region: string) {
        super(`invalid AWS Region: '${region}' is not an AWS region; known regions: ${Object.keys(AWS_REGIONS).sort().join(", ")}`);
        this.name = "UnknownRegionError";
        this.details = this.message;
    }
}

const DIRECTION: Record<string, string> = {
    north: "n", south: "s", east: "e", west: "w", central: "c",
    northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw", gov: "g",
};

/** The zone-id prefix AWS uses for a region: us-east-1 -> use1, ap-southeast-2 -> apse2, us-gov-west-1 -> usgw1. */
export function zoneIdPrefix(region: string): string {
    const parts = region.split("-");
    return parts[0] + parts.slice(1, -1).map((p) => DIRECTION[p] ?? p[0]).join("") + parts[parts.length - 1];
}

/** Partition, DNS suffix and zones of a region; throws UnknownRegionError for a region AWS does not have. */
export function regionInfo(region: string): RegionInfo {
    const spec = Object.prototype.hasOwnProperty.call(AWS_REGIONS, region) ? AWS_REGIONS[region] : undefined;
    if (!spec) throw new UnknownRegionError(region);
    const letters = [...spec.zones];
    const ids = spec.zoneIds ?? letters.map((_, i) => i + 1);
    return {
        region, description: spec.description, partition: spec.partition, ...PARTITIONS[spec.partition],
        zoneNames: letters.map((l) => `${region}${l}`),
        zoneIds: ids.map((n) => `${zoneIdPrefix(region)}-az${n}`),
    };
}

/**
 * The partition of a region: from the table, else from the name (cn-* is aws-cn, us-gov-* is aws-us-gov, anything
 * else aws), so that a region the table does not know still gets the partition AWS would give it.
 */
export function partitionOf(region: string): PartitionName {
    const spec = Object.prototype.hasOwnProperty.call(AWS_REGIONS, region) ? AWS_REGIONS[region] : undefined;
    if (spec) return spec.partition;
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

/**
 * The cloud context of a stack in `region`, the partition following the region: what the planner's cloudFor needs.
 * Throws UnknownRegionError for a region AWS does not have (every aws invoke would fail with it anyway): map it to a
 * usage error to stop with one line before the program runs.
 */
export function cloudContextFor(region: string, accountId: string): CloudContext {
    return { accountId, region, partition: regionInfo(region).partition };
}

/** Deterministic hex of a given length from any seed. */
export function hex(seed: string, length: number): string {
    let out = "";
    for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
    return out.slice(0, length);
}

function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function upperAlnum(seed: string, length: number): string {
    return hex(seed, length * 2).toUpperCase().replace(/[^A-Z0-9]/g, "X").slice(0, length);
}

/** "aws:ec2/vpc:Vpc" -> { pkg: "aws", module: "ec2", kind: "Vpc" } */
function parseToken(type: string): { pkg: string; module: string; kind: string } {
    const [pkg, mod = "index", kind = ""] = type.split(":");
    return { pkg, module: mod.split("/")[0], kind };
}

/** Resource types whose AWS name has no random suffix when autonamed (global or account-unique ARNs read better). */
const AUTONAME_MAX: Record<string, number> = { "aws:iam/role:Role": 64, "aws:s3/bucket:Bucket": 63, "aws:s3/bucketV2:BucketV2": 63 };

/** Resource types whose AWS name is an input other than `name`. */
const NAME_PROPERTY: Record<string, string> = {
    "aws:rds/instance:Instance": "identifier",
    "aws:elasticache/replicationGroup:ReplicationGroup": "replicationGroupId",
    "aws:opensearch/domain:Domain": "domainName",
};

type Shape = (c: ShapeCtx) => Record<string, unknown>;
interface ShapeCtx extends CloudContext {
    dnsSuffix: string;       // amazonaws.com, amazonaws.com.cn in China
    name: string;            // Pulumi resource name
    physical: string;        // the AWS name (input or autoname)
    inputs: any;
    seed: string;
    arn: (service: string, resource: string, opts?: { region?: string; account?: string }) => string;
}

/** Per-type outputs. Anything not listed gets a generic ARN and an id derived from its name. */
const SHAPES: Record<string, Shape> = {
    "aws:ec2/vpc:Vpc": (c) => ({
        id: `vpc-${hex(c.seed, 17)}`, arn: c.arn("ec2", `vpc/vpc-${hex(c.seed, 17)}`),
        defaultSecurityGroupId: `sg-${hex(c.seed + "dsg", 17)}`, mainRouteTableId: `rtb-${hex(c.seed + "mrt", 17)}`,
        defaultNetworkAclId: `acl-${hex(c.seed + "acl", 17)}`, ownerId: c.accountId,
    }),
    "aws:ec2/subnet:Subnet": (c) => ({ id: `subnet-${hex(c.seed, 17)}`, arn: c.arn("ec2", `subnet/subnet-${hex(c.seed, 17)}`), ownerId: c.accountId }),
    "aws:ec2/securityGroup:SecurityGroup": (c) => ({ id: `sg-${hex(c.seed, 17)}`, arn: c.arn("ec2", `security-group/sg-${hex(c.seed, 17)}`), ownerId: c.accountId }),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (c) => ({ id: `sg-${hex(c.seed, 17)}` }),
    "aws:ec2/internetGateway:InternetGateway": (c) => ({ id: `igw-${hex(c.seed, 17)}`, arn: c.arn("ec2", `internet-gateway/igw-${hex(c.seed, 17)}`) }),
    "aws:ec2/natGateway:NatGateway": (c) => ({ id: `nat-${hex(c.seed, 17)}`, publicIp: `52.${parseInt(hex(c.seed, 2), 16)}.${parseInt(hex(c.seed + "b", 2), 16)}.10` }),
    "aws:ec2/eip:Eip": (c) => ({
        id: `eipalloc-${hex(c.seed, 17)}`, allocationId: `eipalloc-${hex(c.seed, 17)}`,
        publicIp: `34.${parseInt(hex(c.seed, 2), 16)}.${parseInt(hex(c.seed + "b", 2), 16)}.20`,
    }),
    "aws:ec2/routeTable:RouteTable": (c) => ({ id: `rtb-${hex(c.seed, 17)}`, arn: c.arn("ec2", `route-table/rtb-${hex(c.seed, 17)}`) }),
    "aws:ec2/route:Route": (c) => ({ id: `r-rtb-${hex(c.seed, 17)}` }),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": (c) => ({ id: `rtbassoc-${hex(c.seed, 17)}` }),
    "aws:ec2/vpcEndpoint:VpcEndpoint": (c) => ({
        id: `vpce-${hex(c.seed, 17)}`, arn: c.arn("ec2", `vpc-endpoint/vpce-${hex(c.seed, 17)}`),
        dnsEntries: [{ dnsName: `vpce-${hex(c.seed, 17)}.${c.region}.vpce.${c.dnsSuffix}`, hostedZoneId: "Z7HUB22UULQXV" }],
        networkInterfaceIds: [], prefixListId: `pl-${hex(c.seed, 8)}`,
    }),
    "aws:ec2/flowLog:FlowLog": (c) => ({ id: `fl-${hex(c.seed, 17)}`, arn: c.arn("ec2", `vpc-flow-log/fl-${hex(c.seed, 17)}`) }),
    "aws:ec2/launchTemplate:LaunchTemplate": (c) => ({ id: `lt-${hex(c.seed, 17)}`, latestVersion: 1, arn: c.arn("ec2", `launch-template/lt-${hex(c.seed, 17)}`) }),
    "aws:kms/key:Key": (c) => ({ id: uuid(c.seed), keyId: uuid(c.seed), arn: c.arn("kms", `key/${uuid(c.seed)}`) }),
    "aws:kms/alias:Alias": (c) => ({ id: c.physical, arn: c.arn("kms", c.physical), targetKeyArn: c.arn("kms", `key/${c.inputs.targetKeyId}`) }),
    "aws:cloudwatch/logGroup:LogGroup": (c) => ({ id: c.physical, arn: c.arn("logs", `log-group:${c.physical}`) }),
    "aws:iam/role:Role": (c) => ({
        id: c.physical, arn: c.arn("iam", `role${c.inputs.path ?? "/"}${c.physical}`, { region: "" }),
        uniqueId: `AROA${upperAlnum(c.seed, 17)}`,
    }),
    "aws:iam/policy:Policy": (c) => ({ id: c.arn("iam", `policy/${c.physical}`, { region: "" }), arn: c.arn("iam", `policy/${c.physical}`, { region: "" }), policyId: `ANPA${upperAlnum(c.seed, 17)}` }),
    "aws:iam/rolePolicy:RolePolicy": (c) => ({ id: `${c.inputs.role}:${c.physical}` }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (c) => ({ arn: c.arn("iam", `oidc-provider/${String(c.inputs.url ?? "").replace(/^https:\/\//, "")}`, { region: "" }) }),
    "aws:iam/instanceProfile:InstanceProfile": (c) => ({ arn: c.arn("iam", `instance-profile/${c.physical}`, { region: "" }) }),
    "aws:s3/bucket:Bucket": (c) => s3Shape(c),
    "aws:s3/bucketV2:BucketV2": (c) => s3Shape(c),
    "aws:sqs/queue:Queue": (c) => ({
        id: `https://sqs.${c.region}.${c.dnsSuffix}/${c.accountId}/${c.physical}`,
        url: `https://sqs.${c.region}.${c.dnsSuffix}/${c.accountId}/${c.physical}`, arn: c.arn("sqs", c.physical),
    }),
    "aws:sns/topic:Topic": (c) => ({ id: c.arn("sns", c.physical), arn: c.arn("sns", c.physical) }),
    "aws:dynamodb/table:Table": (c) => ({
        id: c.physical, arn: c.arn("dynamodb", `table/${c.physical}`),
        streamArn: c.inputs.streamEnabled ? c.arn("dynamodb", `table/${c.physical}/stream/2026-01-01T00:00:00.000`) : undefined,
    }),
    "aws:rds/instance:Instance": (c) => {
        const port = c.inputs.port ?? (String(c.inputs.engine ?? "").includes("postgres") ? 5432 : 3306);
        const address = `${c.physical}.${hex(c.seed, 12)}.${c.region}.rds.${c.dnsSuffix}`;
        // With manageMasterUserPassword, RDS creates the master secret (`rds!db-<uuid>`) under the given key.
        const masterUserSecrets = c.inputs.manageMasterUserPassword
            ? [{ secretArn: c.arn("secretsmanager", `secret:rds!db-${uuid(c.seed)}-${hex(c.seed + "s", 6)}`), kmsKeyId: c.inputs.masterUserSecretKmsKeyId, secretStatus: "active" }]
            : undefined;
        return {
            id: `db-${upperAlnum(c.seed, 26)}`, arn: c.arn("rds", `db:${c.physical}`), address, port, endpoint: `${address}:${port}`,
            resourceId: `db-${upperAlnum(c.seed, 26)}`, ...(masterUserSecrets ? { masterUserSecrets } : {}),
        };
    },
    "aws:rds/cluster:Cluster": (c) => {
        const address = `${c.physical}.cluster-${hex(c.seed, 12)}.${c.region}.rds.${c.dnsSuffix}`;
        return { id: c.physical, arn: c.arn("rds", `cluster:${c.physical}`), endpoint: address, readerEndpoint: address.replace(".cluster-", ".cluster-ro-"), port: c.inputs.port ?? 5432 };
    },
    "aws:elasticache/replicationGroup:ReplicationGroup": (c) => ({
        id: c.physical, arn: c.arn("elasticache", `replicationgroup:${c.physical}`),
        primaryEndpointAddress: `master.${c.physical}.${hex(c.seed, 6)}.${c.region.replace(/-(\w)\w+-/, "$1")}.cache.${c.dnsSuffix}`,
        readerEndpointAddress: `replica.${c.physical}.${hex(c.seed, 6)}.cache.${c.dnsSuffix}`, port: c.inputs.port ?? 6379,
    }),
    "aws:opensearch/domain:Domain": (c) => ({
        id: c.arn("es", `domain/${c.physical}`), arn: c.arn("es", `domain/${c.physical}`), domainId: `${c.accountId}/${c.physical}`,
        endpoint: `vpc-${c.physical}-${hex(c.seed, 26)}.${c.region}.es.${c.dnsSuffix}`,
    }),
    "aws:eks/cluster:Cluster": (c) => eksClusterShape(c),
    "aws:lambda/function:Function": (c) => ({
        id: c.physical, arn: c.arn("lambda", `function:${c.physical}`), qualifiedArn: c.arn("lambda", `function:${c.physical}:1`), version: "1",
        invokeArn: `arn:${c.partition}:apigateway:${c.region}:lambda:path/2015-03-31/functions/${c.arn("lambda", `function:${c.physical}`)}/invocations`,
    }),
    // An alias's ARN is its function's, qualified with the alias name (functionName may be a name or an ARN).
    "aws:lambda/alias:Alias": (c) => {
        const arn = c.arn("lambda", `function:${String(c.inputs.functionName).split(":function:").pop()}:${c.inputs.name}`);
        return { id: arn, arn, invokeArn: `arn:${c.partition}:apigateway:${c.region}:lambda:path/2015-03-31/functions/${arn}/invocations` };
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": (c) => ({ id: c.physical, arn: c.arn("cloudwatch", `alarm:${c.physical}`) }),
    "aws:codedeploy/application:Application": (c) => ({ id: `${uuid(c.seed)}:${c.physical}`, applicationId: uuid(c.seed), arn: c.arn("codedeploy", `application:${c.physical}`) }),
    "aws:codedeploy/deploymentGroup:DeploymentGroup": (c) => ({
        id: uuid(c.seed), deploymentGroupId: uuid(c.seed), arn: c.arn("codedeploy", `deploymentgroup:${c.inputs.appName}/${c.inputs.deploymentGroupName}`),
    }),
    "aws:sfn/stateMachine:StateMachine": (c) => ({ id: c.arn("states", `stateMachine:${c.physical}`), arn: c.arn("states", `stateMachine:${c.physical}`) }),
    "aws:apigateway/restApi:RestApi": (c) => ({
        id: hex(c.seed, 10), rootResourceId: hex(c.seed + "root", 10), executionArn: c.arn("execute-api", hex(c.seed, 10)),
        arn: `arn:${c.partition}:apigateway:${c.region}::/restapis/${hex(c.seed, 10)}`,
    }),
    "aws:apigatewayv2/api:Api": (c) => ({ id: hex(c.seed, 10), apiEndpoint: `https://${hex(c.seed, 10)}.execute-api.${c.region}.${c.dnsSuffix}`, executionArn: c.arn("execute-api", hex(c.seed, 10)) }),
    // DNS validation: one CNAME per name of the certificate (the domain and each subject alternative name).
    "aws:acm/certificate:Certificate": (c) => ({
        id: c.arn("acm", `certificate/${uuid(c.seed)}`), arn: c.arn("acm", `certificate/${uuid(c.seed)}`), status: "PENDING_VALIDATION",
        domainValidationOptions: [c.inputs.domainName, ...(c.inputs.subjectAlternativeNames ?? [])].map((d: string) => ({
            domainName: d, resourceRecordName: `_${hex(`${c.seed}${d}`, 32)}.${d}.`, resourceRecordType: "CNAME",
            resourceRecordValue: `_${hex(`${d}${c.seed}`, 32)}.acm-validations.aws.`,
        })),
    }),
    "aws:cloudfront/distribution:Distribution": (c) => ({
        id: `E${upperAlnum(c.seed, 13)}`, arn: c.arn("cloudfront", `distribution/E${upperAlnum(c.seed, 13)}`, { region: "" }),
        domainName: `d${hex(c.seed, 13)}.cloudfront.net`, hostedZoneId: "Z2FDTNDATAQYW2",
    }),
    "aws:cognito/userPool:UserPool": (c) => ({ id: `${c.region}_${upperAlnum(c.seed, 9)}`, arn: c.arn("cognito-idp", `userpool/${c.region}_${upperAlnum(c.seed, 9)}`), endpoint: `cognito-idp.${c.region}.${c.dnsSuffix}/${c.region}_${upperAlnum(c.seed, 9)}` }),
    "aws:ecr/repository:Repository": (c) => ({ id: c.physical, arn: c.arn("ecr", `repository/${c.physical}`), repositoryUrl: `${c.accountId}.dkr.ecr.${c.region}.${c.dnsSuffix}/${c.physical}`, registryId: c.accountId }),
    "aws:secretsmanager/secret:Secret": (c) => ({ id: c.arn("secretsmanager", `secret:${c.physical}-${hex(c.seed, 6)}`), arn: c.arn("secretsmanager", `secret:${c.physical}-${hex(c.seed, 6)}`) }),
    "aws:lb/loadBalancer:LoadBalancer": (c) => lbShape(c),
    "aws:alb/loadBalancer:LoadBalancer": (c) => lbShape(c),
    "aws:wafv2/webAcl:WebAcl": (c) => ({ id: uuid(c.seed), arn: c.arn("wafv2", `${c.inputs.scope === "CLOUDFRONT" ? "global" : "regional"}/webacl/${c.physical}/${uuid(c.seed)}`), capacity: 700 }),
    "aws:cloudtrail/trail:Trail": (c) => ({ id: c.physical, arn: c.arn("cloudtrail", `trail/${c.physical}`), homeRegion: c.region }),
    "random:index/randomPassword:RandomPassword": () => ({ id: "none", result: "[secret]", bcryptHash: "[secret]" }),
    "random:index/randomString:RandomString": (c) => ({ id: hex(c.seed, c.inputs.length ?? 16), result: hex(c.seed, c.inputs.length ?? 16) }),
    "random:index/randomId:RandomId": (c) => ({ id: hex(c.seed, (c.inputs.byteLength ?? 8) * 2), hex: hex(c.seed, (c.inputs.byteLength ?? 8) * 2), b64Url: hex(c.seed, 11), dec: String(parseInt(hex(c.seed, 8), 16)) }),
    "random:index/randomPet:RandomPet": (c) => ({ id: `happy-${hex(c.seed, 4)}` }),
    "eks:index:Cluster": (c) => {
        const cluster = eksClusterShape({ ...c, physical: c.inputs.name ?? c.physical });
        return {
            eksCluster: { id: c.physical, name: cluster.name, arn: cluster.arn, endpoint: cluster.endpoint, certificateAuthority: cluster.certificateAuthority },
            kubeconfig: kubeconfig(c, cluster), kubeconfigJson: JSON.stringify(kubeconfig(c, cluster)),
            clusterSecurityGroupId: `sg-${hex(c.seed + "csg", 17)}`, nodeSecurityGroupId: `sg-${hex(c.seed + "nsg", 17)}`,
            oidcProviderArn: c.arn("iam", `oidc-provider/oidc.eks.${c.region}.${c.dnsSuffix}/id/${upperAlnum(c.seed, 32)}`, { region: "" }),
            oidcIssuer: `oidc.eks.${c.region}.${c.dnsSuffix}/id/${upperAlnum(c.seed, 32)}`,
            core: { cluster: { name: cluster.name }, vpcId: c.inputs.vpcId, subnetIds: c.inputs.subnetIds ?? [] },
        };
    },
    "awsx:ec2:Vpc": (c) => {
        const zones = c.inputs.numberOfAvailabilityZones ?? 3;
        const ids = (tier: string) => Array.from({ length: zones }, (_, i) => `subnet-${hex(c.seed + tier + i, 17)}`);
        return { vpcId: `vpc-${hex(c.seed, 17)}`, publicSubnetIds: ids("public"), privateSubnetIds: ids("private"), isolatedSubnetIds: [] };
    },
};

/**
 * What a provider plans during preview for a resource it has not created yet: the inputs, the names its Check assigns
 * (autonames) and tags, and every other output unknown.
 */
function plannedState(inputs: Record<string, unknown>, state: Record<string, unknown>): Record<string, unknown> {
    const planned: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(state)) {
        if (k === "name" || k === "tagsAll") planned[k] = v;
        else if (!(k in inputs)) planned[k] = UNKNOWN;
        else planned[k] = plannedValue(inputs[k], v);
    }
    return planned;
}

/** An input object the provider adds computed fields to (vpcConfig.clusterSecurityGroupId): those fields are unknown. */
function plannedValue(input: unknown, value: unknown): unknown {
    if (!isPlainObject(input) || !isPlainObject(value)) return input;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k in input ? plannedValue(input[k], v) : UNKNOWN;
    return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return !!v && typeof v === "object" && !Array.isArray(v);
}

function s3Shape(c: ShapeCtx) {
    const bucket = c.inputs.bucket ?? c.physical;
    return {
        id: bucket, bucket, arn: `arn:${c.partition}:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.${c.dnsSuffix}`,
        bucketRegionalDomainName: `${bucket}.s3.${c.region}.${c.dnsSuffix}`, hostedZoneId: "Z1BKCTXD74EZPE", region: c.region,
    };
}

function lbShape(c: ShapeCtx) {
    const kind = c.inputs.loadBalancerType === "network" ? "net" : "app";
    const internal = c.inputs.internal ? "internal-" : "";
    return {
        id: c.arn("elasticloadbalancing", `loadbalancer/${kind}/${c.physical}/${hex(c.seed, 16)}`),
        arn: c.arn("elasticloadbalancing", `loadbalancer/${kind}/${c.physical}/${hex(c.seed, 16)}`),
        arnSuffix: `${kind}/${c.physical}/${hex(c.seed, 16)}`, zoneId: "Z32O12XQLNTSW2",
        dnsName: `${internal}${c.physical}-${parseInt(hex(c.seed, 8), 16)}.${c.region}.elb.${c.dnsSuffix}`,
    };
}

function eksClusterShape(c: ShapeCtx) {
    const issuer = `https://oidc.eks.${c.region}.${c.dnsSuffix}/id/${upperAlnum(c.seed, 32)}`;
    return {
        id: c.physical, name: c.physical, arn: c.arn("eks", `cluster/${c.physical}`),
        endpoint: `https://${upperAlnum(c.seed, 32)}.gr7.${c.region}.eks.${c.dnsSuffix}`,
        certificateAuthority: { data: Buffer.from(`mock-ca-${c.seed}`).toString("base64") },
        identities: [{ oidcs: [{ issuer }] }], platformVersion: "eks.1", status: "ACTIVE",
        vpcConfig: { ...(c.inputs.vpcConfig ?? {}), clusterSecurityGroupId: `sg-${hex(c.seed + "csg", 17)}`, vpcId: `vpc-${hex(c.seed + "vpc", 17)}` },
    };
}

function kubeconfig(c: CloudContext, cluster: { name: string; endpoint: string; certificateAuthority: { data: string } }) {
    return {
        apiVersion: "v1", kind: "Config", "current-context": "aws",
        clusters: [{ name: "kubernetes", cluster: { server: cluster.endpoint, "certificate-authority-data": cluster.certificateAuthority.data } }],
        contexts: [{ name: "aws", context: { cluster: "kubernetes", user: "aws" } }],
        users: [{ name: "aws", user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", cluster.name, "--region", c.region] } } }],
    };
}

/** Render the Terraform-shaped input of aws.iam.getPolicyDocument to the JSON IAM receives. */
export function renderPolicyDocument(inputs: any): { json: string; minifiedJson: string; id: string } {
    const one = (xs: string[] | undefined) => (xs && xs.length === 1 ? xs[0] : xs);
    const principals = (ps: any[] | undefined) => {
        if (!ps || !ps.length) return undefined;
        if (ps.length === 1 && ps[0].type === "*") return "*";
        const out: Record<string, unknown> = {};
        for (const p of ps) {
            const key = p.type === "AWS" || p.type === "Service" || p.type === "Federated" || p.type === "CanonicalUser" ? p.type : p.type;
            const prev = out[key] ? ([] as string[]).concat(out[key] as string[]) : [];
            out[key] = one([...prev, ...(p.identifiers ?? [])]);
        }
        return out;
    };
    const statements = (inputs.statements ?? []).map((s: any) => {
        const st: Record<string, unknown> = {};
        if (s.sid) st.Sid = s.sid;
        st.Effect = s.effect ?? "Allow";
        if (s.principals) st.Principal = principals(s.principals);
        if (s.notPrincipals) st.NotPrincipal = principals(s.notPrincipals);
        if (s.actions) st.Action = one(s.actions);
        if (s.notActions) st.NotAction = one(s.notActions);
        if (s.resources) st.Resource = one(s.resources);
        if (s.notResources) st.NotResource = one(s.notResources);
        if (s.conditions && s.conditions.length) {
            const cond: Record<string, Record<string, unknown>> = {};
            for (const cnd of s.conditions) {
                cond[cnd.test] = { ...(cond[cnd.test] ?? {}), [cnd.variable]: one(cnd.values) };
            }
            st.Condition = cond;
        }
        return st;
    });
    const doc = { Version: inputs.version ?? "2012-10-17", Statement: statements };
    return { json: JSON.stringify(doc, null, 2), minifiedJson: JSON.stringify(doc), id: hex(JSON.stringify(doc), 10) };
}

/**
 * getAvailabilityZones for a region: every zone is "available", so asking for another state gives none; excludeNames
 * and excludeZoneIds are applied.
 */
function availabilityZones(info: RegionInfo, inputs: any): Record<string, unknown> {
    const excludeNames: string[] = inputs.excludeNames ?? [];
    const excludeIds: string[] = inputs.excludeZoneIds ?? [];
    const keep = info.zoneNames.map((n, i) => (inputs.state === undefined || inputs.state === "available")
        && !excludeNames.includes(n) && !excludeIds.includes(info.zoneIds[i]));
    return {
        names: info.zoneNames.filter((_, i) => keep[i]), zoneIds: info.zoneIds.filter((_, i) => keep[i]),
        groupNames: [info.region], id: info.region, region: info.region, state: inputs.state,
        excludeNames: inputs.excludeNames, excludeZoneIds: inputs.excludeZoneIds,
    };
}

/**
 * The status a Kubernetes object reports once its controller has acted, which pulumi-kubernetes waits for before it
 * returns the object: an Ingress of the AWS Load Balancer Controller (class `alb`) gets its ALB's DNS name, one ALB
 * per IngressGroup (`alb.ingress.kubernetes.io/group.name`, else the Ingress alone). Nothing for other kinds.
 */
export function kubernetesStatus(type: string, metadata: any, seed: string, region: string, dnsSuffix: string): Record<string, unknown> {
    if (type !== "kubernetes:networking.k8s.io/v1:Ingress") return {};
    const annotations = metadata?.annotations ?? {};
    const group = annotations["alb.ingress.kubernetes.io/group.name"] ?? `${metadata?.namespace ?? "default"}-${metadata?.name ?? seed}`;
    const scheme = annotations["alb.ingress.kubernetes.io/scheme"] === "internet-facing" ? "" : "internal-";
    const hostname = `${scheme}k8s-${String(group).replace(/[^a-z0-9]/g, "").slice(0, 17)}-${hex(String(group), 10)}-${parseInt(hex(seed, 8), 16) % 1000000000}.${region}.elb.${dnsSuffix}`;
    return { status: { loadBalancer: { ingress: [{ hostname }] } } };
}

/**
 * getSessionContext: for an STS assumed-role ARN, the IAM role behind it (path `/`: the mock has no GetRole) with the
 * role's name, the session's name and the role's unique id; any other ARN passes through with the rest empty.
 */
export function sessionContext(arn: string): Record<string, string> {
    const m = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/.exec(arn);
    if (m) {
        const issuerArn = `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
        return { arn, id: arn, issuerArn, issuerName: m[3], sessionName: m[4], issuerId: `AROA${upperAlnum(issuerArn, 17)}` };
    }
    if (!/^arn:[\w-]+:[\w-]+:[\w-]*:\d{12}:.+$/.test(arn)) throw new Error(`getSessionContext: '${arn}' is not an ARN`);
    return { arn, id: arn, issuerArn: arn, issuerName: "", sessionName: "", issuerId: "" };
}

/**
 * The mocks passed to pulumi.runtime.setMocks. Unanswered invokes are recorded (and answered with an empty object)
 * so that the planner can report them instead of failing silently.
 */
/** Elastic Load Balancing's access-log delivery accounts of some regions (AWS's published table). */
const ELB_LOG_ACCOUNTS: Record<string, string> = {
    "us-east-1": "127311923021", "us-west-2": "797873946194", "eu-west-1": "156460612806", "eu-central-1": "054676820928",
    "ap-southeast-2": "783225319266", "cn-north-1": "638102146993",
};

/** The engine's sentinel for a value unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface MockCloudOptions {
    /**
     * Answer as a first `pulumi preview` does: no id, and every output the provider computes (everything but the
     * inputs, the autoname and tagsAll) unknown.
     */
    preview?: boolean;
    /** The outputs of the stacks the program reads through `pulumi.StackReference` (see StackReferences). */
    stackReferences?: StackReferences;
}

/** What a referenced stack exports: its outputs (secrets masked) and the names of the secret ones. */
export interface StackOutputs {
    outputs: Record<string, unknown>;
    secretOutputNames: string[];
}

/**
 * The stacks a program's StackReferences read, as the engine reads them (the referenced stack's current outputs, known
 * in preview too). A name the planner cannot answer is recorded in `missing` and fails the registration.
 */
export interface StackReferences {
    resolve(name: string): StackOutputs | undefined;
    readonly missing: Set<string>;
}

export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

export class MockCloud {
    readonly unmockedInvokes = new Set<string>();
    readonly invokes = new Map<string, number>();
    private readonly dnsSuffix: string;
    /** The region of each explicit aws provider (`new aws.Provider(..., { region })`), by the provider's id. */
    private readonly providerRegions = new Map<string, string>();
    constructor(readonly ctx: CloudContext, readonly options: MockCloudOptions = {}) {
        const expected = partitionOf(ctx.region);
        if (Object.prototype.hasOwnProperty.call(AWS_REGIONS, ctx.region) && ctx.partition !== expected) {
            throw new Error(`MockCloud: region ${ctx.region} is in partition ${expected}, not ${ctx.partition}`);
        }
        this.dnsSuffix = PARTITIONS[ctx.partition as PartitionName]?.dnsSuffix ?? PARTITIONS.aws.dnsSuffix;
    }

    private arnFor(service: string, resource: string, opts: { region?: string; account?: string } = {}, regionOfProvider?: string): string {
        const region = opts.region ?? regionOfProvider ?? this.ctx.region;
        const account = opts.account ?? this.ctx.accountId;
        return `arn:${this.ctx.partition}:${service}:${region}:${account}:${resource}`;
    }

    private shapeCtx(name: string, physical: string, inputs: any, seed: string, region: string): ShapeCtx {
        return { ...this.ctx, region, dnsSuffix: this.dnsSuffix, name, physical, inputs, seed, arn: (s, r, o) => this.arnFor(s, r, o, region) };
    }

    /** The region a resource lives in: its explicit aws provider's region, else the stack's. */
    private regionOf(provider: string | undefined): string {
        const id = provider?.slice(provider.lastIndexOf("::") + 2);
        return (id && this.providerRegions.get(id)) || this.ctx.region;
    }

    newResource(args: MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        const inputs = args.inputs ?? {};
        const seed = `${args.type}::${args.name}`;
        const { pkg, module, kind } = parseToken(args.type);
        const max = AUTONAME_MAX[args.type] ?? 63;
        const autoname = (`${args.name}-${hex(seed, 7)}`).slice(0, max);
        const nameInput = inputs[NAME_PROPERTY[args.type] ?? "name"];
        const physical: string = typeof nameInput === "string" ? nameInput
            : typeof inputs.bucket === "string" ? inputs.bucket : autoname;
        if (args.type === STACK_REFERENCE_TYPE) {
            const name = String(inputs.name ?? args.name);
            const found = this.options.stackReferences?.resolve(name);
            if (!found) {
                this.options.stackReferences?.missing.add(name);
                throw new Error(`StackReference '${name}': the planner knows no outputs of that stack`);
            }
            return { id: name, state: { name, outputs: found.outputs, secretOutputNames: found.secretOutputNames } };
        }
        if (pkg === "pulumi" && module === "providers") {
            if (kind === "aws" && typeof inputs.region === "string") this.providerRegions.set(uuid(seed), inputs.region);
            return { id: uuid(seed), state: { ...inputs } };
        }
        if (pkg === "kubernetes") {
            const metadata = { ...(inputs.metadata ?? {}) };
            if (!metadata.name) metadata.name = autoname.toLowerCase();
            const id = metadata.namespace ? `${metadata.namespace}/${metadata.name}` : metadata.name;
            if (this.options.preview) return { id: undefined, state: { ...inputs, metadata: { ...metadata, uid: UNKNOWN } } };
            return { id, state: { ...inputs, metadata: { ...metadata, uid: uuid(seed) }, ...kubernetesStatus(args.type, metadata, seed, this.ctx.region, this.dnsSuffix) } };
        }
        const shape = SHAPES[args.type];
        const region = this.regionOf(args.provider);
        const extra: Record<string, unknown> = shape ? shape(this.shapeCtx(args.name, physical, inputs, seed, region))
            : { id: pkg === "aws" ? `${physical}` : `${args.name}-${hex(seed, 8)}`, arn: this.arnFor(module, `${kind.toLowerCase()}/${physical}`, {}, region) };
        const state: Record<string, unknown> = { ...inputs, ...extra };
        if (pkg === "aws" && inputs.name === undefined && state.name === undefined) state.name = physical;
        if (pkg === "aws" && inputs.tags) state.tagsAll = inputs.tags;
        const id = args.custom === false ? undefined : String((extra.id as string | undefined) ?? `${args.name}-${hex(seed, 8)}`);
        delete state.id;
        if (this.options.preview && !args.id) return { id: undefined, state: plannedState(inputs, state) };
        return { id: args.id || id, state };
    }

    /**
     * Answer an invoke. Every `aws:` invoke first checks the region (the invoke's own `region` input, else the stack's)
     * and throws UnknownRegionError for a region AWS does not have, as the provider does when it is configured with one.
     */
    call(args: MockCallArgs): Record<string, unknown> {
        const { accountId, partition } = this.ctx;
        this.invokes.set(args.token, (this.invokes.get(args.token) ?? 0) + 1);
        const inputs = args.inputs ?? {};
        const info = args.token.startsWith("aws:") ? regionInfo(inputs.region ?? this.regionOf(args.provider)) : undefined;
        const caller = `arn:${partition}:sts::${accountId}:assumed-role/planner/offline`;
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId, arn: caller, userId: `${sessionContext(caller).issuerId}:offline`, id: accountId };
            case "aws:iam/getSessionContext:getSessionContext":
                return sessionContext(String(inputs.arn ?? ""));
            case "aws:index/getPartition:getPartition":
                return { partition: info!.partition, dnsSuffix: info!.dnsSuffix, reverseDnsPrefix: info!.reverseDnsPrefix, id: info!.partition };
            case "aws:index/getRegion:getRegion": {
                // `name` is deprecated in @pulumi/aws 7 (use `region`) but still answered, as the provider does.
                const r = inputs.region || inputs.name ? regionInfo(inputs.region ?? inputs.name) : info!;
                return { region: r.region, name: r.region, id: r.region, description: r.description, endpoint: `ec2.${r.region}.${r.dnsSuffix}` };
            }
            // Elastic Load Balancing's log-delivery account of the region (the provider's table; a few regions here).
            case "aws:elb/getServiceAccount:getServiceAccount": {
                const account = ELB_LOG_ACCOUNTS[info!.region] ?? "000000000000";
                return { id: account, arn: `arn:${info!.partition}:iam::${account}:root`, region: info!.region };
            }
            case "aws:index/getAvailabilityZones:getAvailabilityZones":
                return availabilityZones(info!, inputs);
            case "aws:iam/getPolicyDocument:getPolicyDocument":
                return renderPolicyDocument(inputs);
            case "aws:ssm/getParameter:getParameter":
                return { name: inputs.name, value: String(inputs.name ?? "").includes("ami") ? `ami-${hex(inputs.name, 17)}` : `mock-${hex(String(inputs.name), 8)}`, type: "String", version: 1, arn: this.arnFor("ssm", `parameter${inputs.name}`), id: inputs.name, insecureValue: "" };
            // No pipeline has delivered an image offline: no parameters under the path.
            case "aws:ssm/getParametersByPath:getParametersByPath":
                return { id: inputs.path, path: inputs.path, names: [], values: [], arns: [], types: [], region: info!.region };
            case "aws:ec2/getAmi:getAmi":
                return { id: `ami-${hex(JSON.stringify(inputs), 17)}`, imageId: `ami-${hex(JSON.stringify(inputs), 17)}`, architecture: "x86_64" };
            case "aws:eks/getCluster:getCluster":
                return eksClusterShape(this.shapeCtx(inputs.name, inputs.name, {}, `aws:eks/cluster:Cluster::${inputs.name}`, this.regionOf(args.provider)));
            case "aws:eks/getClusterAuth:getClusterAuth":
                return { id: inputs.name, name: inputs.name, token: "k8s-aws-v1.mock-token" };
            case "aws:eks/getAddonVersion:getAddonVersion":
                return { id: inputs.addonName, addonName: inputs.addonName, kubernetesVersion: inputs.kubernetesVersion, version: "v1.0.0-eksbuild.1" };
            case "aws:index/getDefaultTags:getDefaultTags":
                return { id: "default", tags: {} };
            case "aws:kms/getKey:getKey":
                return { id: inputs.keyId, arn: String(inputs.keyId).startsWith("arn:") ? inputs.keyId : this.arnFor("kms", `key/${inputs.keyId}`), keyId: inputs.keyId };
            case "aws:iam/getRole:getRole":
                return { id: inputs.name, name: inputs.name, arn: this.arnFor("iam", `role/${inputs.name}`, { region: "" }) };
            default:
                this.unmockedInvokes.add(args.token);
                return {};
        }
    }
}
