import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording, SECRET_MASK } from "../../tools/plan/recorder";
import {
    ADDON_NAMES, ADDONS, AddonName, clusterKeyPolicy, EksCluster, EksClusterArgs, kubeconfigFor, NodeGroupSpec, planVolumes,
    validateEksClusterArgs,
} from "./eks-cluster";
import { ADDON_VERSIONS, KUBERNETES_VERSION } from "./versions";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const key = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
const SECRETS_KEY = key("11111111-0000-4000-a000-000000000001");
const VOLUME_KEY = key("11111111-0000-4000-a000-000000000002");
const LOGS_KEY = key("11111111-0000-4000-a000-000000000003");
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/shop/dev/workload-boundary`;
const ADMINS = [`arn:aws:iam::${ACCOUNT}:role/platform-admin`, `arn:aws:iam::${ACCOUNT}:role/planner`];
const COMPONENT = "platform:compute:EksCluster";

const T = {
    cluster: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    addon: "aws:eks/addon:Addon",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    podIdentity: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    workloadRole: "platform:compute:WorkloadRole",
    k8sProvider: "pulumi:providers:kubernetes",
};

const SYSTEM: NodeGroupSpec = {
    name: "system", instanceTypes: ["m7i.large"], minSize: 2, desiredSize: 2, maxSize: 4, amiType: "AL2023_x86_64_STANDARD",
    diskSizeGiB: 50, labels: { "platform.io/pool": "system" }, taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }],
};
const APPS: NodeGroupSpec = {
    name: "apps", instanceTypes: ["m7g.large", "m6g.large"], minSize: 1, desiredSize: 3, maxSize: 10, amiType: "BOTTLEROCKET_ARM_64",
    diskSizeGiB: 80, capacityType: "SPOT",
};

function args(over: Partial<EksClusterArgs> = {}): EksClusterArgs {
    return {
        kubernetesVersion: KUBERNETES_VERSION,
        subnetIds: ["subnet-private-a", "subnet-private-b"],
        endpointPublicAccessCidrs: ["203.0.113.0/24"],
        secretsKeyArn: SECRETS_KEY,
        volumeKeyArn: VOLUME_KEY,
        logs: { kmsKeyArn: LOGS_KEY, retentionInDays: 30 },
        nodeGroups: [SYSTEM, APPS],
        addonVersions: { ...ADDON_VERSIONS },
        adminRoleArns: ADMINS,
        permissionsBoundaryArn: BOUNDARY,
        tags: { Team: "platform" },
        ...over,
    };
}

function record(program: () => unknown): Promise<Recording> {
    return recordProgram(program, { project: "test", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
}

/** Build one EksCluster named "shop" under fresh mocks and index what was recorded. */
async function build(a: EksClusterArgs) {
    let kubeconfigIsSecret: boolean | undefined;
    const rec = await record(async () => {
        const eks = new EksCluster("shop", a);
        kubeconfigIsSecret = await pulumi.isSecret(eks.kubeconfig);
        return {
            kubeconfig: pulumi.unsecret(eks.kubeconfig), endpoint: eks.endpoint, ca: eks.certificateAuthority,
            sg: eks.clusterSecurityGroupId, nodeRoleArn: eks.nodeRoleArn, clusterName: eks.clusterName,
        };
    });
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const one = (type: string, name: string): PlanResource => {
        const found = rec.resources.filter((r) => r.type === type && r.name === name);
        expect(found, `${type}::${name}`).to.have.length(1);
        return found[0];
    };
    const urn = (r: PlanResource) => r.urn;
    const addon = (name: AddonName) => of(T.addon).find((r) => r.inputs.addonName === name)!;
    return { rec, of, one, urn, addon, outputs: rec.outputs as Record<string, string>, kubeconfigIsSecret: () => kubeconfigIsSecret };
}

/** Run a program expected to throw; return the error and what had been registered by then. */
async function buildFailing(a: unknown): Promise<{ error: unknown; resources: PlanResource[] }> {
    let error: unknown;
    const rec = await record(() => {
        try { new EksCluster("shop", a as EksClusterArgs); } catch (e) { error = e; }
    });
    return { error, resources: rec.resources };
}

function problems(a: EksClusterArgs, name = "shop"): string[] {
    try {
        validateEksClusterArgs(name, a);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

const parsed = (r: PlanResource, k: string) => JSON.parse(r.inputs[k] as string);

describe("compute/EksCluster", () => {
    describe("validation", () => {
        it("accepts the recommended arguments", () => {
            expect(problems(args())).to.deep.equal([]);
            expect(problems(args({ endpointPublicAccessCidrs: [] }))).to.deep.equal([]);
        });
        it("refuses a public endpoint open to 0.0.0.0/0, naming the field and what to do", () => {
            expect(problems(args({ endpointPublicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] }))).to.deep.equal([
                "endpointPublicAccessCidrs[1]: '0.0.0.0/0' is not allowed; the API endpoint is never open to the whole internet: "
                + "list the office, VPN or CI ranges, or [] for a private endpoint",
            ]);
        });
        it("refuses malformed CIDRs in the allow-list", () => {
            expect(problems(args({ endpointPublicAccessCidrs: ["10.0.0.1/16"] }))).to.deep.equal([
                "endpointPublicAccessCidrs[0]: '10.0.0.1/16' is not allowed; expected an IPv4 CIDR block such as 203.0.113.0/24",
            ]);
        });
        it("refuses an empty list of node groups", () => {
            expect(problems(args({ nodeGroups: [] }))).to.deep.equal(["nodeGroups: '[]' is not allowed; expected at least one node group"]);
        });
        it("refuses minSize above maxSize, and a desired size outside them", () => {
            expect(problems(args({ nodeGroups: [{ ...SYSTEM, minSize: 5, desiredSize: 5, maxSize: 3 }] }))).to.deep.equal([
                "nodeGroups[0].minSize: '5' is not allowed; must not exceed maxSize (3)",
                "nodeGroups[0].desiredSize: '5' is not allowed; expected a value from minSize (5) to maxSize (3)",
            ]);
            expect(problems(args({ nodeGroups: [{ ...SYSTEM, desiredSize: 9 }] }))).to.deep.equal([
                "nodeGroups[0].desiredSize: '9' is not allowed; expected a value from minSize (2) to maxSize (4)",
            ]);
        });
        it("refuses duplicate group names, unknown AMI types, tiny disks, bad taints and labels", () => {
            const bad = { ...SYSTEM, amiType: "AL2_x86_64", diskSizeGiB: 8, labels: { "bad key!": "x" }, taints: [{ key: "k", effect: "NoSchedule" }] };
            expect(problems(args({ nodeGroups: [SYSTEM, bad as unknown as NodeGroupSpec] }))).to.deep.equal([
                "nodeGroups[1].name: 'system' is not allowed; node group names must be unique",
                "nodeGroups[1].amiType: 'AL2_x86_64' is not allowed; expected one of: AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD, BOTTLEROCKET_x86_64, BOTTLEROCKET_ARM_64",
                "nodeGroups[1].diskSizeGiB: '8' is not allowed; expected a whole number from 20 to 16384",
                "nodeGroups[1].labels: 'bad key!' is not allowed; expected a Kubernetes label key ([prefix/]name)",
                "nodeGroups[1].taints[0].effect: 'NoSchedule' is not allowed; expected one of: NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE",
            ]);
        });
        it("refuses an unknown add-on and a missing or malformed add-on version", () => {
            const versions: Record<string, string> = { ...ADDON_VERSIONS, "istio": "v1.0.0-eksbuild.1", "coredns": "1.14.3" };
            delete versions["kube-proxy"];
            expect(problems(args({ addonVersions: versions }))).to.deep.equal([
                `addonVersions: 'istio' is not allowed; unknown add-on; the cluster runs: ${ADDON_NAMES.join(", ")}`,
                "addonVersions.coredns: '1.14.3' is not allowed; expected an EKS add-on version such as v1.22.4-eksbuild.3",
                "addonVersions.kube-proxy: (missing) is not allowed; expected an EKS add-on version such as v1.22.4-eksbuild.3",
            ]);
        });
        it("refuses Kubernetes versions before 1.33, a single subnet, a bad retention, admins that are not role ARNs and a long name", () => {
            expect(problems(args({
                kubernetesVersion: "1.32", subnetIds: ["subnet-a"], logs: { kmsKeyArn: LOGS_KEY, retentionInDays: 10 },
                adminRoleArns: [`arn:aws:iam::${ACCOUNT}:user/alice`],
            }), "a-cluster-name-that-is-far-too-long-for-its-roles")).to.deep.equal([
                "name: 'a-cluster-name-that-is-far-too-long-for-its-roles' is not allowed; expected 1-40 lowercase letters, digits or '-', starting with a letter",
                "kubernetesVersion: '1.32' is not allowed; expected a Kubernetes minor version 1.33 or newer, such as 1.36",
                "subnetIds: '[\"subnet-a\"]' is not allowed; expected at least two private subnets in different zones (EKS requires two)",
                "logs.retentionInDays: '10' is not allowed; expected a CloudWatch retention period: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
                `adminRoleArns[0]: 'arn:aws:iam::${ACCOUNT}:user/alice' is not allowed; expected an IAM role ARN`,
            ]);
        });
        it("registers nothing, not even the component, when an argument is wrong", async () => {
            const { error, resources } = await buildFailing(args({ endpointPublicAccessCidrs: ["0.0.0.0/0"], nodeGroups: [] }));
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as Error).message).to.match(/^EksCluster: invalid arguments:\n {2}- endpointPublicAccessCidrs\[0\]: '0\.0\.0\.0\/0'/);
            expect((error as ComponentArgsError).problems).to.have.length(2);
            expect(resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        });
    });

    describe("pure parts", () => {
        it("plans one encrypted root volume on AL2023, an OS and a data volume on Bottlerocket", () => {
            expect(planVolumes("AL2023_ARM_64_STANDARD", 50)).to.deep.equal([{ deviceName: "/dev/xvda", volumeSize: 50 }]);
            expect(planVolumes("BOTTLEROCKET_x86_64", 80)).to.deep.equal([
                { deviceName: "/dev/xvda", volumeSize: 4 }, { deviceName: "/dev/xvdb", volumeSize: 80 },
            ]);
        });
        it("installs the agent, the CNI and kube-proxy before the nodes, the rest after", () => {
            expect(ADDONS.map((a) => a.name)).to.have.members([...ADDON_NAMES]);
            expect(ADDONS.filter((a) => a.beforeNodes).map((a) => a.name)).to.deep.equal(["eks-pod-identity-agent", "vpc-cni", "kube-proxy"]);
            expect(ADDONS[0].name).to.equal("eks-pod-identity-agent");
        });
        it("gives a Pod Identity role to exactly the add-ons that call AWS", () => {
            const identities = Object.fromEntries(ADDONS.filter((a) => a.identity).map((a) => [a.name, a.identity]));
            expect(identities).to.deep.equal({
                "vpc-cni": { namespace: "kube-system", serviceAccount: "aws-node", managedPolicies: ["AmazonEKS_CNI_Policy"] },
                "aws-ebs-csi-driver": { namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa", managedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"] },
                "amazon-cloudwatch-observability": { namespace: "amazon-cloudwatch", serviceAccount: "cloudwatch-agent", managedPolicies: ["CloudWatchAgentServerPolicy", "AWSXrayWriteOnlyAccess"] },
            });
        });
        it("writes a kubeconfig that gets its token from aws eks get-token (v1beta1) and holds no credential", () => {
            const kc = JSON.parse(kubeconfigFor({ clusterName: "shop", endpoint: "https://x.eks.amazonaws.com", certificateAuthorityData: "Q0E=", region: REGION }));
            expect(kc.clusters).to.deep.equal([{ name: "shop", cluster: { server: "https://x.eks.amazonaws.com", "certificate-authority-data": "Q0E=" } }]);
            expect(kc["current-context"]).to.equal("shop");
            expect(kc.users[0].user).to.deep.equal({
                exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", "shop", "--region", REGION] },
            });
        });
        it("lets the cluster role use only the secrets key", () => {
            expect(clusterKeyPolicy(SECRETS_KEY).Statement).to.deep.equal([{
                Sid: "EnvelopeEncryptionOfSecrets", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: SECRETS_KEY,
            }]);
        });
    });

    describe("a dev-shaped cluster (public endpoint for an allow-list, two node groups)", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(args()); });

        it("creates the cluster with its physical name, pinned version, API authentication and no creator admin", () => {
            const cluster = b.one(T.cluster, "shop-cluster");
            expect(cluster.inputs).to.deep.include({
                name: "shop", version: KUBERNETES_VERSION, bootstrapSelfManagedAddons: false,
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
                upgradePolicy: { supportType: "STANDARD" }, zonalShiftConfig: { enabled: true }, deletionProtection: false,
            });
            expect(cluster.parent).to.equal(`urn:pulumi:dev::test::${COMPONENT}::shop`);
            expect(cluster.options.protect).to.equal(false);
        });
        it("puts the control plane in the private subnets, private endpoint on, public only for the allow-list", () => {
            expect(b.one(T.cluster, "shop-cluster").inputs.vpcConfig).to.deep.equal({
                subnetIds: ["subnet-private-a", "subnet-private-b"], endpointPrivateAccess: true, endpointPublicAccess: true,
                publicAccessCidrs: ["203.0.113.0/24"],
            });
        });
        it("encrypts secrets with the secrets key and sends all five log types", () => {
            const cluster = b.one(T.cluster, "shop-cluster");
            expect(cluster.inputs.encryptionConfig).to.deep.equal({ resources: ["secrets"], provider: { keyArn: SECRETS_KEY } });
            expect(cluster.inputs.enabledClusterLogTypes).to.deep.equal(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        });
        it("creates the encrypted control-plane log group with retention before the cluster", () => {
            const group = b.one(T.logGroup, "shop-control-plane");
            expect(group.inputs).to.deep.include({ name: "/aws/eks/shop/cluster", kmsKeyId: LOGS_KEY, retentionInDays: 30 });
            expect(b.one(T.cluster, "shop-cluster").options.dependsOn).to.include(group.urn);
        });
        it("gives the control plane a role only EKS of this account assumes, with AmazonEKSClusterPolicy and the secrets key", () => {
            const role = b.one(T.role, "shop-cluster");
            expect(parsed(role, "assumeRolePolicy").Statement).to.deep.equal([{
                Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            }]);
            expect(b.one(T.attachment, "shop-cluster").inputs.policyArn).to.equal("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy");
            // Security groups for pods: the VPC resource controller manages the trunk and branch interfaces.
            expect(b.one(T.attachment, "shop-cluster-vpc-resources").inputs.policyArn).to.equal("arn:aws:iam::aws:policy/AmazonEKSVPCResourceController");
            expect(parsed(b.one(T.rolePolicy, "shop-cluster-kms"), "policy")).to.deep.equal(clusterKeyPolicy(SECRETS_KEY));
            const cluster = b.one(T.cluster, "shop-cluster");
            expect(cluster.propertyDependencies.roleArn).to.deep.equal([role.urn]);
            expect(cluster.options.dependsOn).to.include.members([b.one(T.attachment, "shop-cluster").urn, b.one(T.rolePolicy, "shop-cluster-kms").urn]);
        });
        it("gives the nodes an EC2 role with the worker and image-pull policies only (no CNI policy)", () => {
            const role = b.one(T.role, "shop-node");
            expect(parsed(role, "assumeRolePolicy").Statement).to.deep.equal([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
            const attached = b.of(T.attachment).filter((a) => a.name.startsWith("shop-node-")).map((a) => a.inputs.policyArn);
            expect(attached).to.have.members([
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            ]);
            expect(b.outputs.nodeRoleArn).to.match(/^arn:aws:iam::123456789012:role\/shop-node-/);
        });
        it("launches nodes with IMDSv2 required and one hop, so pods cannot reach the node's credentials", () => {
            for (const lt of b.of(T.launchTemplate)) {
                expect(lt.inputs.metadataOptions, lt.name).to.deep.equal({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
            }
            expect(b.of(T.launchTemplate).map((lt) => lt.name)).to.have.members(["shop-system", "shop-apps"]);
        });
        it("encrypts every node volume (gp3) with the volume key, the data volume sized as asked", () => {
            const volumes = (name: string) => (b.one(T.launchTemplate, name).inputs.blockDeviceMappings as any[]);
            const ebs = (size: number) => ({ volumeSize: size, volumeType: "gp3", encrypted: "true", kmsKeyId: VOLUME_KEY, deleteOnTermination: "true" });
            expect(volumes("shop-system")).to.deep.equal([{ deviceName: "/dev/xvda", ebs: ebs(50) }]);
            expect(volumes("shop-apps")).to.deep.equal([{ deviceName: "/dev/xvda", ebs: ebs(4) }, { deviceName: "/dev/xvdb", ebs: ebs(80) }]);
        });
        it("gives nodes no public address, the cluster security group, and tags on instances, volumes and interfaces", () => {
            const lt = b.one(T.launchTemplate, "shop-system");
            expect(lt.inputs.networkInterfaces).to.deep.equal([{
                deviceIndex: 0, associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: [b.outputs.sg],
            }]);
            const tags = { Team: "platform", Name: "shop-system", "eks-node-group": "system" };
            expect(lt.inputs.tagSpecifications).to.deep.equal(["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags })));
        });
        it("creates one managed node group per spec in the private subnets, with its sizes, labels, taints and template", () => {
            const system = b.one(T.nodeGroup, "shop-system");
            expect(system.inputs).to.deep.include({
                clusterName: "shop", version: KUBERNETES_VERSION, subnetIds: ["subnet-private-a", "subnet-private-b"],
                amiType: "AL2023_x86_64_STANDARD", instanceTypes: ["m7i.large"], capacityType: "ON_DEMAND",
                scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 4 }, updateConfig: { maxUnavailablePercentage: 33 },
                labels: { "platform.io/pool": "system" }, taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }],
            });
            expect(system.inputs).to.not.have.property("diskSize");
            expect(system.inputs.launchTemplate).to.have.property("version", "1");
            expect((system.inputs.launchTemplate as { id: string }).id).to.match(/^lt-[0-9a-f]{17}$/);
            expect(system.propertyDependencies.launchTemplate).to.include(b.one(T.launchTemplate, "shop-system").urn);
            expect(system.propertyDependencies.nodeRoleArn).to.deep.equal([b.one(T.role, "shop-node").urn]);
            const apps = b.one(T.nodeGroup, "shop-apps");
            expect(apps.inputs).to.deep.include({ amiType: "BOTTLEROCKET_ARM_64", capacityType: "SPOT", instanceTypes: ["m7g.large", "m6g.large"], labels: {}, taints: [] });
        });
        it("leaves the desired size to the cluster autoscaler", () => {
            for (const ng of b.of(T.nodeGroup)) expect(ng.options.ignoreChanges, ng.name).to.deep.equal(["scalingConfig.desiredSize"]);
        });
        it("creates an access entry per admin role, with AmazonEKSClusterAdminPolicy at cluster scope", () => {
            expect(b.of(T.accessEntry).map((e) => [e.name, e.inputs.principalArn, e.inputs.type])).to.have.deep.members([
                ["shop-admin-1", ADMINS[0], "STANDARD"], ["shop-admin-2", ADMINS[1], "STANDARD"],
            ]);
            for (const i of [1, 2]) {
                const assoc = b.one(T.accessPolicy, `shop-admin-${i}`);
                expect(assoc.inputs).to.deep.include({
                    clusterName: "shop", principalArn: ADMINS[i - 1],
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" },
                });
                expect(assoc.propertyDependencies.principalArn).to.deep.equal([b.one(T.accessEntry, `shop-admin-${i}`).urn]);
            }
        });
        it("installs every add-on at its pinned version, overwriting drift", () => {
            expect(b.of(T.addon).map((a) => [a.inputs.addonName, a.inputs.addonVersion])).to.have.deep.members(
                ADDON_NAMES.map((n) => [n, ADDON_VERSIONS[n]]));
            for (const a of b.of(T.addon)) {
                expect(a.inputs, a.name).to.deep.include({ clusterName: "shop", resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE" });
            }
        });
        it("turns on network policy enforcement and security groups for pods in the VPC CNI, and configures no other add-on", () => {
            expect(JSON.parse(b.addon("vpc-cni").inputs.configurationValues as string)).to.deep.equal({
                enableNetworkPolicy: "true",
                env: { ENABLE_POD_ENI: "true", POD_SECURITY_GROUP_ENFORCING_MODE: "standard" },
                init: { env: { DISABLE_TCP_EARLY_DEMUX: "true" } },
            });
            for (const a of b.of(T.addon).filter((x) => x.inputs.addonName !== "vpc-cni")) expect(a.inputs, a.name).to.not.have.property("configurationValues");
        });
        it("creates the CNI, kube-proxy and the Pod Identity agent before the nodes, the others after", () => {
            const early = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"].map((n) => b.addon(n as AddonName).urn);
            for (const ng of b.of(T.nodeGroup)) expect(ng.options.dependsOn, ng.name).to.include.members(early);
            const groups = b.of(T.nodeGroup).map((g) => g.urn);
            for (const n of ["coredns", "aws-ebs-csi-driver", "amazon-cloudwatch-observability"] as AddonName[]) {
                expect(b.addon(n).options.dependsOn, n).to.include.members(groups);
            }
        });
        it("gives the add-ons that call AWS a WorkloadRole with their managed policies and the boundary, after the agent", () => {
            const expected: Record<string, { short: string; ns: string; sa: string; policies: string[] }> = {
                "vpc-cni": { short: "cni", ns: "kube-system", sa: "aws-node", policies: ["AmazonEKS_CNI_Policy"] },
                "aws-ebs-csi-driver": { short: "ebs-csi", ns: "kube-system", sa: "ebs-csi-controller-sa", policies: ["service-role/AmazonEBSCSIDriverPolicy"] },
                "amazon-cloudwatch-observability": { short: "cloudwatch", ns: "amazon-cloudwatch", sa: "cloudwatch-agent", policies: ["CloudWatchAgentServerPolicy", "AWSXrayWriteOnlyAccess"] },
            };
            expect(b.of(T.workloadRole).map((w) => w.name)).to.have.members(Object.values(expected).map((e) => `shop-${e.short}`));
            const agent = b.addon("eks-pod-identity-agent").urn;
            for (const [addon, e] of Object.entries(expected)) {
                const role = b.one(T.role, `shop-${e.short}`);
                expect(role.inputs.permissionsBoundary, addon).to.equal(BOUNDARY);
                const trust = parsed(role, "assumeRolePolicy").Statement[0];
                expect(trust.Principal, addon).to.deep.equal({ Service: "pods.eks.amazonaws.com" });
                expect(trust.Condition.StringEquals, addon).to.deep.include({ "aws:RequestTag/kubernetes-namespace": e.ns, "aws:RequestTag/kubernetes-service-account": e.sa });
                expect(trust.Condition.ArnEquals, addon).to.deep.equal({ "aws:SourceArn": `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/shop` });
                const attached = b.of(T.attachment).filter((a) => a.name.startsWith(`shop-${e.short}-managed-`)).map((a) => a.inputs.policyArn);
                expect(attached, addon).to.have.members(e.policies.map((p) => `arn:aws:iam::aws:policy/${p}`));
                expect(b.one(T.podIdentity, `shop-${e.short}`).inputs, addon).to.deep.include({ clusterName: "shop", namespace: e.ns, serviceAccount: e.sa });
                expect(b.addon(addon as AddonName).options.dependsOn, addon).to.include.members([agent, role.urn]);
            }
        });
        it("associates roles through the WorkloadRoles only: no add-on declares podIdentityAssociations", () => {
            for (const a of b.of(T.addon)) expect(a.inputs, a.name).to.not.have.property("podIdentityAssociations");
            expect(b.of(T.podIdentity)).to.have.length(3);
        });
        it("creates the Container Insights log groups encrypted and with retention, before the CloudWatch add-on", () => {
            const groups = b.of(T.logGroup).filter((g) => g.name.startsWith("shop-insights-"));
            expect(groups.map((g) => g.inputs.name)).to.have.members(["application", "dataplane", "host", "performance"].map((k) => `/aws/containerinsights/shop/${k}`));
            for (const g of groups) expect(g.inputs, g.name).to.deep.include({ kmsKeyId: LOGS_KEY, retentionInDays: 30 });
            expect(b.addon("amazon-cloudwatch-observability").options.dependsOn).to.include.members(groups.map((g) => g.urn));
        });
        it("builds the kubeconfig from the cluster's endpoint and CA, and keeps it secret", () => {
            expect(b.kubeconfigIsSecret()).to.equal(true);
            const kc = JSON.parse(b.outputs.kubeconfig);
            expect(kc.clusters[0].cluster).to.deep.equal({ server: b.outputs.endpoint, "certificate-authority-data": b.outputs.ca });
            expect(b.outputs.endpoint).to.match(/^https:\/\/[A-Z0-9]+\.gr7\.eu-west-1\.eks\.amazonaws\.com$/);
            expect(kc.users[0].user.exec.args).to.deep.equal(["eks", "get-token", "--cluster-name", "shop", "--region", REGION]);
        });
        it("gives the Kubernetes provider the secret kubeconfig, after the nodes, the add-ons and the admins' access", () => {
            const provider = b.one(T.k8sProvider, "shop-k8s");
            expect(provider.inputs.kubeconfig).to.equal(SECRET_MASK);
            expect(provider.options.dependsOn).to.include.members([
                ...b.of(T.nodeGroup).map((r) => r.urn), ...b.of(T.addon).map((r) => r.urn), ...b.of(T.accessPolicy).map((r) => r.urn),
            ]);
        });
        it("exposes the cluster security group and tags every taggable child", () => {
            expect(b.outputs.sg).to.match(/^sg-[0-9a-f]{17}$/);
            expect(b.outputs.clusterName).to.equal("shop");
            for (const r of b.rec.resources.filter((x) => x.custom && x.inputs.tags !== undefined)) {
                expect(r.inputs.tags, `${r.type} ${r.name}`).to.have.property("Team", "platform");
            }
        });
    });

    describe("a prod-shaped cluster (private endpoint only, protected)", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(args({ endpointPublicAccessCidrs: [], protect: true, nodeGroups: [SYSTEM] })); });

        it("turns the public endpoint off and sets no public CIDRs", () => {
            expect(b.one(T.cluster, "shop-cluster").inputs.vpcConfig).to.deep.equal({
                subnetIds: ["subnet-private-a", "subnet-private-b"], endpointPrivateAccess: true, endpointPublicAccess: false,
            });
        });
        it("protects the cluster (Pulumi and EKS deletion protection) and its log groups, not the roles", () => {
            const cluster = b.one(T.cluster, "shop-cluster");
            expect(cluster.options.protect).to.equal(true);
            expect(cluster.inputs.deletionProtection).to.equal(true);
            for (const g of b.of(T.logGroup)) expect(g.options.protect, g.name).to.equal(true);
            for (const r of b.of(T.role)) expect(r.options.protect, r.name).to.equal(false);
        });
    });
});
