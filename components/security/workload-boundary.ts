/**
 * WorkloadBoundary (`platform:security:WorkloadBoundary`): the permissions boundary every workload role carries (EKS
 * Pod Identity roles of services, controllers and add-ons; later Lambda functions). A boundary grants nothing: it is
 * the most a role's own policies can ever grant. This one allows everything a workload's policy may name, then denies
 * what no workload may ever do, whatever its policy says: change identities or the organisation, assume other roles,
 * tamper with the audit trail or threat detection, destroy or re-key KMS keys, open data stores to the world, or change
 * the network's perimeter.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { mergeTags, PolicyDocument, Tags } from "../shared";

export interface WorkloadBoundaryArgs {
    /** The policy's path, such as `/<project>/<stack>/` (keeps its name unique per stack with the component's name). */
    path: string;
    /** Tags merged into the policy. */
    tags?: Tags;
}

/** The services whose service-linked role a workload may create (the AWS Load Balancer Controller's ELB role). */
export const SERVICE_LINKED_ROLES_ALLOWED = ["elasticloadbalancing.amazonaws.com"];

/** Actions no workload may take, whatever its own policy grants (IAM apart: see workloadBoundaryPolicy). */
export const WORKLOAD_DENIED_ACTIONS: Record<string, string[]> = {
    IdentityAndOrganisation: ["organizations:*", "account:*", "sso:*", "identitystore:*"],
    OtherRoles: ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:GetFederationToken"],
    AuditAndDetection: [
        "cloudtrail:DeleteTrail", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
        "guardduty:Delete*", "guardduty:Disassociate*", "guardduty:Update*", "guardduty:Disable*",
        "securityhub:Delete*", "securityhub:Disable*", "securityhub:BatchDisableStandards",
        "config:Delete*", "config:Stop*", "access-analyzer:Delete*",
        "ec2:DeleteFlowLogs", "logs:DeleteLogGroup", "logs:DisassociateKmsKey",
    ],
    KeyDestruction: [
        "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy", "kms:CreateKey", "kms:DisableKeyRotation",
        "kms:DeleteImportedKeyMaterial", "kms:UpdateAlias", "kms:DeleteAlias",
    ],
    DataPerimeter: [
        "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPublicAccessBlock", "s3:PutAccountPublicAccessBlock",
        "s3:PutBucketAcl", "s3:PutObjectAcl", "s3:PutBucketOwnershipControls",
        "sqs:SetQueueAttributes", "sns:SetTopicAttributes", "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy",
        "dynamodb:DeleteTable", "rds:DeleteDBInstance", "rds:DeleteDBCluster", "rds:ModifyDBInstance", "rds:ModifyDBCluster",
    ],
    NetworkPerimeter: [
        "ec2:CreateVpc*", "ec2:DeleteVpc*", "ec2:CreateInternetGateway", "ec2:AttachInternetGateway", "ec2:CreateNatGateway",
        "ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute", "ec2:CreateVpcPeeringConnection", "ec2:AcceptVpcPeeringConnection",
        "ec2:ModifyVpcEndpoint", "ec2:CreateTransitGateway*", "ec2:AssociateRouteTable", "ec2:ReplaceRouteTableAssociation",
    ],
};

/** The boundary document: everything allowed as a ceiling, then the denials above. Pure. */
export function workloadBoundaryPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            // A boundary is intersected with the role's own policies: this Allow grants nothing by itself.
            { Sid: "CeilingForDeclaredPermissions", Effect: "Allow", Action: "*", Resource: "*" },
            // IAM, except creating the service-linked roles the load balancer controller needs (the only IAM call a
            // workload makes; the request names the service, every other IAM action lacks the key and is denied).
            {
                Sid: "DenyIam", Effect: "Deny", Action: "iam:*", Resource: "*",
                Condition: { StringNotEquals: { "iam:AWSServiceName": SERVICE_LINKED_ROLES_ALLOWED } },
            },
            ...Object.entries(WORKLOAD_DENIED_ACTIONS).map(([sid, actions]) => ({
                Sid: `Deny${sid}`, Effect: "Deny" as const, Action: actions, Resource: "*",
            })),
        ],
    };
}

export class WorkloadBoundary extends pulumi.ComponentResource {
    readonly policy: aws.iam.Policy;
    /** The boundary's ARN, for every workload role's `permissionsBoundary`. */
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: WorkloadBoundaryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:security:WorkloadBoundary", name, {}, opts);
        this.policy = new aws.iam.Policy(name, {
            path: args.path,
            description: "Permissions boundary of every workload role: the most a workload may be granted",
            policy: JSON.stringify(workloadBoundaryPolicy()),
            tags: mergeTags(args.tags, { Name: name, PolicyUse: "permissions-boundary" }),
        }, { parent: this });
        this.arn = this.policy.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
