/**
 * The platform's data domains, one customer-managed key each. `viaServices` is the declared need from which each key
 * policy is generated; the layers encrypt with these keys by domain name (`KeyDomainName`, a literal union, so a
 * misspelt domain does not compile).
 */
import type { KeyDomain } from "./kms-keys";

export const KEY_DOMAINS = [
    { name: "logs", description: "CloudWatch log groups (VPC flow logs, EKS, applications)", servicePrincipals: ["logs"] },
    { name: "audit", description: "CloudTrail trail and its bucket", servicePrincipals: ["cloudtrail"], viaServices: ["s3"] },
    { name: "eks", description: "Kubernetes secrets envelope encryption and node volumes", viaServices: ["eks", "ec2"], serviceLinkedRoles: ["autoscaling"] },
    { name: "orders", description: "Orders database (RDS PostgreSQL) and its secrets", viaServices: ["rds", "secretsmanager"] },
    { name: "catalog", description: "Catalog database (RDS MySQL) and its secrets", viaServices: ["rds", "secretsmanager"] },
    { name: "carts", description: "Carts and workflow tables (DynamoDB)", viaServices: ["dynamodb"] },
    { name: "sessions", description: "Checkout sessions cache (ElastiCache Redis)", viaServices: ["elasticache"] },
    { name: "search", description: "Product search domain (OpenSearch)", viaServices: ["es"] },
    { name: "assets", description: "Product images, uploads, the storefront's static assets (S3 behind CloudFront) and the data lake (S3, Glue, the optional AppFlow import)", viaServices: ["s3", "glue", "appflow"], servicePrincipals: ["cloudfront"] },
    { name: "events", description: "Order events (SQS, SNS), the fulfilment workflow (Step Functions, Lambda, EventBridge Pipes) and the alarm topic (CloudWatch alarms)", viaServices: ["sqs", "sns", "states", "lambda", "pipes"], servicePrincipals: ["sns", "delivery.logs", "cloudwatch"] },
    { name: "secrets", description: "Application secrets (Secrets Manager)", viaServices: ["secretsmanager"] },
    { name: "pipeline", description: "Delivery artifacts (ECR, CodeBuild, CodePipeline)", viaServices: ["ecr", "codebuild", "codepipeline", "s3"] },
] as const satisfies readonly KeyDomain[];

/** A domain the platform has a key for: `"logs" | "audit" | ... | "pipeline"`. */
export type KeyDomainName = (typeof KEY_DOMAINS)[number]["name"];

/** The services a domain's key may be used through (its `viaServices`): what a workload's key grant is narrowed to. */
export function keyViaServices(domain: KeyDomainName): string[] {
    const d: KeyDomain | undefined = (KEY_DOMAINS as readonly KeyDomain[]).find((k) => k.name === domain);
    return [...(d?.viaServices ?? [])];
}
