/**
 * createPlatform: thin composition of the layers from the validated config. No resource is defined here; each layer
 * gets its own config section and only the typed outputs it needs from the layers before it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ComputeLayer, PlatformReferences } from "../components/compute";
import { ALB_LOG_PREFIX, DataLayer } from "../components/data";
import { DeliveryLayer, FunctionDeployments } from "../components/delivery";
import { cloudFrontRegion, EdgeLayer, ShieldAdvanced, ShopIdentity, shopIdentityEmail, Storefront } from "../components/edge";
import { appFlowBucketStatements, appFlowPrefix, IntegrationLayer, LIVE_ALIAS } from "../components/integration";
import { NetworkLayer } from "../components/network";
import { ADOT_NAME, ADOT_NAMESPACE, AdotCollector, collectorEndpoint, ObservabilityLayer, XRayTracing } from "../components/observability";
import { SecurityLayer } from "../components/security";
import { APPS } from "../apps";
import { selectApps } from "./apps";
import { PlatformConfig } from "./config";

export interface Platform {
    config: PlatformConfig;
    security: SecurityLayer;
    network: NetworkLayer;
    data: DataLayer;
    integration: IntegrationLayer;
    edge: EdgeLayer;
    compute: ComputeLayer;
    /** The shop's CloudFront distribution (a child of the edge layer, made once the load balancer's Ingress exists). */
    storefront: Storefront;
    /** Shield Advanced, when `shieldAdvanced` is on. */
    shield?: ShieldAdvanced;
    /** The shop's sign-in (Cognito: shoppers and staff), a child of the edge layer. */
    identity: ShopIdentity;
    /** X-Ray sampling rules and groups, when `tracing.enabled` (a child of the observability layer). */
    xray?: XRayTracing;
    /** The in-cluster ADOT collector the services send traces to, when `tracing.enabled` (a child of the observability layer). */
    collector?: AdotCollector;
    /** CodeDeploy canaries of the integration layer's functions (a child of the integration layer). */
    functionDeployments: FunctionDeployments;
    /** What the apps' needs resolve to: the data and integration layers' references, keys of both. */
    references: PlatformReferences;
    /** ECR repositories, image builds and pipelines per service (empty when `delivery` is off). */
    delivery: DeliveryLayer;
    /** Alarms on every stateful and entry-point resource, their topics and the dashboard (made last). */
    observability: ObservabilityLayer;
}

/**
 * Compose the platform for one stack. Every resource is a child of a layer. `deliveredImages`: the images the
 * pipelines delivered to this environment, by service (stacks/delivered-images.ts); none by default.
 */
export function createPlatform(config: PlatformConfig, opts?: pulumi.ComponentResourceOptions,
    deliveredImages: Readonly<Record<string, string>> = {}): Platform {
    // Layer components share the environment's name (`<project>-<environment>`): their children keep the names they
    // had before the layers existed (`<name>-keys`, `<name>-net`), and type tokens tell the layers apart.
    const name = `${config.project}-${config.environment}`;
    const namePrefix = `${config.project}-${config.stack}`;
    const security = new SecurityLayer(name, {
        config: config.security,
        aliasPrefix: `${config.project}/${config.stack}`,
        baseline: { namePrefix, logRetentionDays: config.logRetentionDays },
        protect: config.protectStateful,
        tags: config.tags,
    }, opts);
    const network = new NetworkLayer(name, {
        config: config.network,
        namePrefix,
        logsKeyArn: security.keyArn("logs"),
        logRetentionDays: config.logRetentionDays,
        protect: config.protectStateful,
        tags: config.tags,
    }, opts);
    const vpc = network.vpc;
    const data = new DataLayer(name, {
        config: config.data,
        namePrefix,
        network: { vpcId: vpc.vpcId, subnetIds: vpc.isolatedSubnetIds, subnetCidrBlocks: vpc.isolatedSubnetCidrBlocks },
        keys: {
            orders: security.keyArn("orders"), catalog: security.keyArn("catalog"), carts: security.keyArn("carts"),
            sessions: security.keyArn("sessions"), search: security.keyArn("search"), assets: security.keyArn("assets"),
            secrets: security.keyArn("secrets"), logs: security.keyArn("logs"),
        },
        logRetentionDays: config.logRetentionDays,
        // The AppFlow import (off unless configured) writes into the data lake: its bucket policy admits AppFlow there.
        dataLakePolicyStatements: config.integration.appFlow.connectorProfileName
            ? (arn, account) => appFlowBucketStatements(arn, appFlowPrefix(namePrefix), account) : undefined,
        protect: config.protectStateful,
        tags: config.tags,
    }, opts);
    const edge = new EdgeLayer(name, {
        config: config.edge,
        namePrefix,
        aliasPrefix: `${config.project}/${config.stack}`,
        region: config.region,
        logsKeyArn: security.keyArn("logs"),
        secretsKeyArn: security.keyArn("secrets"),
        keyAdmin: { adminRoleArns: [...config.security.keyAdminRoleArns], deletionWindowInDays: config.security.kmsDeletionWindowDays },
        logRetentionDays: config.logRetentionDays,
        protect: config.protectStateful,
        tags: config.tags,
    }, opts);
    const integration = new IntegrationLayer(name, {
        config: config.integration,
        namePrefix,
        keys: {
            events: security.keyArn("events"), logs: security.keyArn("logs"), carts: security.keyArn("carts"),
            assets: security.keyArn("assets"), secrets: security.keyArn("secrets"),
        },
        permissionsBoundaryArn: security.workloadBoundary.arn,
        data: { workflowTable: data.tables.workflow.reference, dataLakeBucket: data.buckets["data-lake"].reference },
        webAclArn: edge.regionalWebAcl.arn,
        logRetentionDays: config.logRetentionDays,
        protect: config.protectStateful,
        tags: config.tags,
    }, opts);
    const references: PlatformReferences = {
        ...data.references,
        ...integration.references,
        keys: { ...data.references.keys, ...integration.references.keys },
    };
    const tracing = config.observability.tracing;
    const services = selectApps(config, deliveredImages);
    const compute = new ComputeLayer(name, {
        config: config.compute,
        environment: config.environment,
        region: config.region,
        namePrefix,
        network: { vpcId: vpc.vpcId, vpcCidr: vpc.cidrBlock, privateSubnetIds: vpc.privateSubnetIds },
        keys: { eks: security.keyArn("eks"), logs: security.keyArn("logs"), secrets: security.keyArn("secrets") },
        permissionsBoundaryArn: security.workloadBoundary.arn,
        logRetentionDays: config.logRetentionDays,
        services,
        // The collector's Service name is known before it exists: the services get its endpoint without waiting for it.
        tracing: tracing.enabled ? {
            endpoint: collectorEndpoint(), collectorNamespace: ADOT_NAMESPACE,
            collectorLabels: { "app.kubernetes.io/name": ADOT_NAME }, samplingRatio: tracing.samplingRate,
        } : undefined,
        platform: references,
        storeSecrets: data.storeSecrets,
        edge: {
            wafAclArn: edge.regionalWebAcl.arn,
            originVerify: { header: edge.originVerify.headerName, value: edge.originVerify.value },
            shieldAdvanced: config.edge.shieldAdvanced,
            certificateArn: edge.certificates?.loadBalancerCertificateArn,
            accessLogs: { bucketName: data.buckets["access-logs"].name, prefix: ALB_LOG_PREFIX },
        },
        protect: config.protectStateful,
        tags: config.tags,
    }, opts);
    const domain = config.edge.storefrontDomain;
    const storefront = new Storefront(`${namePrefix}-storefront`, {
        namePrefix,
        assetsKeyArn: security.keyArn("assets"),
        accessLogBucketName: data.buckets["access-logs"].name,
        webAclArn: edge.cloudFrontWebAcl.arn,
        cloudFrontProvider: edge.cloudFrontProvider,
        logsKeyArn: edge.globalKeys.keyArn("edge"),
        logRetentionDays: config.logRetentionDays,
        // The shop's pages come from its load balancer once both exist: the domain's certificate and the public Ingress.
        dynamicOrigin: edge.certificates && compute.publicOrigin
            ? { domainName: compute.publicOrigin, verifyHeader: { name: edge.originVerify.headerName, value: edge.originVerify.value } }
            : undefined,
        domain: edge.certificates
            ? { domainName: domain.domainName, hostedZoneId: domain.hostedZoneId, certificateArn: edge.certificates.cloudFrontCertificateArn }
            : undefined,
        priceClass: config.edge.cloudFrontPriceClass,
        protect: config.protectStateful,
        tags: config.tags,
    }, { parent: edge });
    const shield = config.edge.shieldAdvanced ? new ShieldAdvanced(`${namePrefix}-shield`, {
        groupName: `${namePrefix}-shop`.slice(0, 36),
        protectedResources: {
            distribution: storefront.distributionArn,
            ...(domain.hostedZoneId ? { "hosted-zone": pulumi.interpolate`arn:${aws.getPartitionOutput({}, { parent: edge }).partition}:route53:::hostedzone/${domain.hostedZoneId}` } : {}),
        },
        tags: config.tags,
    }, { parent: edge }) : undefined;
    const identity = new ShopIdentity(`${namePrefix}-identity`, {
        namePrefix,
        storefrontUrl: storefront.url,
        shopperMfa: config.edge.shopperMfa,
        email: shopIdentityEmail(config.edge.cognitoEmail),
        partnerApi: { restApiId: integration.partnerApi.restApiId },
        protect: config.protectStateful,
        tags: config.tags,
    }, { parent: edge });
    // Sign-in is a front door too: the regional web ACL's rate rule and managed groups stand before both pools.
    edge.regionalWebAcl.associate("shoppers-pool", identity.shoppersPoolArn);
    edge.regionalWebAcl.associate("staff-pool", identity.staffPoolArn);
    const delivery = new DeliveryLayer(name, {
        config: config.delivery,
        project: config.project,
        namePrefix,
        services: Object.keys(APPS),
        keys: { pipeline: security.keyArn("pipeline"), logs: security.keyArn("logs") },
        logRetentionDays: config.logRetentionDays,
        permissionsBoundaryArn: security.workloadBoundary.arn,
        accessLogBucketName: data.buckets["access-logs"].name,
        protect: config.protectStateful,
        tags: config.tags,
    }, opts);
    const observability = new ObservabilityLayer(name, {
        config: config.observability,
        namePrefix,
        region: config.region,
        globalProvider: edge.cloudFrontProvider,
        globalRegion: cloudFrontRegion(config.region),
        keys: { regional: security.keyArn("events"), global: edge.globalKeys.keyArn("edge") },
        sources: { data, integration, compute, storefront, searchVolumeSizeGiB: config.data.searchSize.volumeSizeGiB },
        protect: config.protectStateful,
        tags: config.tags,
    }, opts);
    // Each fulfilment function's `live` alias moves to a new version through CodeDeploy, with the stack's strategy.
    const functionDeployments = new FunctionDeployments(`${namePrefix}-functions`, {
        applicationName: `${namePrefix}-functions`,
        functions: Object.fromEntries(Object.entries(integration.functions).map(([key, fn]) => [key, {
            functionName: fn.functionName, functionArn: fn.arn, aliasName: LIVE_ALIAS,
        }])),
        deploymentConfig: config.integration.functionDeployment,
        // A stopped deployment pages on-call like any other alarm (the topic exists once the observability layer does).
        notificationTopicArn: observability.alarmTopic.arn,
        permissionsBoundaryArn: security.workloadBoundary.arn,
        tags: config.tags,
    }, { parent: integration });
    // Tracing, children of the observability layer: X-Ray's rules and groups, and the collector the services send to
    // (their endpoint is the collector Service's DNS name, known before it exists, so compute did not wait for it).
    const xray = tracing.enabled ? new XRayTracing(`${namePrefix}-xray`, {
        namePrefix: `shop-${config.stack}`.slice(0, 16),
        services: services.map((s) => s.name),
        samplingRate: tracing.samplingRate,
        checkoutSamplingRate: tracing.checkoutSamplingRate,
        reservoirPerSecond: tracing.reservoirPerSecond,
        tags: config.tags,
    }, { parent: observability }) : undefined;
    const collector = tracing.enabled ? new AdotCollector(`${namePrefix}-adot`, {
        clusterName: compute.cluster.clusterName,
        region: config.region,
        permissionsBoundaryArn: security.workloadBoundary.arn,
        vpcCidr: vpc.cidrBlock,
        replicas: config.environment === "prod" ? 2 : 1,
        tags: config.tags,
    }, { parent: observability, provider: compute.cluster.provider }) : undefined;
    return { config, security, network, data, edge, integration, compute, storefront, shield, identity, functionDeployments, xray, collector, references, delivery, observability };
}
