/**
 * LoadBalancerController (`platform:compute:LoadBalancerController`): the AWS Load Balancer Controller from its pinned
 * Helm chart, with its own Pod Identity role (a WorkloadRole for kube-system/aws-load-balancer-controller) whose policy
 * is the controller's published IAM policy for that version, scoped further where IAM allows:
 *
 * - every ARN names this partition, region and account (upstream: `arn:aws:*:*:*`);
 * - what the controller creates must carry `elbv2.k8s.aws/cluster: <this cluster>` and what it changes or deletes
 *   must already carry it (upstream only asks that the tag exist, so one cluster's controller could delete another
 *   cluster's load balancers);
 * - features the platform does not use are off in the chart and absent from the policy: AWS WAF Classic (end of
 *   support; AWS WAFv2 stays), Shield Advanced, and IAM server certificates (ACM only; the workload boundary denies
 *   IAM besides the ELB service-linked role anyway).
 *
 * The chart runs two replicas with a disruption budget, restricted security contexts and resource requests, and with
 * the service mutator webhook off: a Service of type LoadBalancer never becomes an NLB by accident (and the Kubernetes
 * pack requires every such Service to be internal).
 *
 * Pass the cluster's Kubernetes provider as `opts.providers` (or `opts.provider`).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, PolicyDocument, Statement, Tags } from "../shared";
import { checkControllerArgs, controllerRelease } from "./controller";
import { WorkloadRole } from "./workload-role";

/** Where the chart comes from. */
export const LOAD_BALANCER_CONTROLLER_CHART = { repo: "https://aws.github.io/eks-charts", chart: "aws-load-balancer-controller" } as const;
/** The controller's namespace and service account (created by the chart; the Pod Identity association names it). */
export const LOAD_BALANCER_CONTROLLER_NAMESPACE = "kube-system";
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";
/** The tag the controller puts on everything it creates, valued with the cluster's name. */
export const CLUSTER_TAG = "elbv2.k8s.aws/cluster";

export interface LoadBalancerControllerArgs {
    /** The EKS cluster's name (the controller's `clusterName`, the value of its ownership tag and of the role's trust). */
    clusterName: pulumi.Input<string>;
    /** The VPC of the cluster (the controller does not read it from the node's metadata: IMDS is out of the pods' reach). */
    vpcId: pulumi.Input<string>;
    /** The AWS region of the cluster, such as `eu-west-1`. */
    region: string;
    /**
     * The aws-load-balancer-controller chart version (versions.ts). The role's policy is the controller's policy of chart
     * 3.5.0 (controller v3.5.0): check docs/install/iam_policy.json of the new version before raising it.
     */
    chartVersion: string;
    /** The permissions boundary of the controller's role (the security layer's workload boundary). */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Tags merged into the role, and put by the controller on the load balancers and target groups it creates. */
    tags?: Tags;
}

/** What the controller's policy is scoped to. */
export interface ControllerPolicyContext {
    partition: string;
    region: string;
    accountId: string;
    clusterName: string;
}

/**
 * The controller's identity policy: docs/install/iam_policy.json of kubernetes-sigs/aws-load-balancer-controller at
 * v3.5.0, scoped as the file header says. Resource "*" stays only where the action has no resource-level permission
 * (the Describe and Get calls, acm:ListCertificates, elasticloadbalancing:SetWebAcl). Pure.
 */
export function loadBalancerControllerPolicy(c: ControllerPolicyContext): PolicyDocument {
    const arn = (service: string, resource: string) => `arn:${c.partition}:${service}:${c.region}:${c.accountId}:${resource}`;
    const elb = (resource: string) => arn("elasticloadbalancing", resource);
    const securityGroups = arn("ec2", "security-group/*");
    const ownTag = { [`aws:ResourceTag/${CLUSTER_TAG}`]: c.clusterName };
    const requestTag = { [`aws:RequestTag/${CLUSTER_TAG}`]: c.clusterName };
    const loadBalancersAndTargetGroups = [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
    const listenersAndRules = [elb("listener/net/*/*/*"), elb("listener/app/*/*/*"), elb("listener-rule/net/*/*/*"), elb("listener-rule/app/*/*/*")];
    const statements: Statement[] = [
        {
            Sid: "CreateElbServiceLinkedRole",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: `arn:${c.partition}:iam::${c.accountId}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`,
            Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
        },
        {
            Sid: "Discover",
            Effect: "Allow",
            Action: [
                "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones", "ec2:DescribeInternetGateways",
                "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
                "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:DescribeCoipPools",
                "ec2:DescribeIpamPools", "ec2:DescribeRouteTables",
                "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
                "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerCertificates",
                "elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetHealth",
                "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTrustStores",
                "elasticloadbalancing:DescribeListenerAttributes", "elasticloadbalancing:DescribeCapacityReservation",
                "acm:ListCertificates",
            ],
            Resource: "*",
        },
        { Sid: "ReadVpcSecurityGroupsAndCoipPools", Effect: "Allow", Action: ["ec2:GetSecurityGroupsForVpc", "ec2:GetCoipPoolUsage"], Resource: [arn("ec2", "vpc/*"), arn("ec2", "coip-pool/*")] },
        { Sid: "ReadCertificates", Effect: "Allow", Action: "acm:DescribeCertificate", Resource: arn("acm", "certificate/*") },
        { Sid: "ReadCognitoClients", Effect: "Allow", Action: "cognito-idp:DescribeUserPoolClient", Resource: arn("cognito-idp", "userpool/*") },
        {
            Sid: "AssociateWafv2",
            Effect: "Allow",
            Action: ["wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL"],
            Resource: [arn("wafv2", "regional/webacl/*/*"), elb("loadbalancer/app/*/*")],
        },
        // Needed with wafv2:AssociateWebACL on a load balancer; the action has no resource-level permission.
        { Sid: "SetWebAcl", Effect: "Allow", Action: "elasticloadbalancing:SetWebAcl", Resource: "*" },
        // Rules on the node and pod security groups the targets use (not tagged by the controller).
        { Sid: "OpenTargetSecurityGroups", Effect: "Allow", Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], Resource: securityGroups },
        { Sid: "CreateSecurityGroups", Effect: "Allow", Action: "ec2:CreateSecurityGroup", Resource: [securityGroups, arn("ec2", "vpc/*")] },
        {
            Sid: "TagSecurityGroupsOnCreate",
            Effect: "Allow",
            Action: "ec2:CreateTags",
            Resource: securityGroups,
            Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup", ...requestTag } },
        },
        {
            Sid: "RetagOwnSecurityGroups",
            Effect: "Allow",
            Action: ["ec2:CreateTags", "ec2:DeleteTags"],
            Resource: securityGroups,
            Condition: { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true" }, StringEquals: ownTag },
        },
        {
            Sid: "ManageOwnSecurityGroups",
            Effect: "Allow",
            Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
            Resource: securityGroups,
            Condition: { StringEquals: ownTag },
        },
        {
            Sid: "CreateLoadBalancersAndTargetGroups",
            Effect: "Allow",
            Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
            Resource: loadBalancersAndTargetGroups,
            Condition: { StringEquals: requestTag },
        },
        {
            Sid: "ManageListenersAndRules",
            Effect: "Allow",
            Action: ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"],
            Resource: [elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*"), ...listenersAndRules],
        },
        {
            Sid: "RetagOwnLoadBalancers",
            Effect: "Allow",
            Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
            Resource: loadBalancersAndTargetGroups,
            Condition: { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true" }, StringEquals: ownTag },
        },
        { Sid: "TagListenersAndRules", Effect: "Allow", Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], Resource: listenersAndRules },
        {
            Sid: "ManageOwnLoadBalancers",
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType", "elasticloadbalancing:SetSecurityGroups",
                "elasticloadbalancing:SetSubnets", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
                "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup",
                "elasticloadbalancing:ModifyListenerAttributes", "elasticloadbalancing:ModifyCapacityReservation", "elasticloadbalancing:ModifyIpPools",
            ],
            Resource: [...loadBalancersAndTargetGroups, elb("listener/net/*/*/*"), elb("listener/app/*/*/*")],
            Condition: { StringEquals: ownTag },
        },
        {
            Sid: "TagOnCreate",
            Effect: "Allow",
            Action: "elasticloadbalancing:AddTags",
            Resource: loadBalancersAndTargetGroups,
            Condition: { StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"], ...requestTag } },
        },
        // Target groups bound with a TargetGroupBinding may have been created elsewhere: not restricted to the tag.
        { Sid: "RegisterTargets", Effect: "Allow", Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], Resource: elb("targetgroup/*/*") },
        {
            Sid: "ManageListenersCertificatesAndRules",
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:ModifyListener", "elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates",
                "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
            ],
            Resource: listenersAndRules,
        },
    ];
    return { Version: "2012-10-17", Statement: statements };
}

/** What the chart's values are computed from. */
export interface ControllerValuesInput {
    clusterName: pulumi.Input<string>;
    region: pulumi.Input<string>;
    vpcId: pulumi.Input<string>;
    tags?: Tags;
}

/** The chart's values (aws-load-balancer-controller 3.5.0). Pure. */
export function loadBalancerControllerValues(v: ControllerValuesInput): Record<string, unknown> {
    return {
        clusterName: v.clusterName,
        region: v.region,
        vpcId: v.vpcId,
        replicaCount: 2,
        serviceAccount: { create: true, name: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT },
        // The mutating webhook would make this controller provision an NLB for any Service of type LoadBalancer,
        // internet-facing if its annotations say so; Services opt in with loadBalancerClass instead.
        enableServiceMutatorWebhook: false,
        enableShield: false,
        enableWaf: false,
        enableWafv2: true,
        podDisruptionBudget: { maxUnavailable: 1 },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        podSecurityContext: { fsGroup: 65534, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: {
            allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
            capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
        },
        ...(v.tags ? { defaultTags: v.tags } : {}),
    };
}

export class LoadBalancerController extends pulumi.ComponentResource {
    /** The controller's Pod Identity role. */
    readonly role: WorkloadRole;
    /** The Helm release. */
    readonly release: k8s.helm.v3.Release;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: LoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        validateLoadBalancerControllerArgs(args);
        super("platform:compute:LoadBalancerController", name, {}, opts);
        const parent = { parent: this };
        const identity = aws.getCallerIdentityOutput({}, parent);
        const partition = aws.getPartitionOutput({}, parent).partition;
        this.role = new WorkloadRole(name, {
            clusterName: args.clusterName,
            namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
            serviceAccount: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
            policy: pulumi.all([partition, identity.accountId, args.clusterName]).apply(([p, accountId, clusterName]) =>
                loadBalancerControllerPolicy({ partition: p, region: args.region, accountId, clusterName })),
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            description: "AWS Load Balancer Controller (kube-system/aws-load-balancer-controller)",
            tags: args.tags,
        }, parent);
        this.roleArn = this.role.roleArn;
        this.release = controllerRelease(name, {
            ...LOAD_BALANCER_CONTROLLER_CHART,
            version: args.chartVersion,
            namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
            values: loadBalancerControllerValues({ clusterName: args.clusterName, region: args.region, vpcId: args.vpcId, tags: args.tags }),
        }, { parent: this, dependsOn: [this.role] });
        this.registerOutputs({ roleArn: this.roleArn });
    }
}

/** Validate LoadBalancerControllerArgs; throws ComponentArgsError listing every problem. */
export function validateLoadBalancerControllerArgs(args: LoadBalancerControllerArgs): void {
    const check = new ArgsChecker("LoadBalancerController");
    checkControllerArgs(check, args);
    check.done();
}
