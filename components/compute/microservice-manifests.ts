/**
 * The Kubernetes objects of a Microservice as pure functions of its resolved spec: the documents that decide (pod
 * security, probes, resources, spread, autoscaling, disruption budget, network policies, secret delivery, the ALB
 * entry), tested on their own and used by the component. Values that come from the platform (namespaces, ARNs,
 * endpoints) are passed in as `pulumi.Input`s; nothing here registers a resource.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EndpointReference, PlatformReferences, referenceOf } from "./needs-policy";
import { IngressSpec, Need, PLACEHOLDER, ResolvedServiceSpec } from "./service-spec";

type Input<T> = pulumi.Input<T>;
type EnvVar = k8s.types.input.core.v1.EnvVar;

/** The uid and gid every service runs as (the retail images' user; any non-root user works with the /tmp emptyDir). */
export const RUN_AS = 1000;
/** Pod Security Standard every service namespace enforces. */
export const POD_SECURITY_LEVEL = "restricted";
/** The EKS Pod Identity agent on each node (link-local; IPv4). */
export const POD_IDENTITY_AGENT = { cidr: "169.254.170.23/32", port: 80 } as const;
/** The pod label/annotation the Kubernetes pack reads for a pod that needs its API token. */
export const NEEDS_API_TOKEN_LABEL = "platform.io/needs-api-token";
/** Seconds a pod behind the ALB keeps serving after it is told to stop, while the ALB deregisters it (target-type ip). */
export const ALB_DEREGISTRATION_SLEEP = 10;
/** TLS policy of the ALB's HTTPS listener (TLS 1.3 and 1.2 only). */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** The labels that select the service's pods (never change: a Deployment's selector is immutable). */
export function selectorLabels(s: ResolvedServiceSpec): Record<string, string> {
    return { "app.kubernetes.io/name": s.name };
}

/**
 * The service's SecurityGroupPolicy (EKS security groups for pods, `vpcresources.k8s.aws/v1beta1`): its pods get a
 * branch network interface in exactly these groups, the cluster's own group first (DNS, callers, kubelet probes and
 * the control plane still reach them) and then the clients group of each data store the service needs.
 */
export function securityGroupPolicySpec(s: ResolvedServiceSpec, groupIds: Input<string>[]) {
    return { podSelector: { matchLabels: selectorLabels(s) }, securityGroups: { groupIds } };
}

/** The labels of every object of the service. */
export function commonLabels(s: ResolvedServiceSpec, partOf: string): Record<string, string> {
    return { ...selectorLabels(s), "app.kubernetes.io/part-of": partOf, "app.kubernetes.io/managed-by": "pulumi" };
}

/** The namespace's labels: Pod Security "restricted" enforced (and audited, warned); ALB readiness gates when behind the ALB. */
export function namespaceLabels(s: ResolvedServiceSpec, partOf: string): Record<string, string> {
    return {
        ...commonLabels(s, partOf),
        "pod-security.kubernetes.io/enforce": POD_SECURITY_LEVEL,
        "pod-security.kubernetes.io/audit": POD_SECURITY_LEVEL,
        "pod-security.kubernetes.io/warn": POD_SECURITY_LEVEL,
        // Rollouts wait until the ALB reports the new pods healthy (AWS Load Balancer Controller pod readiness gates).
        ...(s.ingress ? { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" } : {}),
    };
}

/** A Kubernetes Secret the service reads, delivered by External Secrets from Secrets Manager. */
export interface SecretDelivery {
    /** The need that delivers it. */
    need: Need;
    /** The ExternalSecret's and the Kubernetes Secret's name. */
    target: string;
    /** The secret in Secrets Manager (name or ARN). */
    secretId: Input<string>;
    /** The JSON keys the service reads (undefined: the whole secret string, as key `value`). */
    keys: (string | undefined)[];
}

/** The Kubernetes Secret key an env var reads: the JSON key, or `value` for a plain-string secret. */
export const secretKeyName = (key: string | undefined) => key ?? "value";

/**
 * The secrets a service reads: for each secret need (named after it) and each data store whose reference has
 * credentials (`<name>-<kind>`), the keys its secretEnv reads. A store nobody reads credentials of delivers nothing.
 */
export function secretDeliveries(s: ResolvedServiceSpec, refs: PlatformReferences): SecretDelivery[] {
    const out: SecretDelivery[] = [];
    for (const need of s.needs) {
        if (need.kind !== "secret" && need.kind !== "database" && need.kind !== "cache" && need.kind !== "search") continue;
        const keys = [...new Set(Object.values(s.secretEnv).filter((e) => e.need === need.name).map((e) => e.key))];
        if (!keys.length) continue;
        const ref = referenceOf(refs, need) as { secretId?: Input<string>; credentialsSecretId?: Input<string> } | undefined;
        const secretId = need.kind === "secret" ? ref?.secretId : ref?.credentialsSecretId;
        if (secretId === undefined) throw new Error(`${s.name}: ${need.kind} '${need.name}' delivers no secret`);
        out.push({ need, target: need.kind === "secret" ? need.name : `${need.name}-${need.kind}`, secretId, keys });
    }
    return out;
}

/** The ExternalSecret spec (external-secrets.io/v1) of one delivery: only the keys the service reads. */
export function externalSecretSpec(d: SecretDelivery, store: string, refreshInterval: string) {
    return {
        refreshInterval,
        secretStoreRef: { kind: "ClusterSecretStore", name: store },
        target: { name: d.target, creationPolicy: "Owner" },
        data: d.keys.map((key) => ({
            secretKey: secretKeyName(key),
            remoteRef: key === undefined ? { key: d.secretId } : { key: d.secretId, property: key },
        })),
    };
}

/** The value of a need's attribute for `{{<need>.<attribute>}}` (validated beforehand). */
function attributeValue(s: ResolvedServiceSpec, refs: PlatformReferences, needName: string, attribute: string): Input<string> {
    const need = s.needs.find((n) => n.kind !== "key" && n.name === needName);
    const ref = need ? referenceOf(refs, need) as Record<string, unknown> | undefined : undefined;
    if (!need || !ref) throw new Error(`${s.name}: env references {{${needName}.${attribute}}} without a platform reference`);
    if (need.kind === "database" || need.kind === "cache" || need.kind === "search") {
        const e = ref as unknown as EndpointReference;
        if (attribute === "port") return String(e.port);
        if (attribute === "endpoint") return pulumi.interpolate`${e.host}:${e.port}`;
        return e.host;
    }
    return ref[attribute] as Input<string>;
}

/** An env value with its `{{need.attribute}}` references resolved (a plain string when it has none). */
export function envValue(s: ResolvedServiceSpec, refs: PlatformReferences, value: string): Input<string> {
    const parts: Input<string>[] = [];
    let last = 0;
    for (const m of value.matchAll(PLACEHOLDER)) {
        parts.push(value.slice(last, m.index));
        parts.push(attributeValue(s, refs, m[1], m[2]));
        last = m.index + m[0].length;
    }
    if (!parts.length) return value;
    parts.push(value.slice(last));
    return pulumi.all(parts).apply((ps) => ps.join(""));
}

/** Where a traced service sends its spans, and how many traces it starts. */
export interface TracingSettings {
    /** The collector's OTLP/HTTP endpoint: `http://adot-collector.observability.svc.cluster.local:4318`. */
    endpoint: string;
    /** The namespace of the collector (the services' egress NetworkPolicy admits its pods on 4317 and 4318). */
    collectorNamespace: string;
    /** The collector pods' labels. */
    collectorLabels: Record<string, string>;
    /** Fraction of traces a service starts itself (OTEL_TRACES_SAMPLER_ARG of parentbased_traceidratio), 0 to 1. */
    samplingRatio: number;
}

/** OTLP ports of the collector (gRPC, HTTP) a traced service may reach. */
export const OTLP_PORTS = [4317, 4318] as const;

/**
 * The standard OpenTelemetry variables of a traced service: its name, the collector's endpoint, and a parent-based
 * ratio sampler (a service follows its caller's decision, and starts traces at the ratio), then the spec's own
 * tracingEnv. Variables the spec's env or secretEnv already sets are left to it (a container's env names are unique).
 */
export function tracingEnv(s: ResolvedServiceSpec, t: TracingSettings): Record<string, string> {
    const all: Record<string, string> = {
        OTEL_SERVICE_NAME: s.name,
        OTEL_EXPORTER_OTLP_ENDPOINT: t.endpoint,
        OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
        OTEL_TRACES_SAMPLER_ARG: String(t.samplingRatio),
        ...s.tracingEnv,
    };
    return Object.fromEntries(Object.entries(all).filter(([name]) => !(name in s.env) && !(name in s.secretEnv)));
}

/** The container's environment: plain values (references resolved), then secrets, then AWS_REGION for AWS-calling services, then tracing. */
export function containerEnv(s: ResolvedServiceSpec, refs: PlatformReferences, deliveries: SecretDelivery[], region?: Input<string>, tracing?: TracingSettings): EnvVar[] {
    const env: EnvVar[] = Object.entries(s.env).map(([name, value]) => ({ name, value: envValue(s, refs, value) }));
    for (const [name, src] of Object.entries(s.secretEnv)) {
        const d = deliveries.find((x) => x.need.kind !== "key" && x.need.name === src.need)!;
        env.push({ name, valueFrom: { secretKeyRef: { name: d.target, key: secretKeyName(src.key) } } });
    }
    // The AWS SDKs need a region and Pod Identity does not set one.
    if (region !== undefined && !("AWS_REGION" in s.env)) env.push({ name: "AWS_REGION", value: region });
    if (tracing) env.push(...Object.entries(tracingEnv(s, tracing)).map(([name, value]) => ({ name, value })));
    return env;
}

function httpProbe(p: ResolvedServiceSpec["probes"]["readiness"]): k8s.types.input.core.v1.Probe {
    return {
        httpGet: { path: p.path, port: "http", scheme: "HTTP" },
        initialDelaySeconds: p.initialDelaySeconds,
        periodSeconds: p.periodSeconds,
        failureThreshold: p.failureThreshold,
        timeoutSeconds: p.timeoutSeconds,
        successThreshold: 1,
    };
}

/** What the Deployment's pod spec takes from outside the spec. */
export interface PodContext {
    /** The ServiceAccount the pods run as. */
    serviceAccountName: Input<string>;
    /** The container's environment (containerEnv). */
    env: EnvVar[];
    /** The app.kubernetes.io/part-of label. */
    partOf: string;
}

/** A spread over zones, then nodes, of the current revision's pods (soft: scaling never stalls on a full zone). */
function spread(s: ResolvedServiceSpec, topologyKey: string): k8s.types.input.core.v1.TopologySpreadConstraint {
    return { maxSkew: 1, topologyKey, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selectorLabels(s) }, matchLabelKeys: ["pod-template-hash"] };
}

/**
 * The Deployment spec: Pod Security "restricted" (non-root uid 1000, read-only root, no privilege escalation, ALL
 * capabilities dropped, RuntimeDefault seccomp), requests and a memory limit, readiness/liveness/startup probes,
 * spread over zones and nodes, a /tmp emptyDir in memory, no API token unless declared, and a surge-only rollout.
 * `replicas` is set only when min equals max; otherwise the HorizontalPodAutoscaler owns it (setting it would reset
 * the autoscaler's count on every update).
 */
export function deploymentSpec(s: ResolvedServiceSpec, ctx: PodContext): k8s.types.input.apps.v1.DeploymentSpec {
    const labels = { ...commonLabels(s, ctx.partOf), ...(s.version ? { "app.kubernetes.io/version": s.version } : {}),
        ...(s.apiToken ? { [NEEDS_API_TOKEN_LABEL]: "true" } : {}) };
    const capabilities = { drop: ["ALL"], ...(s.addCapabilities.length ? { add: s.addCapabilities } : {}) };
    const container: k8s.types.input.core.v1.Container = {
        name: s.name,
        image: s.image,
        imagePullPolicy: "IfNotPresent",
        ports: [{ name: "http", containerPort: s.port, protocol: "TCP" }],
        env: ctx.env,
        resources: { requests: { cpu: s.resources.cpu, memory: s.resources.memory }, limits: { memory: s.resources.memoryLimit } },
        readinessProbe: httpProbe(s.probes.readiness),
        livenessProbe: httpProbe(s.probes.liveness),
        startupProbe: httpProbe(s.probes.startup),
        securityContext: {
            runAsNonRoot: true, runAsUser: RUN_AS, runAsGroup: RUN_AS, privileged: false, allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true, capabilities, seccompProfile: { type: "RuntimeDefault" },
        },
        ...(s.tmpSizeLimit ? { volumeMounts: [{ name: "tmp", mountPath: "/tmp" }] } : {}),
        // Behind the ALB (target-type ip) keep serving while the target deregisters, so a rollout drops no request.
        ...(s.ingress ? { lifecycle: { preStop: { sleep: { seconds: ALB_DEREGISTRATION_SLEEP } } } } : {}),
    };
    return {
        ...(s.replicas.min === s.replicas.max ? { replicas: s.replicas.min } : {}),
        revisionHistoryLimit: 5,
        selector: { matchLabels: selectorLabels(s) },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
        template: {
            metadata: { labels },
            spec: {
                serviceAccountName: ctx.serviceAccountName,
                automountServiceAccountToken: s.apiToken,
                enableServiceLinks: false,
                securityContext: {
                    runAsNonRoot: true, runAsUser: RUN_AS, runAsGroup: RUN_AS, fsGroup: RUN_AS,
                    seccompProfile: { type: "RuntimeDefault" },
                },
                topologySpreadConstraints: [spread(s, "topology.kubernetes.io/zone"), spread(s, "kubernetes.io/hostname")],
                terminationGracePeriodSeconds: 30 + (s.ingress ? ALB_DEREGISTRATION_SLEEP : 0),
                containers: [container],
                ...(s.tmpSizeLimit ? { volumes: [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: s.tmpSizeLimit } }] } : {}),
            },
        },
    };
}

/** The ClusterIP Service: the service port to the container's named port. */
export function serviceSpec(s: ResolvedServiceSpec): k8s.types.input.core.v1.ServiceSpec {
    return { type: "ClusterIP", selector: selectorLabels(s), ports: [{ name: "http", port: s.servicePort, targetPort: "http", protocol: "TCP" }] };
}

/** The HorizontalPodAutoscaler (autoscaling/v2) on CPU and memory, or undefined when min equals max. */
export function autoscalerSpec(s: ResolvedServiceSpec, deploymentName: Input<string>): k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec | undefined {
    if (s.replicas.min === s.replicas.max) return undefined;
    const target = (name: string, averageUtilization: number) => ({ type: "Resource", resource: { name, target: { type: "Utilization", averageUtilization } } });
    return {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deploymentName },
        minReplicas: s.replicas.min,
        maxReplicas: s.replicas.max,
        metrics: [target("cpu", s.autoscaling.cpuPercent), target("memory", s.autoscaling.memoryPercent)],
    };
}

/**
 * The PodDisruptionBudget: at most one pod down for voluntary disruptions (node drains, upgrades). maxUnavailable 1
 * rather than minAvailable 1: with one replica it lets drains proceed (minAvailable 1 would block them forever), and
 * with N replicas it keeps N-1 serving (minAvailable 1 would let N-1 go at once). Unhealthy pods may always be evicted.
 */
export function disruptionBudgetSpec(s: ResolvedServiceSpec): k8s.types.input.policy.v1.PodDisruptionBudgetSpec {
    return { maxUnavailable: 1, selector: { matchLabels: selectorLabels(s) }, unhealthyPodEvictionPolicy: "AlwaysAllow" };
}

/** A data store the service reaches: its port and subnets. */
export interface StoreEgress {
    need: string;
    port: number;
    cidrBlocks: Input<string>[];
}

/** What the network policies take from outside the spec. */
export interface NetworkContext {
    /** The VPC's CIDR: the ALB's addresses (ingress) and what the AWS-API egress excludes. */
    vpcCidr: Input<string>;
    /** Whether the service calls AWS APIs (it has an IAM role). */
    awsApis: boolean;
    /** CIDRs of interface endpoints the service's AWS calls resolve to (e.g. an SQS endpoint). */
    interfaceEndpointCidrs: Input<string>[];
    /** The data stores it reaches. */
    stores: StoreEgress[];
    /** The trace collector it sends spans to (OTLP ports), when traced. */
    tracing?: TracingSettings;
}

type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;
type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;

/** A service's pods, by namespace and label (every service lives in the namespace named after it). */
const servicePeer = (service: string): Peer => ({
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": service } },
    podSelector: { matchLabels: { "app.kubernetes.io/name": service } },
});

/**
 * The namespace's NetworkPolicies: a default deny of all ingress and egress; ingress on the container port from the
 * declared callers and, behind the ALB, from the VPC (target-type ip); egress to kube-dns, to the services it calls,
 * to its data stores' ports and, when it calls AWS APIs, to the Pod Identity agent and to 443 outside the VPC.
 */
export function networkPolicies(s: ResolvedServiceSpec, n: NetworkContext): { purpose: "default-deny" | "ingress" | "egress"; name: string; spec: NetworkPolicySpec }[] {
    const pods = { matchLabels: selectorLabels(s) };
    const port = [{ protocol: "TCP", port: s.port }];
    const ingress: k8s.types.input.networking.v1.NetworkPolicyIngressRule[] = [];
    if (s.callers.length) ingress.push({ from: s.callers.map(servicePeer), ports: port });
    if (s.ingress) ingress.push({ from: [{ ipBlock: { cidr: n.vpcCidr } }], ports: port });
    const egress: k8s.types.input.networking.v1.NetworkPolicyEgressRule[] = [{
        to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
        ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
    }];
    // Any port of the callee's pods: the callee's own ingress policy admits only its container port.
    if (s.calls.length) egress.push({ to: s.calls.map(servicePeer) });
    if (n.tracing) {
        egress.push({
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": n.tracing.collectorNamespace } }, podSelector: { matchLabels: n.tracing.collectorLabels } }],
            ports: OTLP_PORTS.map((port) => ({ protocol: "TCP", port })),
        });
    }
    for (const store of n.stores) {
        egress.push({ to: store.cidrBlocks.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: store.port }] });
    }
    if (n.awsApis) {
        egress.push({ to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT.cidr } }], ports: [{ protocol: "TCP", port: POD_IDENTITY_AGENT.port }] });
        // AWS endpoints keep public addresses (gateway endpoints route them; the rest goes through NAT); the VPC itself
        // (data stores, other pods, the ALB) is excluded, interface endpoints are added back by their CIDRs.
        egress.push({
            to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [n.vpcCidr] } }, ...n.interfaceEndpointCidrs.map((cidr) => ({ ipBlock: { cidr } }))],
            ports: [{ protocol: "TCP", port: 443 }],
        });
    }
    return [
        { purpose: "default-deny" as const, name: "default-deny", spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        ...(ingress.length ? [{ purpose: "ingress" as const, name: `${s.name}-ingress`, spec: { podSelector: pods, policyTypes: ["Ingress"], ingress } }] : []),
        { purpose: "egress" as const, name: `${s.name}-egress`, spec: { podSelector: pods, policyTypes: ["Egress"], egress } },
    ];
}

/** The shop's shared ALB, as the AWS Load Balancer Controller's IngressGroup. */
export interface IngressGroupSettings {
    /** The group's name; internal services join `<name>-internal` (a group has one scheme). */
    name: string;
    /** ACM certificate of the HTTPS listener. */
    certificateArn: Input<string>;
    /** WAFv2 web ACL associated with the ALB (REGIONAL scope). */
    wafAclArn?: Input<string>;
    /**
     * The header CloudFront adds to every request it forwards: the public Ingresses' rules then match only requests
     * that carry it (the load balancer answers others with the controller's 404), so the ALB serves CloudFront only.
     */
    originVerify?: { header: string; value: Input<string> };
    /** Ask the controller for a Shield Advanced protection of the ALB (the account must subscribe). */
    shieldAdvanced?: boolean;
    /**
     * The ALB's access logs: a bucket with SSE-S3 whose policy admits Elastic Load Balancing's delivery, and a key
     * prefix (`<prefix>/<group>/AWSLogs/...`).
     */
    accessLogs?: { bucketName: Input<string>; prefix: string };
}

/**
 * The ALB's attributes (annotation `load-balancer-attributes`, the same on every member of a group): access logs to the
 * bucket under `<prefix>/<group>`, and invalid header fields dropped (request smuggling; Security Hub ELB.4).
 */
function loadBalancerAttributes(logs: { bucketName: Input<string>; prefix: string }, groupName: string): pulumi.Output<string> {
    return pulumi.interpolate`access_logs.s3.enabled=true,access_logs.s3.bucket=${logs.bucketName},access_logs.s3.prefix=${logs.prefix}/${groupName},routing.http.drop_invalid_header_fields.enabled=true`;
}

/** The controller's listener-rule condition (annotation `conditions.<service>`): the request carries the header's value. */
function originVerifyCondition(o: { header: string; value: Input<string> }): pulumi.Output<string> {
    return pulumi.output(o.value).apply((value) => JSON.stringify([{ field: "http-header", httpHeaderConfig: { httpHeaderName: o.header, values: [value] } }]));
}

/** The IngressGroup (one ALB) an Ingress joins: `<group>` when public, `<group>-internal` when internal. */
export function ingressGroupName(ingress: IngressSpec, group: string): string {
    return ingress.public ? group : `${group}-internal`;
}

/** The Ingress's annotations and spec on the shared ALB: HTTPS 443 with HTTP redirected, target-type ip, health check on readiness. */
export function ingressManifest(s: ResolvedServiceSpec, group: IngressGroupSettings, serviceName: Input<string>) {
    const ing = s.ingress!;
    const groupName = ingressGroupName(ing, group.name);
    const annotations: Record<string, Input<string>> = {
        "alb.ingress.kubernetes.io/group.name": groupName,
        "alb.ingress.kubernetes.io/scheme": ing.public ? "internet-facing" : "internal",
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/listen-ports": JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
        "alb.ingress.kubernetes.io/certificate-arn": group.certificateArn,
        "alb.ingress.kubernetes.io/ssl-policy": ALB_SSL_POLICY,
        "alb.ingress.kubernetes.io/backend-protocol": "HTTP",
        "alb.ingress.kubernetes.io/healthcheck-path": s.probes.readiness.path,
        "alb.ingress.kubernetes.io/success-codes": "200-399",
        // The ALB's dimension is unknown to the program: its alarms select it by this tag (Metrics Insights).
        "alb.ingress.kubernetes.io/tags": `IngressGroup=${groupName}`,
        ...(group.wafAclArn ? { "alb.ingress.kubernetes.io/wafv2-acl-arn": group.wafAclArn } : {}),
        ...(group.accessLogs ? { "alb.ingress.kubernetes.io/load-balancer-attributes": loadBalancerAttributes(group.accessLogs, groupName) } : {}),
        ...(ing.public && group.shieldAdvanced ? { "alb.ingress.kubernetes.io/shield-advanced-protection": "true" } : {}),
        ...(ing.public && group.originVerify ? { [`alb.ingress.kubernetes.io/conditions.${s.name}`]: originVerifyCondition(group.originVerify) } : {}),
    };
    const spec: k8s.types.input.networking.v1.IngressSpec = {
        ingressClassName: "alb",
        rules: [{ http: { paths: [{ path: ing.path, pathType: "Prefix", backend: { service: { name: serviceName, port: { name: "http" } } } }] } }],
    };
    return { annotations, spec };
}
