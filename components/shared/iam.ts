/**
 * IAM policy documents as typed data, rendered to JSON with `pulumi.jsonStringify` so that ARNs that are Outputs
 * resolve inside the document and the plan shows the exact JSON the cloud receives.
 */
import * as pulumi from "@pulumi/pulumi";

export type Principal =
    | "*"
    | { AWS: pulumi.Input<string> | pulumi.Input<string>[] }
    | { Service: pulumi.Input<string> | pulumi.Input<string>[] }
    | { Federated: pulumi.Input<string> };

export type ConditionBlock = Record<string, Record<string, pulumi.Input<string> | pulumi.Input<string>[] | boolean>>;

export interface Statement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: Principal;
    Action: string | string[];
    /** One ARN, a list of them, or a list known only once Outputs resolve (its length depends on their values). */
    Resource?: pulumi.Input<string> | pulumi.Input<string>[] | pulumi.Output<string[]>;
    Condition?: ConditionBlock;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

/** Render a policy document to its JSON string (an Output when any ARN is). */
export function policyJson(statements: Statement[]): pulumi.Output<string> {
    const doc: PolicyDocument = { Version: "2012-10-17", Statement: statements };
    return pulumi.jsonStringify(doc);
}

/**
 * A trust policy for an AWS service principal, narrowed to this account (and, when given, to source ARNs):
 * the confused-deputy guard AWS recommends for service roles.
 */
export function serviceTrustPolicy(service: string, accountId: pulumi.Input<string>,
    sourceArnLike?: pulumi.Input<string>): pulumi.Output<string> {
    const condition: ConditionBlock = { StringEquals: { "aws:SourceAccount": accountId } };
    if (sourceArnLike) condition.ArnLike = { "aws:SourceArn": sourceArnLike };
    return policyJson([{
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: condition,
    }]);
}
