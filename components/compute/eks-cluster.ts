/**
 * EksCluster (`platform:compute:EksCluster`): an EKS cluster from plain `aws.eks.*` resources, so that every security
 * setting is an input the plan records and the policy packs check (the `eks.Cluster` component of @pulumi/eks is a
 * remote component: one opaque resource offline). The class validates, registers and hands each concern to a small
 * function below:
 *
 * - control plane: its IAM role, its log group (created first, encrypted, with retention: EKS would otherwise create
 *   it unencrypted and never-expiring), the cluster (pinned version, API authentication with access entries only,
 *   private endpoint plus a public one only for an allow-list, secrets envelope encryption, all control-plane logs;
 *   AmazonEKSVPCResourceController for the branch network interfaces of security groups for pods);
 * - nodes: one role (worker and image-pull policies only: the CNI's permissions go to the vpc-cni add-on's own Pod
 *   Identity role), a launch template and a managed node group per NodeGroupSpec (IMDSv2 with hop limit 1, encrypted
 *   gp3 volumes with the volume key, no public IP);
 * - access: one access entry per admin role with AmazonEKSClusterAdminPolicy at cluster scope;
 * - add-ons, each pinned: vpc-cni (network policy enforcement and security groups for pods on), kube-proxy, eks-pod-identity-agent before the
 *   nodes; coredns, aws-ebs-csi-driver and amazon-cloudwatch-observability after them; those that call AWS get a
 *   WorkloadRole (Pod Identity);
 * - a Kubernetes provider for the cluster (kubeconfig with `aws eks get-token`), for the in-cluster controllers.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    ArgsChecker, ComponentContext, componentContext, IAM_ROLE_ARN, isLogRetention, isValidCidr, LOG_RETENTION_DAYS,
    PolicyDocument, policyJson, prefixLength, serviceTrustPolicy, Tags,
} from "../shared";
import { WorkloadRole } from "./workload-role";

/** The EKS add-ons every cluster runs. */
export const ADDON_NAMES = [
    "vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent", "aws-ebs-csi-driver", "amazon-cloudwatch-observability",
] as const;
export type AddonName = (typeof ADDON_NAMES)[number];

/** The node AMI families: Amazon Linux 2023 or Bottlerocket (Amazon Linux 2 reached its end of support). */
export const AMI_TYPES = ["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"] as const;
export type AmiType = (typeof AMI_TYPES)[number];
export const TAINT_EFFECTS = ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"] as const;
export const CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;
/** Every control-plane log type: all are sent to the encrypted log group. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
/** The oldest Kubernetes minor version a new cluster may run (1.33; older ones are in extended support in 2026). */
export const MIN_KUBERNETES_MINOR = 33;
/** Root volume sizes a node group may ask for (GiB). */
export const DISK_SIZE_GIB = { min: 20, max: 16384 } as const;

export interface NodeGroupSpec {
    /** The group's short name (`system`, `apps`): part of the child resources' names. Lowercase letters, digits, '-'. */
    name: string;
    /** EC2 instance types, such as `m7i.large`; several widen the capacity pools (Spot). At least one. */
    instanceTypes: string[];
    /** The fewest nodes the group keeps (0 or more). */
    minSize: number;
    /**
     * Nodes at creation, from minSize to maxSize. Set once: the cluster autoscaler owns the desired size afterwards
     * (the node group ignores later changes to it).
     */
    desiredSize: number;
    /** The most nodes the group may scale to (at least 1, at least minSize). */
    maxSize: number;
    /** The AMI family: Amazon Linux 2023 or Bottlerocket, x86_64 or ARM64. */
    amiType: AmiType;
    /** Size of each node's data volume in GiB (the root volume on AL2023, the data volume on Bottlerocket), 20 or more. */
    diskSizeGiB: number;
    /** Kubernetes labels of the group's nodes. Defaults to none. */
    labels?: Record<string, string>;
    /** Kubernetes taints of the group's nodes (a `system` group keeps application pods away with one). Defaults to none. */
    taints?: { key: string; value?: string; effect: (typeof TAINT_EFFECTS)[number] }[];
    /** On-Demand or Spot capacity. Defaults to ON_DEMAND. */
    capacityType?: (typeof CAPACITY_TYPES)[number];
}

export interface EksClusterArgs {
    /** The Kubernetes minor version, such as `1.36` (1.33 or newer). Raising it upgrades the control plane, then the nodes. */
    kubernetesVersion: string;
    /** The private subnets (at least two zones): the control plane's network interfaces and the nodes go there. */
    subnetIds: pulumi.Input<string>[];
    /**
     * CIDR blocks that may reach the public API endpoint. Empty: the endpoint is private only (prod). Non-empty: a
     * public endpoint open to exactly these blocks, never 0.0.0.0/0. The private endpoint is always on.
     */
    endpointPublicAccessCidrs: string[];
    /** The KMS key that envelope-encrypts Kubernetes secrets (the security layer's `eks` key). Cannot be removed later. */
    secretsKeyArn: pulumi.Input<string>;
    /** The KMS key that encrypts the nodes' EBS volumes (the security layer's `eks` key). */
    volumeKeyArn: pulumi.Input<string>;
    /**
     * The control-plane log group `/aws/eks/<cluster>/cluster` (and the Container Insights groups): its KMS key (the
     * security layer's `logs` key) and retention in days (a CloudWatch retention value).
     */
    logs: { kmsKeyArn: pulumi.Input<string>; retentionInDays: number };
    /** The managed node groups, at least one; names unique. */
    nodeGroups: NodeGroupSpec[];
    /**
     * The pinned version of each add-on (`v1.22.4-eksbuild.3`), one for every name of ADDON_NAMES, built for
     * kubernetesVersion (see versions.ts). An add-on not in ADDON_NAMES is refused.
     */
    addonVersions: Record<AddonName, string>;
    /**
     * IAM roles given cluster-admin through access entries (AmazonEKSClusterAdminPolicy, cluster scope), besides the
     * role that creates the cluster (EKS gives it an access entry of its own, so the Kubernetes provider, which
     * authenticates as that role, can deploy the cluster's objects). Do not list the creating role here: EKS refuses a
     * second access entry for the same principal.
     */
    adminRoleArns: pulumi.Input<string>[];
    /** The permissions boundary of the add-ons' Pod Identity roles (the security layer's workload boundary). */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Protect the cluster and its log groups (Pulumi `protect`, and EKS deletion protection on the cluster). Defaults to false. */
    protect?: boolean;
    /** Tags merged into every taggable child (and the nodes, their volumes and network interfaces). */
    tags?: Tags;
}

/** How an add-on is installed: its place in the order and, when it calls AWS, the Pod Identity role it needs. */
export interface AddonSpec {
    name: AddonName;
    /** A short name for its child resources (IAM role names are at most 64 characters). */
    short: string;
    /** Installed before the node groups: networking and identity the nodes need to become Ready. */
    beforeNodes: boolean;
    /** The add-on's service account and the AWS managed policies (names under `arn:<partition>:iam::aws:policy/`). */
    identity?: { namespace: string; serviceAccount: string; managedPolicies: string[] };
    /** The add-on's configuration (its JSON schema: `aws eks describe-addon-configuration`). */
    configuration?: Record<string, unknown>;
}

/** The add-ons, in the order they are created. Pure data, tested on its own. */
export const ADDONS: readonly AddonSpec[] = [
    // First: every Pod Identity credential comes through this agent (a host-network DaemonSet on every node).
    { name: "eks-pod-identity-agent", short: "pod-identity", beforeNodes: true },
    {
        name: "vpc-cni", short: "cni", beforeNodes: true,
        identity: { namespace: "kube-system", serviceAccount: "aws-node", managedPolicies: ["AmazonEKS_CNI_Policy"] },
        // NetworkPolicy enforcement by the CNI's eBPF agent (the add-on's schema wants the string "true"). Security
        // groups for pods (ENABLE_POD_ENI): a SecurityGroupPolicy puts a service's pods in the clients group of each
        // data store it needs, so a store admits only those pods; "standard" enforcement keeps pod-to-pod and DNS
        // traffic under the node's groups (and NetworkPolicies). Kubelet probes reach pods on branch ENIs only with
        // TCP early demux off.
        configuration: {
            enableNetworkPolicy: "true",
            env: { ENABLE_POD_ENI: "true", POD_SECURITY_GROUP_ENFORCING_MODE: "standard" },
            init: { env: { DISABLE_TCP_EARLY_DEMUX: "true" } },
        },
    },
    { name: "kube-proxy", short: "kube-proxy", beforeNodes: true },
    { name: "coredns", short: "coredns", beforeNodes: false },
    {
        name: "aws-ebs-csi-driver", short: "ebs-csi", beforeNodes: false,
        identity: { namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa", managedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"] },
    },
    {
        name: "amazon-cloudwatch-observability", short: "cloudwatch", beforeNodes: false,
        identity: {
            namespace: "amazon-cloudwatch", serviceAccount: "cloudwatch-agent",
            managedPolicies: ["CloudWatchAgentServerPolicy", "AWSXrayWriteOnlyAccess"],
        },
    },
];

/** The log groups the CloudWatch observability add-on writes to (created here, encrypted, with retention). */
export const CONTAINER_INSIGHTS_LOG_GROUPS = ["application", "dataplane", "host", "performance"] as const;

const defaults = {
    capacityType: "ON_DEMAND" as (typeof CAPACITY_TYPES)[number],
    protect: false,
    /** Rolling node updates replace at most a third of a group at a time. */
    maxUnavailablePercentage: 33,
};

export class EksCluster extends pulumi.ComponentResource {
    readonly cluster: aws.eks.Cluster;
    /** The cluster's name (the component's name): known before the cluster exists. */
    readonly clusterName: pulumi.Output<string>;
    /** The API server endpoint (https URL). */
    readonly endpoint: pulumi.Output<string>;
    /** The cluster CA certificate, base64 (a kubeconfig's `certificate-authority-data`). */
    readonly certificateAuthority: pulumi.Output<string>;
    /** The security group EKS creates for the control plane and nodes. */
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    /** The nodes' IAM role. */
    readonly nodeRoleArn: pulumi.Output<string>;
    /** A kubeconfig for the cluster (exec `aws eks get-token`), secret. */
    readonly kubeconfig: pulumi.Output<string>;
    /** The Kubernetes provider of the cluster, ready once the nodes, add-ons and admin access exist. */
    readonly provider: k8s.Provider;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        validateEksClusterArgs(name, args);
        super("platform:compute:EksCluster", name, {}, opts);
        const ctx = context(this, name, args);
        this.cluster = createControlPlane(ctx, args);
        this.clusterName = this.cluster.name;
        this.endpoint = this.cluster.endpoint;
        this.certificateAuthority = this.cluster.certificateAuthority.apply((ca) => ca.data ?? "");
        this.clusterSecurityGroupId = this.cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId ?? "");
        const admins = createAdminAccess(ctx, this.cluster, args.adminRoleArns);
        const early = createAddons(ctx, this.cluster, args, ADDONS.filter((a) => a.beforeNodes), []);
        const nodes = createNodes(ctx, this.cluster, this.clusterSecurityGroupId, args, Object.values(early));
        this.nodeRoleArn = nodes.roleArn;
        const insights = createContainerInsightsLogGroups(ctx, args);
        const late = createAddons(ctx, this.cluster, args, ADDONS.filter((a) => !a.beforeNodes), [...nodes.groups, ...insights],
            early["eks-pod-identity-agent"]);
        this.kubeconfig = pulumi.secret(pulumi.all([this.clusterName, this.endpoint, this.certificateAuthority, ctx.region])
            .apply(([clusterName, endpoint, certificateAuthorityData, region]) =>
                kubeconfigFor({ clusterName, endpoint, certificateAuthorityData, region })));
        // Kubernetes objects go through this provider: they wait for the nodes, every add-on and the admins' access.
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, {
            parent: this,
            dependsOn: [...admins, ...nodes.groups, ...Object.values(early), ...Object.values(late)],
        });
        this.registerOutputs({
            clusterName: this.clusterName, endpoint: this.endpoint, certificateAuthority: this.certificateAuthority,
            clusterSecurityGroupId: this.clusterSecurityGroupId, nodeRoleArn: this.nodeRoleArn, kubeconfig: this.kubeconfig,
        });
    }
}

/** What every part of the cluster is created with: the component's context, and whether to protect what is stateful. */
interface ClusterContext extends ComponentContext {
    protect: boolean;
}

function context(parent: pulumi.Resource, name: string, args: EksClusterArgs): ClusterContext {
    return { ...componentContext(parent, name, args.tags), protect: args.protect ?? defaults.protect };
}

/** An AWS managed policy's ARN in the stack's partition. */
function managedPolicy(ctx: ClusterContext, policy: string): pulumi.Output<string> {
    return pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/${policy}`;
}

/** The physical name of the control-plane log group EKS writes to. */
export function controlPlaneLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}

/**
 * The cluster role's own policy: use of the secrets key. The key policy lets this account's principals use the key
 * through EKS only and leaves the grant to IAM, so the role EKS encrypts secrets with needs it. Pure.
 */
export function clusterKeyPolicy(secretsKeyArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "EnvelopeEncryptionOfSecrets",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
            Resource: secretsKeyArn,
        }],
    };
}

/**
 * The control plane: its role (EKS of this account only; AmazonEKSClusterPolicy and the secrets key), its log group
 * (before the cluster, so EKS finds it encrypted), and the cluster itself.
 */
function createControlPlane(ctx: ClusterContext, args: EksClusterArgs): aws.eks.Cluster {
    const { name, parent } = ctx;
    const role = new aws.iam.Role(`${name}-cluster`, {
        description: `EKS control plane of ${name}`,
        assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com", ctx.accountId),
        tags: ctx.tags({ Name: `${name}-cluster` }),
    }, { parent });
    const clusterPolicy = new aws.iam.RolePolicyAttachment(`${name}-cluster`, {
        role: role.name,
        policyArn: managedPolicy(ctx, "AmazonEKSClusterPolicy"),
    }, { parent });
    // The VPC resource controller attaches the trunk and branch network interfaces of security groups for pods.
    const resourceControllerPolicy = new aws.iam.RolePolicyAttachment(`${name}-cluster-vpc-resources`, {
        role: role.name,
        policyArn: managedPolicy(ctx, "AmazonEKSVPCResourceController"),
    }, { parent });
    const keyPolicy = new aws.iam.RolePolicy(`${name}-cluster-kms`, {
        role: role.id,
        policy: pulumi.output(args.secretsKeyArn).apply((arn) => JSON.stringify(clusterKeyPolicy(arn))),
    }, { parent });
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-control-plane`, {
        name: controlPlaneLogGroupName(name),
        retentionInDays: args.logs.retentionInDays,
        kmsKeyId: args.logs.kmsKeyArn,
        tags: ctx.tags({ Name: `${name}-control-plane` }),
    }, { parent, protect: ctx.protect });
    const publicCidrs = args.endpointPublicAccessCidrs;
    return new aws.eks.Cluster(`${name}-cluster`, {
        name,
        version: args.kubernetesVersion,
        roleArn: role.arn,
        // Access entries only (no aws-auth ConfigMap). The creating role (the pipeline's, which also deploys the
        // cluster's Kubernetes objects) gets its access entry from EKS: it cannot be added as a resource here without
        // knowing at plan time that it is not already among adminRoleArns.
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
        // Only the managed add-ons below run: EKS installs no unmanaged vpc-cni, kube-proxy or CoreDNS of its own.
        bootstrapSelfManagedAddons: false,
        vpcConfig: {
            subnetIds: args.subnetIds,
            endpointPrivateAccess: true,
            endpointPublicAccess: publicCidrs.length > 0,
            ...(publicCidrs.length > 0 ? { publicAccessCidrs: [...publicCidrs] } : {}),
        },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: args.secretsKeyArn } },
        enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
        // Standard support only: no extended-support surcharge; a version past its standard support is upgraded by
        // EKS, so keep kubernetesVersion current (versions.ts).
        upgradePolicy: { supportType: "STANDARD" },
        // Lets ARC shift the API server's traffic away from an impaired zone.
        zonalShiftConfig: { enabled: true },
        deletionProtection: ctx.protect,
        tags: ctx.tags({ Name: name }),
    }, { parent, protect: ctx.protect, dependsOn: [logGroup, clusterPolicy, resourceControllerPolicy, keyPolicy] });
}

/** An access entry per admin role, with AmazonEKSClusterAdminPolicy at cluster scope. */
function createAdminAccess(ctx: ClusterContext, cluster: aws.eks.Cluster, adminRoleArns: pulumi.Input<string>[]): pulumi.Resource[] {
    const { name, parent } = ctx;
    return adminRoleArns.map((principalArn, i) => {
        const entry = new aws.eks.AccessEntry(`${name}-admin-${i + 1}`, {
            clusterName: cluster.name,
            principalArn,
            type: "STANDARD",
            tags: ctx.tags({ Name: `${name}-admin-${i + 1}` }),
        }, { parent });
        return new aws.eks.AccessPolicyAssociation(`${name}-admin-${i + 1}`, {
            clusterName: cluster.name,
            principalArn: entry.principalArn,
            policyArn: pulumi.interpolate`arn:${ctx.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
            accessScope: { type: "cluster" },
        }, { parent });
    });
}

/**
 * The add-ons of `specs`, each pinned; an add-on that calls AWS gets its WorkloadRole (a Pod Identity role with the
 * add-on's managed policies and the workload boundary, and its association). The role's association, not the
 * add-on's `podIdentityAssociations`: every Pod Identity of the platform (services, controllers, add-ons) is then one
 * WorkloadRole with the same trust, boundary and association, and EKS refuses two associations for one service
 * account, so only one of the two may exist. Each add-on waits for the Pod Identity agent and for its role.
 */
function createAddons(ctx: ClusterContext, cluster: aws.eks.Cluster, args: EksClusterArgs, specs: AddonSpec[],
    dependsOn: pulumi.Resource[], podIdentityAgent?: aws.eks.Addon): Partial<Record<AddonName, aws.eks.Addon>> {
    const { name, parent } = ctx;
    const created: Partial<Record<AddonName, aws.eks.Addon>> = {};
    for (const spec of specs) {
        const needs = [...dependsOn];
        if (spec.identity) {
            const agent = podIdentityAgent ?? created["eks-pod-identity-agent"];
            if (!agent) throw new Error(`add-on ${spec.name} uses Pod Identity: the eks-pod-identity-agent add-on must come first`);
            needs.push(agent);
            needs.push(new WorkloadRole(`${name}-${spec.short}`, {
                clusterName: cluster.name,
                namespace: spec.identity.namespace,
                serviceAccount: spec.identity.serviceAccount,
                managedPolicyArns: spec.identity.managedPolicies.map((p) => managedPolicy(ctx, p)),
                permissionsBoundaryArn: args.permissionsBoundaryArn,
                description: `EKS add-on ${spec.name} of ${name} (${spec.identity.namespace}/${spec.identity.serviceAccount})`,
                tags: args.tags,
            }, { parent }));
        }
        created[spec.name] = new aws.eks.Addon(`${name}-${spec.short}`, {
            clusterName: cluster.name,
            addonName: spec.name,
            addonVersion: args.addonVersions[spec.name],
            ...(spec.configuration ? { configurationValues: JSON.stringify(spec.configuration) } : {}),
            // The add-on's configuration is this code's: a field changed by hand in the cluster is set back.
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
            tags: ctx.tags({ Name: `${name}-${spec.short}` }),
        }, { parent, dependsOn: needs });
    }
    return created;
}

/** The Container Insights log groups, encrypted and with retention (the agent would create them with neither). */
function createContainerInsightsLogGroups(ctx: ClusterContext, args: EksClusterArgs): aws.cloudwatch.LogGroup[] {
    return CONTAINER_INSIGHTS_LOG_GROUPS.map((kind) => new aws.cloudwatch.LogGroup(`${ctx.name}-insights-${kind}`, {
        name: `/aws/containerinsights/${ctx.name}/${kind}`,
        retentionInDays: args.logs.retentionInDays,
        kmsKeyId: args.logs.kmsKeyArn,
        tags: ctx.tags({ Name: `${ctx.name}-insights-${kind}` }),
    }, { parent: ctx.parent, protect: ctx.protect }));
}

/** One block device mapping of a launch template. */
export interface VolumePlan { deviceName: string; volumeSize: number }

/**
 * The volumes a node of this AMI family boots with, all encrypted with the volume key: AL2023 has one root volume
 * (`/dev/xvda`); Bottlerocket an OS volume (`/dev/xvda`, 4 GiB) and a data volume (`/dev/xvdb`) that holds images and
 * pods' storage. Pure.
 */
export function planVolumes(amiType: AmiType, diskSizeGiB: number): VolumePlan[] {
    return amiType.startsWith("BOTTLEROCKET")
        ? [{ deviceName: "/dev/xvda", volumeSize: 4 }, { deviceName: "/dev/xvdb", volumeSize: diskSizeGiB }]
        : [{ deviceName: "/dev/xvda", volumeSize: diskSizeGiB }];
}

/**
 * The nodes: their role (ec2 trust; worker and image-pull policies only), then per group a launch template and a
 * managed node group in the private subnets, after the add-ons the nodes need to become Ready.
 */
function createNodes(ctx: ClusterContext, cluster: aws.eks.Cluster, clusterSecurityGroupId: pulumi.Output<string>,
    args: EksClusterArgs, addons: pulumi.Resource[]): { roleArn: pulumi.Output<string>; groups: aws.eks.NodeGroup[] } {
    const { name, parent } = ctx;
    const role = new aws.iam.Role(`${name}-node`, {
        description: `EKS nodes of ${name}`,
        assumeRolePolicy: policyJson([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]),
        tags: ctx.tags({ Name: `${name}-node` }),
    }, { parent });
    // No AmazonEKS_CNI_Policy: the CNI's permissions belong to the vpc-cni add-on's Pod Identity role, not to every pod.
    const attachments = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"].map((p) =>
        new aws.iam.RolePolicyAttachment(`${name}-node-${p}`, { role: role.name, policyArn: managedPolicy(ctx, p) }, { parent }));
    const groups = args.nodeGroups.map((spec) => {
        const groupName = `${name}-${spec.name}`;
        const tags = ctx.tags({ Name: groupName, "eks-node-group": spec.name });
        const template = new aws.ec2.LaunchTemplate(groupName, {
            description: `Nodes of ${groupName}`,
            updateDefaultVersion: true,
            // IMDSv2 only, and one hop: pods (one hop further) cannot read the node's credentials; they use Pod Identity.
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            blockDeviceMappings: planVolumes(spec.amiType, spec.diskSizeGiB).map((v) => ({
                deviceName: v.deviceName,
                ebs: { volumeSize: v.volumeSize, volumeType: "gp3", encrypted: "true", kmsKeyId: args.volumeKeyArn, deleteOnTermination: "true" },
            })),
            // The cluster security group, which EKS would add itself, and never a public address.
            networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: [clusterSecurityGroupId] }],
            tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags })),
            tags,
        }, { parent });
        return new aws.eks.NodeGroup(groupName, {
            clusterName: cluster.name,
            version: cluster.version,
            nodeRoleArn: role.arn,
            subnetIds: args.subnetIds,
            amiType: spec.amiType,
            instanceTypes: spec.instanceTypes,
            capacityType: spec.capacityType ?? defaults.capacityType,
            scalingConfig: { minSize: spec.minSize, desiredSize: spec.desiredSize, maxSize: spec.maxSize },
            updateConfig: { maxUnavailablePercentage: defaults.maxUnavailablePercentage },
            labels: spec.labels ?? {},
            taints: (spec.taints ?? []).map((t) => ({ key: t.key, effect: t.effect, ...(t.value !== undefined ? { value: t.value } : {}) })),
            launchTemplate: { id: template.id, version: template.latestVersion.apply((v) => String(v)) },
            tags,
        }, {
            parent,
            dependsOn: [...attachments, ...addons],
            // The cluster autoscaler owns the desired size (EKS tags the group's Auto Scaling group for its discovery):
            // a deployment must not reset it to the value of the day the group was created.
            ignoreChanges: ["scalingConfig.desiredSize"],
        });
    });
    return { roleArn: role.arn, groups };
}

/** What a kubeconfig for the cluster needs. */
export interface KubeconfigInput {
    clusterName: string;
    endpoint: string;
    certificateAuthorityData: string;
    region: string;
}

/**
 * A kubeconfig (JSON) that authenticates with `aws eks get-token` (client.authentication.k8s.io/v1beta1) as whoever
 * runs it: no token or key in it, but it names the endpoint, so it is handled as a secret. Pure.
 */
export function kubeconfigFor(c: KubeconfigInput): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: c.clusterName, cluster: { server: c.endpoint, "certificate-authority-data": c.certificateAuthorityData } }],
        contexts: [{ name: c.clusterName, context: { cluster: c.clusterName, user: c.clusterName } }],
        "current-context": c.clusterName,
        users: [{
            name: c.clusterName,
            user: {
                exec: {
                    apiVersion: "client.authentication.k8s.io/v1beta1",
                    command: "aws",
                    args: ["eks", "get-token", "--cluster-name", c.clusterName, "--region", c.region],
                },
            },
        }],
    });
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A label or taint key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
const K8S_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const K8S_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

/** Validate EksClusterArgs (and the component's name, the cluster's name); throws ComponentArgsError listing every problem. */
export function validateEksClusterArgs(name: string, args: EksClusterArgs): void {
    const check = new ArgsChecker("EksCluster");
    check.name("name", name);
    const minor = /^1\.(\d+)$/.exec(String(args.kubernetesVersion));
    check.require(!!minor && Number(minor[1]) >= MIN_KUBERNETES_MINOR, "kubernetesVersion", args.kubernetesVersion,
        `expected a Kubernetes minor version 1.${MIN_KUBERNETES_MINOR} or newer, such as 1.36`);
    check.require(Array.isArray(args.subnetIds) && args.subnetIds.length >= 2, "subnetIds", args.subnetIds,
        "expected at least two private subnets in different zones (EKS requires two)");
    validatePublicEndpoint(check, args.endpointPublicAccessCidrs);
    for (const field of ["secretsKeyArn", "volumeKeyArn", "permissionsBoundaryArn"] as const) {
        check.require(args[field] !== undefined && args[field] !== "", field, args[field], "required");
    }
    check.require(!!args.logs && args.logs.kmsKeyArn !== undefined && args.logs.kmsKeyArn !== "", "logs.kmsKeyArn",
        args.logs?.kmsKeyArn, "a KMS key ARN is required: control-plane logs are always encrypted with a CMK");
    check.require(isLogRetention(args.logs?.retentionInDays), "logs.retentionInDays", args.logs?.retentionInDays,
        `expected a CloudWatch retention period: ${LOG_RETENTION_DAYS.join(", ")}`);
    validateNodeGroups(check, args.nodeGroups);
    validateAddonVersions(check, args.addonVersions);
    check.require(Array.isArray(args.adminRoleArns), "adminRoleArns", args.adminRoleArns, "expected a list of IAM role ARNs");
    for (const [i, arn] of (Array.isArray(args.adminRoleArns) ? args.adminRoleArns : []).entries()) {
        if (typeof arn === "string") check.require(IAM_ROLE_ARN.test(arn), `adminRoleArns[${i}]`, arn, "expected an IAM role ARN");
    }
    check.done();
}

function validatePublicEndpoint(check: ArgsChecker, cidrs: unknown): void {
    if (!Array.isArray(cidrs)) {
        check.require(false, "endpointPublicAccessCidrs", cidrs, "expected a list of CIDR blocks ([] for a private endpoint only)");
        return;
    }
    for (const [i, c] of cidrs.entries()) {
        const valid = isValidCidr(c);
        check.require(valid, `endpointPublicAccessCidrs[${i}]`, c, "expected an IPv4 CIDR block such as 203.0.113.0/24");
        if (valid) {
            check.require(prefixLength(c as string) > 0, `endpointPublicAccessCidrs[${i}]`, c,
                "the API endpoint is never open to the whole internet: list the office, VPN or CI ranges, or [] for a private endpoint");
        }
    }
}

function validateNodeGroups(check: ArgsChecker, groups: unknown): void {
    if (!Array.isArray(groups) || groups.length === 0) {
        check.require(false, "nodeGroups", groups, "expected at least one node group");
        return;
    }
    const seen = new Set<string>();
    for (const [i, g] of (groups as NodeGroupSpec[]).entries()) {
        const at = `nodeGroups[${i}]`;
        check.require(typeof g.name === "string" && K8S_NAME.test(g.name) && g.name.length <= 20, `${at}.name`, g.name,
            "expected 1-20 lowercase letters, digits or '-'");
        check.require(!seen.has(g.name), `${at}.name`, g.name, "node group names must be unique");
        seen.add(g.name);
        check.require(Array.isArray(g.instanceTypes) && g.instanceTypes.length > 0
            && g.instanceTypes.every((t) => typeof t === "string" && /^[a-z0-9-]+\.[a-z0-9]+$/.test(t)), `${at}.instanceTypes`,
        g.instanceTypes, "expected at least one EC2 instance type such as m7i.large");
        check.integer(`${at}.minSize`, g.minSize, 0, 1000);
        check.integer(`${at}.maxSize`, g.maxSize, 1, 1000);
        check.integer(`${at}.desiredSize`, g.desiredSize, 0, 1000);
        if (Number.isInteger(g.minSize) && Number.isInteger(g.maxSize)) {
            check.require(g.minSize <= g.maxSize, `${at}.minSize`, g.minSize, `must not exceed maxSize (${g.maxSize})`);
            check.require(!Number.isInteger(g.desiredSize) || (g.desiredSize >= g.minSize && g.desiredSize <= g.maxSize),
                `${at}.desiredSize`, g.desiredSize, `expected a value from minSize (${g.minSize}) to maxSize (${g.maxSize})`);
        }
        check.oneOf(`${at}.amiType`, g.amiType, AMI_TYPES);
        check.integer(`${at}.diskSizeGiB`, g.diskSizeGiB, DISK_SIZE_GIB.min, DISK_SIZE_GIB.max);
        if (g.capacityType !== undefined) check.oneOf(`${at}.capacityType`, g.capacityType, CAPACITY_TYPES);
        for (const [k, v] of Object.entries(g.labels ?? {})) {
            check.require(K8S_KEY.test(k), `${at}.labels`, k, "expected a Kubernetes label key ([prefix/]name)");
            check.require(typeof v === "string" && K8S_VALUE.test(v), `${at}.labels.${k}`, v, "expected a Kubernetes label value (at most 63 characters)");
        }
        for (const [j, t] of (g.taints ?? []).entries()) {
            check.require(typeof t.key === "string" && K8S_KEY.test(t.key), `${at}.taints[${j}].key`, t.key, "expected a Kubernetes taint key ([prefix/]name)");
            check.require(t.value === undefined || K8S_VALUE.test(t.value), `${at}.taints[${j}].value`, t.value, "expected at most 63 letters, digits, '-', '_' or '.'");
            check.oneOf(`${at}.taints[${j}].effect`, t.effect, TAINT_EFFECTS);
        }
    }
}

function validateAddonVersions(check: ArgsChecker, versions: unknown): void {
    if (!versions || typeof versions !== "object") {
        check.require(false, "addonVersions", versions, `expected a version for each of: ${ADDON_NAMES.join(", ")}`);
        return;
    }
    const given = versions as Record<string, unknown>;
    for (const key of Object.keys(given)) {
        check.require((ADDON_NAMES as readonly string[]).includes(key), "addonVersions", key,
            `unknown add-on; the cluster runs: ${ADDON_NAMES.join(", ")}`);
    }
    for (const addon of ADDON_NAMES) {
        const version = given[addon];
        check.require(typeof version === "string" && ADDON_VERSION.test(version), `addonVersions.${addon}`,
            version, "expected an EKS add-on version such as v1.22.4-eksbuild.3");
    }
}
