/**
 * ComputeLayer (`platform:compute:ComputeLayer`): the compute layer of the platform, composed from the layer's config:
 * the EKS cluster (node groups, add-ons, access), the in-cluster controllers (AWS Load Balancer Controller, External
 * Secrets with its ClusterSecretStore) and one Microservice per enabled app spec. It takes from the other layers only
 * what it needs: the private subnets and the VPC's id and CIDR, the keys of the eks, logs and secrets domains, the
 * workload permissions boundary, and from the data layer what the apps' needs resolve to (and the store secrets
 * External Secrets may read).
 */
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "../shared";
import { ComputeConfig } from "./config";
import { EksCluster, NodeGroupSpec } from "./eks-cluster";
import { AdditionalSecret, ExternalSecrets } from "./external-secrets";
import { LoadBalancerController } from "./load-balancer-controller";
import { Microservice, TracingSettings } from "./microservice";
import { ingressGroupName } from "./microservice-manifests";
import { PlatformReferences } from "./needs-policy";
import { Environment, ServiceSpec } from "./service-spec";
import { ADDON_VERSIONS, EXTERNAL_SECRETS_CHART_VERSION, LOAD_BALANCER_CONTROLLER_CHART_VERSION } from "./versions";

export interface ComputeLayerArgs {
    /** The layer's config (kubernetesVersion, node groups, access, apps, ingress). */
    config: ComputeConfig;
    /** `dev` or `prod`: resolves each app spec's replicas and `enabled`. */
    environment: Environment;
    /** The stack's region. */
    region: string;
    /** Prefix of names unique per stack, `<project>-<stack>`: the cluster's name and the secrets' prefix. */
    namePrefix: string;
    /** From the network layer: the VPC, its CIDR and the private subnets the cluster and its nodes use. */
    network: { vpcId: pulumi.Input<string>; vpcCidr: string; privateSubnetIds: pulumi.Input<string>[] };
    /** From the security layer: the keys of the eks (secrets, node volumes), logs and secrets domains. */
    keys: { eks: pulumi.Input<string>; logs: pulumi.Input<string>; secrets: pulumi.Input<string> };
    /** From the security layer: the permissions boundary of every workload role. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Days to keep the control-plane and container logs. */
    logRetentionDays: number;
    /** The app specs to run (already filtered to the enabled ones, with their images resolved). */
    services: readonly ServiceSpec[];
    /** What the apps' needs resolve to (tables, queues, secrets, data stores, keys): filled by the data layer. */
    platform?: PlatformReferences;
    /**
     * Data-store secrets outside the stack's secret prefix that External Secrets may read, with their keys (the
     * master secrets RDS manages for the databases). Defaults to none.
     */
    storeSecrets?: AdditionalSecret[];
    /**
     * From the edge layer, for the shop's load balancer (the public Ingresses' group): its REGIONAL web ACL, the
     * origin-verification header CloudFront sends, whether Shield Advanced protects it, and the certificate of the
     * shop's domain (used when `ingressCertificateArn` is empty).
     */
    edge?: {
        wafAclArn: pulumi.Input<string>;
        originVerify?: { header: string; value: pulumi.Input<string> };
        shieldAdvanced?: boolean;
        certificateArn?: pulumi.Input<string>;
        /** The ALBs' access logs: the platform's access-log bucket (data layer) and the key prefix. */
        accessLogs?: { bucketName: pulumi.Input<string>; prefix: string };
    };
    /**
     * Trace the microservices: the collector's in-cluster endpoint (a DNS name known before the collector exists, so the
     * services do not wait for it), its namespace and labels, and the ratio of traces each service starts. Defaults to
     * none (no OpenTelemetry variable is set).
     */
    tracing?: TracingSettings;
    /** Protect the cluster and its log groups. */
    protect: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

export class ComputeLayer extends pulumi.ComponentResource {
    readonly cluster: EksCluster;
    readonly loadBalancerController: LoadBalancerController;
    readonly externalSecrets: ExternalSecrets;
    /** The microservices, by app name. */
    readonly services: Record<string, Microservice>;
    /** The DNS name of the shop's internet-facing load balancer (the public Ingress's), when an app has one. */
    readonly publicOrigin?: pulumi.Output<string>;
    /**
     * The IngressGroups (one ALB each, made by the AWS Load Balancer Controller) the services joined: `<namePrefix>`
     * for public Ingresses, `<namePrefix>-internal` for internal ones. Each ALB carries the tag `IngressGroup=<name>`.
     */
    readonly ingressGroupNames: string[];

    constructor(name: string, args: ComputeLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:compute:ComputeLayer", name, {}, opts);
        const c = args.config;
        this.cluster = new EksCluster(args.namePrefix, {
            kubernetesVersion: c.kubernetesVersion,
            subnetIds: args.network.privateSubnetIds,
            endpointPublicAccessCidrs: [...c.eksPublicAccessCidrs],
            secretsKeyArn: args.keys.eks,
            volumeKeyArn: args.keys.eks,
            logs: { kmsKeyArn: args.keys.logs, retentionInDays: args.logRetentionDays },
            nodeGroups: [nodeGroup("system", c.systemNodeGroup, c.nodeAmiType), nodeGroup("apps", c.appNodeGroup, c.nodeAmiType)],
            addonVersions: { ...ADDON_VERSIONS },
            adminRoleArns: [...c.eksAdminRoleArns],
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            protect: args.protect,
            tags: args.tags,
        }, { parent: this });
        const inCluster = { parent: this, provider: this.cluster.provider };
        this.loadBalancerController = new LoadBalancerController(`${name}-alb-controller`, {
            clusterName: this.cluster.clusterName,
            vpcId: args.network.vpcId,
            region: args.region,
            chartVersion: LOAD_BALANCER_CONTROLLER_CHART_VERSION,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            tags: args.tags,
        }, inCluster);
        this.externalSecrets = new ExternalSecrets(`${name}-external-secrets`, {
            clusterName: this.cluster.clusterName,
            region: args.region,
            secretPrefix: `${args.namePrefix}/`,
            secretsKeyArn: args.keys.secrets,
            additionalSecrets: args.storeSecrets,
            chartVersion: EXTERNAL_SECRETS_CHART_VERSION,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            tags: args.tags,
        }, inCluster);
        // The certificate: the configured one, else the edge layer's for the shop's domain.
        const certificateArn = c.ingressCertificateArn || args.edge?.certificateArn;
        const ingressGroup = certificateArn ? {
            name: args.namePrefix, certificateArn,
            wafAclArn: args.edge?.wafAclArn, originVerify: args.edge?.originVerify, shieldAdvanced: args.edge?.shieldAdvanced,
            accessLogs: args.edge?.accessLogs,
        } : undefined;
        this.services = {};
        for (const spec of args.services) {
            // An app that asks for the shop's ALB while no certificate is configured gets no Ingress (and says so).
            const s = spec.ingress && !ingressGroup ? withoutIngress(spec) : spec;
            this.services[spec.name] = new Microservice(`${name}-${spec.name}`, {
                spec: s,
                environment: args.environment,
                clusterName: this.cluster.clusterName,
                clusterSecurityGroupId: this.cluster.clusterSecurityGroupId,
                permissionsBoundaryArn: args.permissionsBoundaryArn,
                platform: args.platform,
                vpcCidr: args.network.vpcCidr,
                ingressGroup,
                secretStore: this.externalSecrets.storeName,
                tracing: args.tracing,
                tags: args.tags,
            }, { ...inCluster, dependsOn: [this.externalSecrets, this.loadBalancerController] });
        }
        this.ingressGroupNames = ingressGroup ? [...new Set(args.services.filter((spec) => spec.ingress)
            .map((spec) => ingressGroupName(spec.ingress!, ingressGroup.name)))] : [];
        const publicApp = args.services.find((spec) => spec.ingress?.public && this.services[spec.name].ingress);
        const publicIngress = publicApp ? this.services[publicApp.name].ingress : undefined;
        // pulumi-kubernetes returns an Ingress once the controller has given it its load balancer's address.
        this.publicOrigin = publicIngress?.status.apply((st) => {
            const host = st?.loadBalancer?.ingress?.[0]?.hostname;
            if (!host) throw new pulumi.RunError(`The shop's public Ingress has no load balancer address yet (status.loadBalancer.ingress is empty): check the AWS Load Balancer Controller's logs`);
            return host;
        });
        this.registerOutputs({ clusterName: this.cluster.clusterName });
    }
}

/** A node group of the config, labelled with its pool. */
function nodeGroup(pool: string, g: ComputeConfig["systemNodeGroup"], amiType: ComputeConfig["nodeAmiType"]): NodeGroupSpec {
    return {
        name: pool, instanceTypes: [...g.instanceTypes], minSize: g.min, desiredSize: g.desired, maxSize: g.max, amiType,
        diskSizeGiB: g.diskSizeGiB ?? 50, labels: { "platform.ecommerce/pool": pool },
    };
}

/** The spec without its Ingress, with a warning naming what is missing. */
function withoutIngress(spec: ServiceSpec): ServiceSpec {
    void pulumi.log.warn(`${spec.name}: no Ingress on the shop's load balancer: set ecommerce-platform:ingressCertificateArn (an ACM certificate of the shop's domain) to publish it`);
    const { ingress: _ingress, ...rest } = spec;
    return rest;
}
