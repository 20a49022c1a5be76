/**
 * WorkloadRole (`platform:compute:WorkloadRole`): the AWS identity of one Kubernetes service account, through EKS Pod
 * Identity: an IAM role only the Pod Identity service of this account can assume, and only for this cluster,
 * namespace and service account (its session tags are checked in the trust policy); the permissions the caller
 * declares (an inline policy generated from declared needs, and/or AWS managed policies); the platform's permissions
 * boundary, always; and the Pod Identity association. Used by the Microservice component, the in-cluster controllers
 * and the EKS add-ons.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, mergeTags, PolicyDocument, Statement, Tags } from "../shared";

export interface WorkloadRoleArgs {
    /** The EKS cluster's name. */
    clusterName: pulumi.Input<string>;
    /** The service account's namespace. */
    namespace: string;
    /** The service account's name. */
    serviceAccount: string;
    /**
     * The role's own permissions, as an IAM policy document (generated from declared needs: exact actions on exact
     * ARNs). Omit for a role that only uses managed policies, or that has no AWS permissions at all (an identity only).
     */
    policy?: pulumi.Input<PolicyDocument>;
    /** AWS managed policies to attach (add-ons and controllers whose permissions AWS maintains). Defaults to none. */
    managedPolicyArns?: pulumi.Input<string>[];
    /** The permissions boundary every workload role carries: the most its policies can ever grant. Required. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** What the role is for, shown as its description. */
    description?: string;
    /** Tags merged into the role and the association. */
    tags?: Tags;
}

/** The Pod Identity service principal. */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

export class WorkloadRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly roleArn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: WorkloadRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        validateWorkloadRoleArgs(args);
        super("platform:compute:WorkloadRole", name, {}, opts);
        const parent = { parent: this };
        const identity = aws.getCallerIdentityOutput({}, parent);
        const partition = aws.getPartitionOutput({}, parent).partition;
        const region = aws.getRegionOutput({}, parent).region;
        const clusterArn = pulumi.interpolate`arn:${partition}:eks:${region}:${identity.accountId}:cluster/${args.clusterName}`;
        const tags = mergeTags(args.tags, { Name: name, "kubernetes-namespace": args.namespace, "kubernetes-service-account": args.serviceAccount });
        this.role = new aws.iam.Role(name, {
            description: args.description ?? `Pod Identity role of ${args.namespace}/${args.serviceAccount}`,
            assumeRolePolicy: pulumi.all([identity.accountId, clusterArn]).apply(([account, cluster]) =>
                JSON.stringify(podIdentityTrustPolicy(account, cluster, args.namespace, args.serviceAccount))),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags,
        }, parent);
        if (args.policy) {
            new aws.iam.RolePolicy(name, {
                role: this.role.id,
                policy: pulumi.output(args.policy).apply((doc) => JSON.stringify(doc)),
            }, parent);
        }
        (args.managedPolicyArns ?? []).forEach((arn, i) => new aws.iam.RolePolicyAttachment(`${name}-managed-${i + 1}`, {
            role: this.role.name,
            policyArn: arn,
        }, parent));
        new aws.eks.PodIdentityAssociation(name, {
            clusterName: args.clusterName,
            namespace: args.namespace,
            serviceAccount: args.serviceAccount,
            roleArn: this.role.arn,
            tags,
        }, parent);
        this.roleArn = this.role.arn;
        this.roleName = this.role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
    }
}

/**
 * The trust policy of a Pod Identity role: the EKS Pod Identity service of this account, for this cluster's pods in
 * this namespace under this service account only (Pod Identity sets these session tags on every session). Pure.
 */
export function podIdentityTrustPolicy(accountId: string, clusterArn: string, namespace: string, serviceAccount: string): PolicyDocument {
    const statement: Statement = {
        Sid: "EksPodIdentity",
        Effect: "Allow",
        Principal: { Service: POD_IDENTITY_PRINCIPAL },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
            StringEquals: {
                "aws:SourceAccount": accountId,
                "aws:RequestTag/kubernetes-namespace": namespace,
                "aws:RequestTag/kubernetes-service-account": serviceAccount,
            },
            ArnEquals: { "aws:SourceArn": clusterArn },
        },
    };
    return { Version: "2012-10-17", Statement: [statement] };
}

/** A Kubernetes namespace or object name (an RFC 1123 DNS label): lowercase letters, digits and '-', at most 63. */
export const KUBERNETES_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Validate WorkloadRoleArgs; throws ComponentArgsError listing every problem. */
export function validateWorkloadRoleArgs(args: WorkloadRoleArgs): void {
    const check = new ArgsChecker("WorkloadRole");
    check.require(typeof args.namespace === "string" && KUBERNETES_NAME.test(args.namespace), "namespace", args.namespace,
        "expected a Kubernetes name: lowercase letters, digits and '-', at most 63");
    check.require(typeof args.serviceAccount === "string" && KUBERNETES_NAME.test(args.serviceAccount), "serviceAccount", args.serviceAccount,
        "expected a Kubernetes name: lowercase letters, digits and '-', at most 63");
    check.require(args.permissionsBoundaryArn !== undefined && args.permissionsBoundaryArn !== "", "permissionsBoundaryArn",
        args.permissionsBoundaryArn, "every workload role carries the platform's permissions boundary");
    check.done();
}
