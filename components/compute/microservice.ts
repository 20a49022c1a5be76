/**
 * Microservice (`platform:compute:Microservice`): one ServiceSpec on an EKS cluster, secure and least-privilege by
 * construction. It creates the service's namespace (Pod Security "restricted"), its ServiceAccount, an IAM role through
 * EKS Pod Identity whose policy is generated from the declared needs only (none when they need no AWS permission),
 * the Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget, default-deny NetworkPolicies that open exactly
 * the declared callers, callees, data stores and AWS APIs, an ExternalSecret per delivered secret, a SecurityGroupPolicy
 * that puts its pods in the clients group of each data store it needs (so the store's security group admits exactly the
 * services that declared it), and an optional Ingress on the shop's shared ALB.
 *
 * It takes plain references (a cluster name, a permissions boundary ARN, what the needs resolve to) and the Kubernetes
 * provider through `opts.providers`, never the whole platform: product teams use it in their own programs.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError, isValidCidr, mergeTags, PolicyDocument, showValue, Tags } from "../shared";
import {
    autoscalerSpec, commonLabels, TracingSettings, containerEnv, deploymentSpec, disruptionBudgetSpec, externalSecretSpec, IngressGroupSettings,
    ingressManifest, namespaceLabels, networkPolicies, SecretDelivery, secretDeliveries, securityGroupPolicySpec, serviceSpec, StoreEgress,
} from "./microservice-manifests";
import { EndpointReference, missingReferences, needName, needsIam, needsPolicy, PlatformReferences, REFERENCE_FIELD, referenceOf, referenceProblems } from "./needs-policy";
import { ENVIRONMENTS, Environment, isServiceEnabled, Need, resolveServiceSpec, ResolvedServiceSpec, serviceSpecProblems, ServiceSpec } from "./service-spec";
import { KUBERNETES_NAME, WorkloadRole } from "./workload-role";

export type { IngressGroupSettings, TracingSettings } from "./microservice-manifests";

/** The ClusterSecretStore the platform's External Secrets Operator serves (Secrets Manager of the stack's region). */
export const DEFAULT_SECRET_STORE = "aws-secrets-manager";

export interface MicroserviceArgs {
    /** The service's spec (see ServiceSpec); validated here, every problem reported at once. */
    spec: ServiceSpec;
    /** The environment to resolve the spec for (replicas, `enabled`): `dev` or `prod`. */
    environment: Environment;
    /** The EKS cluster's name (the Pod Identity association's cluster). */
    clusterName: pulumi.Input<string>;
    /** The permissions boundary of the service's IAM role (the platform's workload boundary). Required. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /**
     * What the spec's needs resolve to: ARNs, URLs, endpoints and secrets by need name. Only the entries the spec
     * needs are read; a need without an entry is an error naming it. Defaults to none.
     */
    platform?: PlatformReferences;
    /**
     * The VPC's IPv4 CIDR: the ALB's source addresses (target-type ip) and what the AWS-API egress excludes. Checked
     * when given as a plain string.
     */
    vpcCidr: pulumi.Input<string>;
    /**
     * CIDRs of interface endpoints the service's AWS calls resolve to (private DNS), allowed on 443. Defaults to none:
     * the pods' AWS APIs (DynamoDB, S3, SQS, SNS, KMS) are reached at their public addresses (gateway endpoints or NAT);
     * give the private subnets' CIDRs if the VPC gets an interface endpoint for one of them.
     */
    interfaceEndpointCidrs?: pulumi.Input<string>[];
    /**
     * The cluster's security group (EksCluster.clusterSecurityGroupId). Required when a data store the spec needs
     * admits only its clients group (its reference has a `clientSecurityGroupId`): the service's pods then get a
     * SecurityGroupPolicy with this group and each such clients group. Needs the cluster's VPC CNI with security groups
     * for pods on (EksCluster does it) and Nitro instance types for the nodes the pods run on (not `t3`).
     */
    clusterSecurityGroupId?: pulumi.Input<string>;
    /** The shop's shared ALB, required when the spec has an `ingress`. */
    ingressGroup?: IngressGroupSettings;
    /** The ClusterSecretStore the ExternalSecrets read from. Defaults to `aws-secrets-manager`. */
    secretStore?: string;
    /** How often External Secrets re-reads each secret (rotation reaches new pods within this). Defaults to `1h`. */
    secretRefreshInterval?: string;
    /**
     * Trace the service: the collector's OTLP/HTTP endpoint (an in-cluster DNS name, known before the collector exists),
     * its namespace and pod labels (the egress NetworkPolicy admits them on 4317 and 4318) and the ratio of traces the
     * service starts. The container then gets OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, the sampler and the
     * spec's `tracingEnv`. Defaults to none: no OpenTelemetry variable is set.
     */
    tracing?: TracingSettings;
    /** The `app.kubernetes.io/part-of` label: the application the service belongs to. Defaults to `ecommerce`. */
    partOf?: string;
    /** Tags merged into the IAM role and the Pod Identity association. */
    tags?: Tags;
}

const defaults = { platform: {} as PlatformReferences, secretStore: DEFAULT_SECRET_STORE, secretRefreshInterval: "1h", partOf: "ecommerce" };

export class Microservice extends pulumi.ComponentResource {
    /** The service's namespace (named after the service). */
    readonly namespace: pulumi.Output<string>;
    /** The ServiceAccount the pods run as (named after the service). */
    readonly serviceAccountName: string;
    /** The service's Ingress on the shop's ALB, when its spec has one. */
    readonly ingress?: k8s.networking.v1.Ingress;
    /**
     * The service's IAM role (its own AWS identity, through Pod Identity). Its policy is generated from the needs only;
     * a service whose needs give no AWS permission (the ui) has a role with no permissions at all.
     */
    readonly roleArn: pulumi.Output<string>;
    /** The in-cluster URL: `http://<name>.<name>.svc.cluster.local:<service port>`. */
    readonly serviceUrl: string;

    constructor(name: string, args: MicroserviceArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): a bad spec registers nothing, not even this component.
        validateMicroserviceArgs(args);
        super("platform:compute:Microservice", name, {}, opts);
        const s = resolveServiceSpec(args.spec, args.environment);
        const platform = args.platform ?? defaults.platform;
        const partOf = args.partOf ?? defaults.partOf;
        const parent = { parent: this };

        const ns = new k8s.core.v1.Namespace(name, { metadata: { name: s.name, labels: namespaceLabels(s, partOf) } }, parent);
        const namespace = ns.metadata.name;
        const labels = commonLabels(s, partOf);
        const meta = (objectName: string) => ({ name: objectName, namespace, labels });
        const sa = new k8s.core.v1.ServiceAccount(name, { metadata: meta(s.name), automountServiceAccountToken: s.apiToken }, parent);

        const role = createRole(this, name, s, args, platform);
        const callsAws = needsIam(s.needs);
        const deliveries = secretDeliveries(s, platform);
        const externalSecrets = deliveries.map((d) => createExternalSecret(this, name, d, meta(d.target), args));
        const region = callsAws ? aws.getRegionOutput({}, parent).region : undefined;
        const storeGroups = clientSecurityGroups(s, platform);
        const podGroups = storeGroups.length
            ? [new k8s.apiextensions.CustomResource(`${name}-security-groups`, {
                apiVersion: "vpcresources.k8s.aws/v1beta1",
                kind: "SecurityGroupPolicy",
                metadata: meta(s.name),
                spec: securityGroupPolicySpec(s, [args.clusterSecurityGroupId!, ...storeGroups]),
            }, parent)]
            : [];
        const deployment = new k8s.apps.v1.Deployment(name, {
            metadata: meta(s.name),
            spec: deploymentSpec(s, { serviceAccountName: sa.metadata.name, env: containerEnv(s, platform, deliveries, region, args.tracing), partOf }),
        }, {
            parent: this,
            // Pod Identity injects credentials when a pod is created: the association must exist first, the secrets
            // the pods read before they start, and the SecurityGroupPolicy before the webhook sees the pods.
            dependsOn: [role, ...externalSecrets, ...podGroups],
        });
        const service = new k8s.core.v1.Service(name, { metadata: meta(s.name), spec: serviceSpec(s) }, parent);
        const hpa = autoscalerSpec(s, deployment.metadata.name);
        if (hpa) new k8s.autoscaling.v2.HorizontalPodAutoscaler(name, { metadata: meta(s.name), spec: hpa }, parent);
        new k8s.policy.v1.PodDisruptionBudget(name, { metadata: meta(s.name), spec: disruptionBudgetSpec(s) }, parent);
        for (const np of networkPolicies(s, networkContext(s, args, platform, callsAws))) {
            new k8s.networking.v1.NetworkPolicy(`${name}-${np.purpose}`, { metadata: meta(np.name), spec: np.spec }, parent);
        }
        if (s.ingress) {
            const ing = ingressManifest(s, args.ingressGroup!, service.metadata.name);
            this.ingress = new k8s.networking.v1.Ingress(name, { metadata: { ...meta(s.name), annotations: ing.annotations }, spec: ing.spec }, parent);
        }

        this.namespace = namespace;
        this.serviceAccountName = s.name;
        this.roleArn = role.roleArn;
        this.serviceUrl = `http://${s.name}.${s.name}.svc.cluster.local:${s.servicePort}`;
        this.registerOutputs({ namespace: this.namespace, serviceAccountName: this.serviceAccountName, roleArn: this.roleArn, serviceUrl: this.serviceUrl });
    }
}

/** Only the references the spec needs (the role's policy then depends on those resources only). */
function neededReferences(s: ResolvedServiceSpec, platform: PlatformReferences): PlatformReferences {
    const out: PlatformReferences = {};
    for (const n of s.needs) {
        const field = REFERENCE_FIELD[n.kind];
        ((out as Record<string, Record<string, unknown>>)[field] ??= {})[needName(n)] = referenceOf(platform, n);
    }
    return out;
}

/**
 * The service's Pod Identity role: every service gets its own AWS identity (so a later need is one policy away, and
 * CloudTrail names the service); its policy comes from the needs only, and a service without AWS needs has none.
 */
function createRole(parent: pulumi.Resource, name: string, s: ResolvedServiceSpec, args: MicroserviceArgs, platform: PlatformReferences): WorkloadRole {
    const opts = { parent };
    let policy: pulumi.Output<PolicyDocument> | undefined;
    if (needsIam(s.needs)) {
        const region = aws.getRegionOutput({}, opts).region;
        const dnsSuffix = aws.getPartitionOutput({}, opts).dnsSuffix;
        policy = pulumi.all([pulumi.output(neededReferences(s, platform)), region, dnsSuffix])
            .apply(([refs, r, dns]) => needsPolicy(s.needs, refs, { region: r, dnsSuffix: dns })!);
    }
    return new WorkloadRole(name, {
        clusterName: args.clusterName,
        namespace: s.name,
        serviceAccount: s.name,
        policy,
        permissionsBoundaryArn: args.permissionsBoundaryArn,
        description: policy
            ? `Pod Identity role of the ${s.name} service: ${s.needs.map((n) => `${n.kind} ${needName(n)}${"access" in n ? ` (${n.access})` : ""}`).join(", ")}`
            : `Pod Identity role of the ${s.name} service: no AWS permissions`,
        tags: mergeTags(args.tags, { Service: s.name }),
    }, opts);
}

function createExternalSecret(parent: pulumi.Resource, name: string, d: SecretDelivery, metadata: object, args: MicroserviceArgs) {
    return new k8s.apiextensions.CustomResource(`${name}-${d.target}`, {
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata,
        spec: externalSecretSpec(d, args.secretStore ?? defaults.secretStore, args.secretRefreshInterval ?? defaults.secretRefreshInterval),
    }, { parent });
}

/** The clients groups of the data stores the service needs (the stores that admit only their clients group). */
function clientSecurityGroups(s: ResolvedServiceSpec, platform: PlatformReferences): pulumi.Input<string>[] {
    return endpointNeeds(s.needs)
        .map((n) => (referenceOf(platform, n) as EndpointReference).clientSecurityGroupId)
        .filter((g): g is pulumi.Input<string> => g !== undefined);
}

/** The needs reached over the network (databases, caches, search domains). */
function endpointNeeds(needs: readonly Need[]): Need[] {
    return needs.filter((n) => n.kind === "database" || n.kind === "cache" || n.kind === "search");
}

function networkContext(s: ResolvedServiceSpec, args: MicroserviceArgs, platform: PlatformReferences, awsApis: boolean) {
    const stores: StoreEgress[] = endpointNeeds(s.needs)
        .map((n) => {
            const ref = referenceOf(platform, n) as EndpointReference;
            return { need: needName(n), port: ref.port, cidrBlocks: ref.cidrBlocks };
        });
    return { vpcCidr: args.vpcCidr, awsApis, interfaceEndpointCidrs: args.interfaceEndpointCidrs ?? [], stores, tracing: args.tracing };
}

const INGRESS_GROUP = /^[a-z0-9]([-a-z0-9.]{0,52}[a-z0-9])?$/;
const DURATION = /^([0-9]+(s|m|h))+$/;

/**
 * Every problem of the arguments, one line each, prefixed with the service's name: the spec's own problems, the
 * environment, the references its needs resolve to, and the arguments its features need (ingressGroup, vpcCidr).
 */
export function microserviceProblems(args: MicroserviceArgs): string[] {
    const spec = args?.spec as ServiceSpec | undefined;
    const service = typeof spec?.name === "string" && spec.name ? spec.name : "(unnamed service)";
    const out: string[] = [];
    const require = (ok: boolean, field: string, value: unknown, allowed: string) => {
        if (!ok) out.push(`${service}: ${field}: ${showValue(value)} is not allowed; ${allowed}`);
    };
    const envOk = (ENVIRONMENTS as readonly string[]).includes(args?.environment);
    require(envOk, "environment", args?.environment, `expected one of: ${ENVIRONMENTS.join(", ")}`);
    const specProblems = serviceSpecProblems(spec, envOk ? args.environment : undefined);
    out.push(...specProblems);
    require(args?.clusterName !== undefined && args.clusterName !== "", "clusterName", args?.clusterName, "expected the EKS cluster's name");
    require(args?.permissionsBoundaryArn !== undefined && args.permissionsBoundaryArn !== "", "permissionsBoundaryArn",
        args?.permissionsBoundaryArn, "every workload role carries the platform's permissions boundary");
    const cidr = args?.vpcCidr;
    require(typeof cidr === "string" ? isValidCidr(cidr) : cidr !== undefined && cidr !== null, "vpcCidr", cidr,
        "expected the VPC's IPv4 CIDR block such as 10.10.0.0/16");
    if (args?.secretStore !== undefined) require(INGRESS_GROUP.test(args.secretStore), "secretStore", args.secretStore, "expected a Kubernetes object name");
    if (args?.secretRefreshInterval !== undefined) {
        require(DURATION.test(args.secretRefreshInterval), "secretRefreshInterval", args.secretRefreshInterval, "expected a duration such as 1h or 30m");
    }
    if (args?.tracing !== undefined) {
        const t = args.tracing;
        require(typeof t.endpoint === "string" && /^https?:\/\/[a-z0-9.-]+(:\d+)?$/.test(t.endpoint), "tracing.endpoint", t.endpoint,
            "expected the collector's OTLP/HTTP base URL such as http://adot-collector.observability.svc.cluster.local:4318");
        require(typeof t.samplingRatio === "number" && t.samplingRatio >= 0 && t.samplingRatio <= 1, "tracing.samplingRatio", t.samplingRatio, "expected a fraction from 0 to 1");
        require(typeof t.collectorNamespace === "string" && KUBERNETES_NAME.test(t.collectorNamespace), "tracing.collectorNamespace", t.collectorNamespace, "expected a Kubernetes namespace name: lowercase letters, digits and '-', at most 63");
        require(t.collectorLabels !== null && typeof t.collectorLabels === "object" && Object.keys(t.collectorLabels).length > 0,
            "tracing.collectorLabels", t.collectorLabels, "expected the collector pods' labels (at least one)");
    }
    if (specProblems.length) return out;
    if (envOk && !isServiceEnabled(spec!, args.environment)) {
        out.push(`${service}: enabled: the service is disabled in ${args.environment}; create no Microservice for it (filter the specs with isServiceEnabled(spec, environment))`);
        return out;
    }
    const platform = args.platform ?? {};
    const needs = spec!.needs ?? [];
    const missing = missingReferences(service, needs, platform);
    out.push(...missing, ...referenceProblems(service, needs, platform));
    if (spec!.ingress) {
        const g = args.ingressGroup;
        if (!g) out.push(`${service}: ingressGroup: (missing) is not allowed; the spec has an ingress, so give the shared ALB's { name, certificateArn }`);
        else {
            require(typeof g.name === "string" && INGRESS_GROUP.test(g.name), "ingressGroup.name", g.name,
                "expected 1-54 lowercase letters, digits, '-' or '.' (an IngressGroup name; '-internal' is appended for internal services)");
            require(g.certificateArn !== undefined && g.certificateArn !== "", "ingressGroup.certificateArn", g.certificateArn,
                "the HTTPS listener needs an ACM certificate ARN");
        }
    }
    if (missing.length) return out;
    const grouped = endpointNeeds(needs).filter((n) => (referenceOf(platform, n) as EndpointReference).clientSecurityGroupId !== undefined);
    if (grouped.length && (args.clusterSecurityGroupId === undefined || args.clusterSecurityGroupId === "")) {
        out.push(`${service}: clusterSecurityGroupId: ${showValue(args.clusterSecurityGroupId)} is not allowed; `
            + `${grouped.map((n) => `${n.kind} '${needName(n)}'`).join(", ")} admit${grouped.length === 1 ? "s" : ""} only a clients security group, `
            + "which the pods join with a SecurityGroupPolicy that must also list the cluster's security group");
    }
    // A data store's credentials are read only when its reference has a secret.
    for (const [env, src] of Object.entries(spec!.secretEnv ?? {})) {
        const need = needs.find((n) => n.kind !== "key" && n.name === src.need);
        if (need && need.kind !== "secret" && need.kind !== "key") {
            const ref = referenceOf(platform, need) as EndpointReference;
            if (ref.credentialsSecretId === undefined) {
                out.push(`${service}: secretEnv.${env}.need: ${need.kind} '${need.name}' delivers no secret: its platform reference has no credentialsSecretId`);
            }
        }
    }
    return out;
}

/** Validate MicroserviceArgs; throws a ComponentArgsError listing every problem. */
export function validateMicroserviceArgs(args: MicroserviceArgs): void {
    const problems = microserviceProblems(args);
    if (problems.length) throw new ComponentArgsError("Microservice", problems);
}
