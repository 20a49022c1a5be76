/**
 * Both policy packs over a program that builds what the compute layer will: a VPC, the keys and workload boundary of
 * the security layer, an EksCluster and both controllers, recorded as a first `pulumi preview` and as `pulumi up`
 * (as the planner records them). The packs must find nothing, mandatory or advisory, in either phase, and defer in
 * preview only the checks that read a value no preview can know.
 */
import { expect } from "chai";
import * as path from "path";
import { Vpc } from "../network/vpc";
import { SecurityLayer } from "../security/layer";
import { evaluatePacks, loadPolicyPack, Violation } from "../../tools/plan/evaluate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { EksCluster } from "./eks-cluster";
import { ExternalSecrets } from "./external-secrets";
import { LoadBalancerController } from "./load-balancer-controller";
import { ADDON_VERSIONS, EXTERNAL_SECRETS_CHART_VERSION, KUBERNETES_VERSION, LOAD_BALANCER_CONTROLLER_CHART_VERSION } from "./versions";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";

function program() {
    const security = new SecurityLayer("ecommerce-platform-prod", {
        config: { kmsDeletionWindowDays: 30, keyAdminRoleArns: [] }, aliasPrefix: "ecommerce-platform/prod", protect: true,
    });
    const vpc = new Vpc("ecommerce-platform-prod-net", {
        cidrBlock: "10.20.0.0/16", availabilityZoneCount: 3, natGateways: "perAz",
        flowLogs: { logGroupName: "/vpc/ecommerce-platform-prod-net/flow-logs", kmsKeyArn: security.keyArn("logs") }, protect: true,
    });
    const boundary = security.workloadBoundary.arn;
    const eks = new EksCluster("ecommerce-platform-prod-eks", {
        kubernetesVersion: KUBERNETES_VERSION,
        subnetIds: vpc.privateSubnetIds,
        endpointPublicAccessCidrs: [],
        secretsKeyArn: security.keyArn("eks"),
        volumeKeyArn: security.keyArn("eks"),
        logs: { kmsKeyArn: security.keyArn("logs"), retentionInDays: 365 },
        nodeGroups: [
            { name: "system", instanceTypes: ["m7i.large"], minSize: 3, desiredSize: 3, maxSize: 6, amiType: "AL2023_x86_64_STANDARD", diskSizeGiB: 50,
                taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }] },
            { name: "apps", instanceTypes: ["m7g.large", "m6g.large"], minSize: 3, desiredSize: 3, maxSize: 12, amiType: "BOTTLEROCKET_ARM_64", diskSizeGiB: 80 },
        ],
        addonVersions: { ...ADDON_VERSIONS },
        adminRoleArns: [`arn:aws:iam::${ACCOUNT}:role/planner`],
        permissionsBoundaryArn: boundary,
        protect: true,
        tags: { Environment: "prod" },
    });
    const opts = { providers: [eks.provider] };
    new LoadBalancerController("ecommerce-platform-prod-lbc", {
        clusterName: eks.clusterName, vpcId: vpc.vpcId, region: REGION, chartVersion: LOAD_BALANCER_CONTROLLER_CHART_VERSION,
        permissionsBoundaryArn: boundary, tags: { Environment: "prod" },
    }, opts);
    new ExternalSecrets("ecommerce-platform-prod-eso", {
        clusterName: eks.clusterName, region: REGION, secretPrefix: "ecommerce-platform/prod/", secretsKeyArn: security.keyArn("secrets"),
        chartVersion: EXTERNAL_SECRETS_CHART_VERSION, permissionsBoundaryArn: boundary, tags: { Environment: "prod" },
    }, opts);
}

const describeFinding = (v: Violation) => `${v.policy} ${v.enforcementLevel} ${v.urn?.split("::").pop()}: ${v.message}`;

describe("compute: both policy packs over a cluster and its controllers", function () {
    this.timeout(120000);
    const phases: Record<"preview" | "up", { mandatory: string[]; advisory: string[]; deferred: string[]; types: string[] }> = {} as never;

    before(async () => {
        const packs = ["aws", "kubernetes"].map((p) => loadPolicyPack(path.join(__dirname, "..", "..", "policies", p)));
        for (const phase of ["preview", "up"] as const) {
            const { resources } = await recordProgram(program, {
                project: "ecommerce-platform", stack: "prod", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT), preview: phase === "preview",
            });
            const evaluation = await evaluatePacks(packs, resources);
            phases[phase] = {
                mandatory: evaluation.violations.filter((v) => v.enforcementLevel === "mandatory").map(describeFinding),
                advisory: evaluation.violations.filter((v) => v.enforcementLevel === "advisory").map(describeFinding),
                deferred: evaluation.unknowns.map((u) => `${u.policy} ${u.urn?.split("::").pop()}`),
                types: [...new Set(resources.map((r) => r.type))],
            };
        }
    });

    for (const phase of ["preview", "up"] as const) {
        it(`records the cluster, node groups, add-ons, access, controllers and the store (${phase})`, () => {
            expect(phases[phase].types).to.include.members([
                "aws:eks/cluster:Cluster", "aws:eks/nodeGroup:NodeGroup", "aws:eks/addon:Addon", "aws:eks/accessEntry:AccessEntry",
                "aws:eks/podIdentityAssociation:PodIdentityAssociation", "kubernetes:helm.sh/v3:Release",
                "kubernetes:external-secrets.io/v1:ClusterSecretStore", "kubernetes:core/v1:Namespace",
            ]);
        });
        it(`finds no mandatory violation, the workload boundary's ceiling included (${phase})`, () => {
            expect(phases[phase].mandatory).to.deep.equal([]);
        });
    }

    it("reports no advisory: the controller's wildcard-only actions (acm:ListCertificates, elasticloadbalancing:SetWebAcl) are allow-listed", () => {
        expect(phases.up.advisory).to.deep.equal([]);
        expect(phases.preview.advisory).to.deep.equal([]);
    });

    it("defers in preview only the IAM checks of the two policies that name a key's ARN (unknown until the key exists)", () => {
        const rules = ["iam-no-admin-wildcard", "iam-no-service-wildcards", "iam-sensitive-actions-scoped"];
        expect(phases.preview.deferred).to.have.members(rules.flatMap((r) => [`${r} ecommerce-platform-prod-eks-cluster-kms`, `${r} ecommerce-platform-prod-eso`]));
    });
});
