/**
 * AdotCollector (`platform:observability:AdotCollector`): an AWS Distro for OpenTelemetry collector in the cluster,
 * receiving the services' traces over OTLP (gRPC 4317, HTTP 4318) and exporting them to X-Ray (`awsxray` exporter),
 * with the X-Ray proxy (`awsproxy`, 2000) through which X-Ray-sampling SDKs read the sampling rules.
 *
 * Plain Kubernetes objects (no Helm chart, no operator): a namespace with Pod Security "restricted", a ServiceAccount
 * with no API token, a ConfigMap holding the collector's configuration, a Deployment of two replicas (restricted
 * security context, read-only root, requests and a memory limit, probes on the health_check extension, spread over
 * zones), a ClusterIP Service, a PodDisruptionBudget, and default-deny NetworkPolicies that admit OTLP and the proxy
 * from the shop's namespaces only and let the collector reach DNS, the Pod Identity agent and AWS over 443 only.
 *
 * Its AWS identity is its own EKS Pod Identity role (WorkloadRole): the five X-Ray actions the exporter and the proxy
 * call, on Resource "*" (none of them has a resource-level permission), under the workload permissions boundary.
 *
 * Pass the cluster's Kubernetes provider as `opts.providers` (or `opts.provider`).
 */
import { createHash } from "crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { ArgsChecker, isValidCidr, PolicyDocument, Tags } from "../shared";
import { WorkloadRole } from "../compute/workload-role";

/** The collector image, pinned by tag (public.ecr.aws/aws-observability/aws-otel-collector). */
export const ADOT_COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0";
/** The collector's namespace, name (Deployment, Service, ServiceAccount) and ports. */
export const ADOT_NAMESPACE = "observability";
export const ADOT_NAME = "adot-collector";
export const ADOT_PORTS = { otlpGrpc: 4317, otlpHttp: 4318, xrayProxy: 2000, health: 13133 } as const;
/** The EKS Pod Identity agent on each node (link-local). */
const POD_IDENTITY_AGENT = { cidr: "169.254.170.23/32", port: 80 };
/** The uid the collector runs as (the image's own user is 10001). */
const RUN_AS = 10001;

/** The actions the collector's role may take: the awsxray exporter's and the X-Ray proxy's, nothing else. */
export const ADOT_XRAY_ACTIONS = [
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:GetSamplingStatisticSummaries",
] as const;

/** The in-cluster OTLP/HTTP endpoint of a collector in `namespace` (what the services' OTEL_EXPORTER_OTLP_ENDPOINT is). */
export function collectorEndpoint(namespace = ADOT_NAMESPACE, port: number = ADOT_PORTS.otlpHttp): string {
    return `http://${ADOT_NAME}.${namespace}.svc.cluster.local:${port}`;
}

export interface AdotCollectorArgs {
    /** The EKS cluster's name (the Pod Identity association's cluster). */
    clusterName: pulumi.Input<string>;
    /** The stack's region: where the exporter sends the segments. */
    region: string;
    /** The permissions boundary of the collector's role (the security layer's workload boundary). Required. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** The VPC's IPv4 CIDR: the AWS egress (443) excludes it. Checked when a plain string. */
    vpcCidr: pulumi.Input<string>;
    /**
     * Labels of the namespaces whose pods may send traces (matched by the ingress NetworkPolicy). Defaults to the shop's
     * (`app.kubernetes.io/part-of: ecommerce`, which every Microservice namespace carries).
     */
    clientNamespaceLabels?: Record<string, string>;
    /** Replicas of the collector, 1 to 10. Defaults to 2. */
    replicas?: number;
    /** The collector's image, pinned. Defaults to ADOT_COLLECTOR_IMAGE. */
    image?: string;
    /** Tags merged into the role and the Pod Identity association. */
    tags?: Tags;
}

const defaults = { clientNamespaceLabels: { "app.kubernetes.io/part-of": "ecommerce" }, replicas: 2, image: ADOT_COLLECTOR_IMAGE };

/** The collector's role policy: the X-Ray actions on Resource "*" (pure). */
export function collectorPolicy(): PolicyDocument {
    return { Version: "2012-10-17", Statement: [{ Sid: "XRayWrite", Effect: "Allow", Action: [...ADOT_XRAY_ACTIONS], Resource: "*" }] };
}

/** The collector's configuration (config.yaml): OTLP in, memory limiter and batches, awsxray out (pure). */
export function collectorConfig(region: string): Record<string, unknown> {
    return {
        extensions: {
            health_check: { endpoint: `0.0.0.0:${ADOT_PORTS.health}` },
            awsproxy: { endpoint: `0.0.0.0:${ADOT_PORTS.xrayProxy}`, region },
        },
        receivers: {
            otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${ADOT_PORTS.otlpGrpc}` }, http: { endpoint: `0.0.0.0:${ADOT_PORTS.otlpHttp}` } } },
        },
        processors: {
            memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 25 },
            batch: { timeout: "5s", send_batch_size: 50 },
        },
        exporters: {
            awsxray: { region, indexed_attributes: ["otel.resource.service.name", "http.route"] },
        },
        service: {
            extensions: ["health_check", "awsproxy"],
            pipelines: { traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["awsxray"] } },
        },
    };
}

export class AdotCollector extends pulumi.ComponentResource {
    /** The collector's namespace. */
    readonly namespace: pulumi.Output<string>;
    /** The collector's IAM role ARN (Pod Identity). */
    readonly roleArn: pulumi.Output<string>;
    /** The OTLP/HTTP endpoint the services send to (`http://adot-collector.observability.svc.cluster.local:4318`). */
    readonly otlpHttpEndpoint: string;
    /** The OTLP/gRPC endpoint (port 4317). */
    readonly otlpGrpcEndpoint: string;
    /** The X-Ray proxy (sampling rules for X-Ray-sampling SDKs), port 2000. */
    readonly xrayProxyEndpoint: string;
    readonly deployment: k8s.apps.v1.Deployment;

    constructor(name: string, args: AdotCollectorArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAdotCollectorArgs(args);
        super("platform:observability:AdotCollector", name, {}, opts);
        const parent = { parent: this };
        const replicas = args.replicas ?? defaults.replicas;
        const labels = { "app.kubernetes.io/name": ADOT_NAME, "app.kubernetes.io/part-of": "observability", "app.kubernetes.io/managed-by": "pulumi" };
        const selector = { "app.kubernetes.io/name": ADOT_NAME };
        const restricted = { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted" };
        const ns = new k8s.core.v1.Namespace(name, { metadata: { name: ADOT_NAMESPACE, labels: { ...labels, ...restricted } } }, parent);
        const namespace = ns.metadata.name;
        const meta = (n: string) => ({ name: n, namespace, labels });
        const sa = new k8s.core.v1.ServiceAccount(name, { metadata: meta(ADOT_NAME), automountServiceAccountToken: false }, parent);
        const role = new WorkloadRole(name, {
            clusterName: args.clusterName,
            namespace: ADOT_NAMESPACE,
            serviceAccount: ADOT_NAME,
            policy: collectorPolicy(),
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            description: "Pod Identity role of the ADOT collector: X-Ray trace segments, telemetry and sampling only",
            tags: args.tags,
        }, parent);
        const configYaml = stringify(collectorConfig(args.region));
        const config = new k8s.core.v1.ConfigMap(name, { metadata: meta(ADOT_NAME), data: { "config.yaml": configYaml } }, parent);
        this.deployment = new k8s.apps.v1.Deployment(name, {
            metadata: meta(ADOT_NAME),
            spec: collectorDeploymentSpec({ replicas, image: args.image ?? defaults.image, region: args.region, labels, selector,
                serviceAccountName: sa.metadata.name, configMapName: config.metadata.name, configChecksum: configChecksum(configYaml) }),
        }, { parent: this, dependsOn: [role] });
        new k8s.core.v1.Service(name, {
            metadata: meta(ADOT_NAME),
            spec: {
                type: "ClusterIP",
                selector,
                ports: [
                    { name: "otlp-grpc", port: ADOT_PORTS.otlpGrpc, targetPort: "otlp-grpc", protocol: "TCP" },
                    { name: "otlp-http", port: ADOT_PORTS.otlpHttp, targetPort: "otlp-http", protocol: "TCP" },
                    { name: "xray-proxy", port: ADOT_PORTS.xrayProxy, targetPort: "xray-proxy", protocol: "TCP" },
                ],
            },
        }, parent);
        new k8s.policy.v1.PodDisruptionBudget(name, {
            metadata: meta(ADOT_NAME),
            spec: { maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: "AlwaysAllow" },
        }, parent);
        for (const np of collectorNetworkPolicies(selector, args.clientNamespaceLabels ?? defaults.clientNamespaceLabels, args.vpcCidr)) {
            new k8s.networking.v1.NetworkPolicy(`${name}-${np.name}`, { metadata: meta(np.name), spec: np.spec }, parent);
        }
        this.namespace = namespace;
        this.roleArn = role.roleArn;
        this.otlpHttpEndpoint = collectorEndpoint(ADOT_NAMESPACE, ADOT_PORTS.otlpHttp);
        this.otlpGrpcEndpoint = collectorEndpoint(ADOT_NAMESPACE, ADOT_PORTS.otlpGrpc);
        this.xrayProxyEndpoint = collectorEndpoint(ADOT_NAMESPACE, ADOT_PORTS.xrayProxy);
        this.registerOutputs({ namespace: this.namespace, roleArn: this.roleArn, otlpHttpEndpoint: this.otlpHttpEndpoint,
            otlpGrpcEndpoint: this.otlpGrpcEndpoint, xrayProxyEndpoint: this.xrayProxyEndpoint });
    }
}

/** What the Deployment takes from outside. */
interface DeploymentContext {
    replicas: number;
    image: string;
    region: string;
    labels: Record<string, string>;
    selector: Record<string, string>;
    serviceAccountName: pulumi.Input<string>;
    configMapName: pulumi.Input<string>;
    /** The configuration's checksum (configChecksum), a pod template annotation: a changed config rolls the pods. */
    configChecksum: string;
}

/**
 * The checksum of the collector's config.yaml. The ConfigMap keeps its fixed name when its data changes and the
 * collector reads its configuration only at start, so the pod template carries this checksum: a new configuration
 * changes the template and the Deployment rolls its pods onto it (pure).
 */
export function configChecksum(configYaml: string): string {
    return createHash("sha256").update(configYaml).digest("hex");
}

/**
 * The collector's Deployment: Pod Security "restricted", read-only root, no API token, requests and a memory limit
 * (the memory_limiter keeps the collector under 80% of it), probes on the health_check extension, spread over zones.
 */
export function collectorDeploymentSpec(c: DeploymentContext): k8s.types.input.apps.v1.DeploymentSpec {
    const healthProbe = (failureThreshold: number) => ({
        httpGet: { path: "/", port: "health", scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold, successThreshold: 1,
    });
    const spread = (topologyKey: string) => ({
        maxSkew: 1, topologyKey, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: c.selector }, matchLabelKeys: ["pod-template-hash"],
    });
    return {
        replicas: c.replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: c.selector },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: {
            metadata: { labels: c.labels, annotations: { "checksum/config": c.configChecksum } },
            spec: {
                serviceAccountName: c.serviceAccountName,
                automountServiceAccountToken: false,
                enableServiceLinks: false,
                securityContext: { runAsNonRoot: true, runAsUser: RUN_AS, runAsGroup: RUN_AS, fsGroup: RUN_AS, seccompProfile: { type: "RuntimeDefault" } },
                topologySpreadConstraints: [spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")],
                containers: [{
                    name: ADOT_NAME,
                    image: c.image,
                    imagePullPolicy: "IfNotPresent",
                    args: ["--config=/conf/config.yaml"],
                    env: [{ name: "AWS_REGION", value: c.region }],
                    ports: [
                        { name: "otlp-grpc", containerPort: ADOT_PORTS.otlpGrpc, protocol: "TCP" },
                        { name: "otlp-http", containerPort: ADOT_PORTS.otlpHttp, protocol: "TCP" },
                        { name: "xray-proxy", containerPort: ADOT_PORTS.xrayProxy, protocol: "TCP" },
                        { name: "health", containerPort: ADOT_PORTS.health, protocol: "TCP" },
                    ],
                    resources: { requests: { cpu: "200m", memory: "512Mi" }, limits: { memory: "512Mi" } },
                    readinessProbe: healthProbe(3),
                    livenessProbe: healthProbe(3),
                    startupProbe: { ...healthProbe(30), periodSeconds: 2 },
                    securityContext: {
                        runAsNonRoot: true, runAsUser: RUN_AS, runAsGroup: RUN_AS, privileged: false, allowPrivilegeEscalation: false,
                        readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
                    },
                    volumeMounts: [{ name: "config", mountPath: "/conf", readOnly: true }],
                }],
                volumes: [{ name: "config", configMap: { name: c.configMapName, items: [{ key: "config.yaml", path: "config.yaml" }] } }],
            },
        },
    };
}

type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;

/**
 * The collector's NetworkPolicies: deny all, then OTLP and the X-Ray proxy from the client namespaces' pods, and egress
 * to DNS, the Pod Identity agent and AWS endpoints over 443 outside the VPC (pure).
 */
export function collectorNetworkPolicies(selector: Record<string, string>, clientNamespaceLabels: Record<string, string>, vpcCidr: pulumi.Input<string>):
    { name: string; spec: NetworkPolicySpec }[] {
    const pods = { matchLabels: selector };
    return [
        { name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        {
            name: `${ADOT_NAME}-ingress`,
            spec: {
                podSelector: pods,
                policyTypes: ["Ingress"],
                ingress: [{
                    from: [{ namespaceSelector: { matchLabels: clientNamespaceLabels } }],
                    ports: [ADOT_PORTS.otlpGrpc, ADOT_PORTS.otlpHttp, ADOT_PORTS.xrayProxy].map((port) => ({ protocol: "TCP", port })),
                }],
            },
        },
        {
            name: `${ADOT_NAME}-egress`,
            spec: {
                podSelector: pods,
                policyTypes: ["Egress"],
                egress: [
                    {
                        to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                        ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
                    },
                    { to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT.cidr } }], ports: [{ protocol: "TCP", port: POD_IDENTITY_AGENT.port }] },
                    { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [vpcCidr] } }], ports: [{ protocol: "TCP", port: 443 }] },
                ],
            },
        },
    ];
}

const IMAGE = /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$/;

/** Validate AdotCollectorArgs; throws a ComponentArgsError naming every bad field. */
export function validateAdotCollectorArgs(args: AdotCollectorArgs): void {
    const check = new ArgsChecker("AdotCollector");
    check.require(args.clusterName !== undefined && args.clusterName !== "", "clusterName", args.clusterName, "expected the EKS cluster's name");
    check.require(typeof args.region === "string" && /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(args.region), "region", args.region, "expected an AWS region such as eu-west-1");
    check.require(args.permissionsBoundaryArn !== undefined && args.permissionsBoundaryArn !== "", "permissionsBoundaryArn",
        args.permissionsBoundaryArn, "every workload role carries the platform's permissions boundary");
    const cidr = args.vpcCidr;
    check.require(typeof cidr === "string" ? isValidCidr(cidr) : cidr !== undefined && cidr !== null, "vpcCidr", cidr, "expected the VPC's IPv4 CIDR block such as 10.10.0.0/16");
    if (args.replicas !== undefined) check.integer("replicas", args.replicas, 1, 10);
    if (args.image !== undefined) {
        check.require(IMAGE.test(args.image) && !args.image.endsWith(":latest"), "image", args.image,
            "expected <registry>/<repository>:<version> or @sha256:<digest>, never :latest");
    }
    if (args.clientNamespaceLabels !== undefined) {
        check.require(Object.keys(args.clientNamespaceLabels).length > 0, "clientNamespaceLabels", args.clientNamespaceLabels,
            "expected at least one label (an empty selector would admit every namespace)");
    }
    check.done();
}
