/**
 * createPlatform: thin composition of the components from the validated config. No resource is defined here.
 */
import * as pulumi from "@pulumi/pulumi";
import { DataKeys, KeyDomain } from "../components/kms";
import { Network } from "../components/vpc";
import { PlatformConfig } from "./config";

/**
 * The platform's data domains, one customer-managed key each. `viaServices` is the declared need from which each
 * key policy is generated; the layers that follow (data, integration, edge, delivery) encrypt with these keys.
 */
export const KEY_DOMAINS: KeyDomain[] = [
    { name: "logs", description: "CloudWatch log groups (VPC flow logs, EKS, applications)", servicePrincipals: ["logs"] },
    { name: "audit", description: "CloudTrail trail and its bucket", servicePrincipals: ["cloudtrail"], viaServices: ["s3"] },
    { name: "eks", description: "Kubernetes secrets envelope encryption and node volumes", viaServices: ["eks", "ec2"] },
    { name: "orders", description: "Orders database (RDS PostgreSQL) and its secrets", viaServices: ["rds", "secretsmanager"] },
    { name: "catalog", description: "Catalog database (RDS MySQL) and its secrets", viaServices: ["rds", "secretsmanager"] },
    { name: "carts", description: "Carts and workflow tables (DynamoDB)", viaServices: ["dynamodb"] },
    { name: "sessions", description: "Checkout sessions cache (ElastiCache Redis)", viaServices: ["elasticache"] },
    { name: "search", description: "Product search domain (OpenSearch)", viaServices: ["es"] },
    { name: "assets", description: "Product images, uploads and the data lake (S3, Glue)", viaServices: ["s3", "glue"] },
    { name: "events", description: "Order events (SQS, SNS) and the fulfilment workflow (Step Functions, Lambda)", viaServices: ["sqs", "sns", "states", "lambda"] },
    { name: "secrets", description: "Application secrets (Secrets Manager)", viaServices: ["secretsmanager"] },
    { name: "pipeline", description: "Delivery artifacts (ECR, CodeBuild, CodePipeline)", viaServices: ["ecr", "codebuild", "codepipeline", "s3"] },
];

export interface Platform {
    config: PlatformConfig;
    keys: DataKeys;
    network: Network;
}

/** Compose the platform for one stack. Every resource is a child of a component. */
export function createPlatform(config: PlatformConfig, opts?: pulumi.ComponentResourceOptions): Platform {
    const prefix = `${config.project}-${config.environment}`;
    const keys = new DataKeys(`${prefix}-keys`, {
        domains: KEY_DOMAINS,
        aliasPrefix: `${config.project}/${config.stack}`,
        adminRoleArns: [...config.keyAdminRoleArns],
        deletionWindowInDays: config.kmsDeletionWindowDays,
        protect: config.protectStateful,
        tags: config.tags,
    }, opts);
    const network = new Network(`${prefix}-net`, {
        cidrBlock: config.vpcCidr,
        availabilityZoneCount: config.availabilityZones,
        natGateways: config.natGateways,
        interfaceEndpoints: [...config.interfaceEndpoints],
        flowLogs: {
            // Physical names are unique per account and region: derive them from the stack, not the environment.
            // For dev and prod (stack name == environment name) this is the name the group has always had.
            logGroupName: `/vpc/${config.project}-${config.stack}-net/flow-logs`,
            kmsKeyArn: keys.keyArn("logs"),
            retentionInDays: config.logRetentionDays,
            trafficType: config.flowLogTrafficType,
        },
        protect: config.protectStateful,
        tags: config.tags,
    }, opts);
    return { config, keys, network };
}

/** The stack outputs a platform exports. */
export function platformOutputs(p: Platform) {
    return {
        environment: p.config.environment,
        vpcId: p.network.vpcId,
        availabilityZones: p.network.availabilityZones,
        publicSubnetIds: p.network.publicSubnetIds,
        privateSubnetIds: p.network.privateSubnetIds,
        isolatedSubnetIds: p.network.isolatedSubnetIds,
        keyArns: p.keys.keyArns,
    };
}
