/**
 * The stack outputs every platform stack exports: the contract product teams read through StackReferences
 * (`new pulumi.StackReference("<org>/ecommerce-platform/prod").getOutput("privateSubnetIds")`). Declared once here;
 * the README's outputs table is generated from these comments, and a test fails when one disappears.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformReferences } from "../components/compute";
import { KeyDomainName } from "../components/security";
import { Platform } from "./platform";

export interface PlatformOutputs {
    /** The environment the stack deploys: `dev` or `prod`. */
    environment: string;
    /** The AWS region of the stack. */
    region: string;
    /** The VPC's id. */
    vpcId: pulumi.Output<string>;
    /** The zones the network spans, in subnet order. */
    availabilityZones: pulumi.Output<string>[];
    /** Public subnets, one per zone: load balancers and NAT gateways only. */
    publicSubnetIds: pulumi.Output<string>[];
    /** Private subnets, one per zone (the largest tier): workloads, with NAT egress. */
    privateSubnetIds: pulumi.Output<string>[];
    /** Isolated subnets, one per zone: databases, caches, search; no route out of the VPC. */
    isolatedSubnetIds: pulumi.Output<string>[];
    /** The security group of the interface endpoints (443 from the VPC); absent when there are none. */
    endpointSecurityGroupId: pulumi.Output<string> | undefined;
    /** The KMS key ARN of each data domain (logs, audit, eks, orders, ...): encrypt your resources with your domain's. */
    keyArns: Record<KeyDomainName, pulumi.Output<string>>;
    /** The VPC's IPv4 CIDR block (a Microservice's NetworkPolicies admit the shop's load balancer from it). */
    vpcCidr: string;
    /** The EKS cluster's name: the `clusterName` of a Microservice's Pod Identity association. */
    clusterName: pulumi.Output<string>;
    /** The Kubernetes API endpoint (private in prod: reachable from the VPC). */
    clusterEndpoint: pulumi.Output<string>;
    /** A kubeconfig for the cluster (`aws eks get-token` authentication), secret: build a Kubernetes provider from it. */
    kubeconfig: pulumi.Output<string>;
    /** The permissions boundary every workload role must carry (a Microservice's `permissionsBoundaryArn`). */
    workloadBoundaryArn: pulumi.Output<string>;
    /** The ClusterSecretStore the apps' ExternalSecrets read Secrets Manager through. */
    secretStore: string;
    /** The namespace of each running app, by app name. */
    namespaces: Record<string, pulumi.Output<string>>;
    /** The cluster's security group: a Microservice's `clusterSecurityGroupId` (its pods keep it beside the stores' clients groups). */
    clusterSecurityGroupId: pulumi.Output<string>;
    /**
     * What a Microservice's needs resolve to (its `platform` argument): the tables, buckets, databases, cache, search
     * domain, queues, topics and keys of the data and integration layers by need name, with each store's host, port,
     * clients security group and credentials secret. No secret value: credentials are named, never included.
     */
    platformReferences: PlatformReferences;
    /** The partners' webhook URLs by partner (`payment`, `shipping`): what each partner is given to call. */
    partnerWebhookUrls: pulumi.Output<Record<string, string>>;
    /** The Secrets Manager secret (name) holding each partner's webhook signing key: store the key the partner issues there. */
    partnerSigningKeySecrets: Record<string, pulumi.Output<string>>;
    /** The order-fulfilment state machine's ARN (its executions are each order's progress). */
    fulfilmentStateMachineArn: pulumi.Output<string>;
    /**
     * The CodeDeploy application and each fulfilment function's deployment group, by function (`validate-order`, ...):
     * how a new version of a function goes out (`aws deploy create-deployment --application-name <applicationName>
     * --deployment-group-name <groupNames[fn]>` with an AppSpec naming the `live` alias and the two versions).
     */
    functionDeployments: { applicationName: pulumi.Output<string>; groupNames: Record<string, pulumi.Output<string>> };
    /** The Glue Data Catalog database analysts query (Athena): the curated `orders` table lives there. */
    analyticsDatabase: pulumi.Output<string>;
    /** The shop's URL: `https://<storefrontDomain>`, or the distribution's own domain without one. */
    storefrontUrl: pulumi.Output<string>;
    /** The CloudFront distribution's id (cache invalidations: `aws cloudfront create-invalidation --distribution-id`). */
    storefrontDistributionId: pulumi.Output<string>;
    /** The bucket the storefront's static assets are uploaded to (served under `/static/*`, or at the root without a domain). */
    storefrontAssetsBucket: pulumi.Output<string>;
    /** The Secrets Manager secret (name) holding the origin-verification header CloudFront sends to the load balancer. */
    originVerifySecret: pulumi.Output<string>;
    /**
     * The shop's sign-in (Cognito): each pool's id and issuer, the public clients' ids and the hosted sign-in URLs,
     * by audience (`shoppers`: the storefront client; `staff`: the admin client), and the partner API's authorizer id.
     */
    signIn: {
        shoppers: { userPoolId: pulumi.Output<string>; clientId: pulumi.Output<string>; issuerUrl: pulumi.Output<string>; signInUrl: pulumi.Output<string> };
        staff: { userPoolId: pulumi.Output<string>; clientId: pulumi.Output<string>; issuerUrl: pulumi.Output<string>; signInUrl: pulumi.Output<string> };
        partnerApiAuthorizerId: pulumi.Output<string> | undefined;
    };
    /** The SNS topic the stack's alarms notify (the stack's region; CloudFront's alarms use a twin in us-east-1): subscribe to it. */
    alarmTopicArn: pulumi.Output<string>;
    /** The CloudWatch dashboard of the environment (the stack's region). */
    dashboardName: pulumi.Output<string>;
}

/** The outputs of a composed platform. */
export function platformOutputs(p: Platform): PlatformOutputs {
    const vpc = p.network.vpc;
    return {
        environment: p.config.environment,
        region: p.config.region,
        vpcId: vpc.vpcId,
        availabilityZones: vpc.availabilityZones,
        publicSubnetIds: vpc.publicSubnetIds,
        privateSubnetIds: vpc.privateSubnetIds,
        isolatedSubnetIds: vpc.isolatedSubnetIds,
        endpointSecurityGroupId: vpc.endpointSecurityGroupId,
        keyArns: p.security.keys.keyArns,
        vpcCidr: vpc.cidrBlock,
        clusterName: p.compute.cluster.clusterName,
        clusterEndpoint: p.compute.cluster.endpoint,
        kubeconfig: p.compute.cluster.kubeconfig,
        workloadBoundaryArn: p.security.workloadBoundary.arn,
        secretStore: p.compute.externalSecrets.storeName,
        namespaces: Object.fromEntries(Object.entries(p.compute.services).map(([n, s]) => [n, s.namespace])),
        clusterSecurityGroupId: p.compute.cluster.clusterSecurityGroupId,
        platformReferences: p.references,
        partnerWebhookUrls: p.integration.partnerApi.webhookUrls,
        partnerSigningKeySecrets: Object.fromEntries(Object.entries(p.integration.partnerSecrets).map(([n, s]) => [n, s.name])),
        fulfilmentStateMachineArn: p.integration.workflow.stateMachineArn,
        functionDeployments: { applicationName: p.functionDeployments.applicationName, groupNames: p.functionDeployments.groupNames },
        analyticsDatabase: p.integration.dataLake.databaseName,
        storefrontUrl: p.storefront.url,
        storefrontDistributionId: p.storefront.distribution.id,
        storefrontAssetsBucket: p.storefront.assets.name,
        originVerifySecret: p.edge.originVerify.secret.name,
        signIn: {
            shoppers: { userPoolId: p.identity.shoppersPoolId, clientId: p.identity.storefrontClientId, issuerUrl: p.identity.shoppersIssuerUrl, signInUrl: p.identity.shopperSignInUrl },
            staff: { userPoolId: p.identity.staffPoolId, clientId: p.identity.adminClientId, issuerUrl: p.identity.staffIssuerUrl, signInUrl: p.identity.staffSignInUrl },
            partnerApiAuthorizerId: p.identity.authorizerId,
        },
        alarmTopicArn: p.observability.alarmTopicArn,
        dashboardName: p.observability.dashboardName,
    };
}
