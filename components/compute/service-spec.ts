/**
 * ServiceSpec: the declarative spec of one microservice, the platform's published interface to product teams. A team
 * writes what its service is (image, port, probes, resources, replicas per environment, plain settings) and what it
 * needs from the platform (tables, queues, topics, buckets, secrets, data stores, keys) and who may call it; the
 * Microservice component turns that into Kubernetes objects, an IAM role and network policies.
 *
 * `validateServiceSpec` checks a spec before anything is created and reports every problem on one line naming the
 * service, the field, the value and what is allowed (`cart: needs[1].access: 'readwrite' is not allowed; expected one
 * of: read, read-write`). Secret values are never echoed. `resolveServiceSpec` applies the defaults for one
 * environment (all of them live in SPEC_DEFAULTS).
 */
import { ComponentArgsError, showValue } from "../shared";

/** The environments a spec states replicas and `enabled` for. */
export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * A container image pinned to a version tag (`{ repository, tag: "1.6.2" }`) or an immutable digest
 * (`{ repository, digest: "sha256:<64 hex>" }`), or both (the digest wins when the image is pulled). `latest` and
 * untagged images are refused.
 */
export type ImageRef =
    | { /** Registry and path, without tag or digest: `public.ecr.aws/aws-containers/retail-store-sample-cart`. */ repository: string; /** A version tag; never `latest`. */ tag: string; /** Optional `sha256:<64 hex>` digest. */ digest?: string }
    | { /** Registry and path, without tag or digest. */ repository: string; /** Optional version tag (informative when a digest is given). */ tag?: string; /** `sha256:<64 hex>` digest: what pipelines promote from dev to prod. */ digest: string };

/** An HTTP GET probe on the container port. */
export interface HttpProbe {
    /** Request path, starting with `/`: `/actuator/health/readiness`, `/health`. */
    path: string;
    /**
     * Seconds before the first probe, 0 to 600. Defaults to 0. Kubernetes starts readiness and liveness only once the
     * startup probe has succeeded, so their delays count from then.
     */
    initialDelaySeconds?: number;
    /** Seconds between probes, 1 to 300. Defaults to 10 (readiness, liveness) and 5 (startup). */
    periodSeconds?: number;
    /** Consecutive failures before the probe fails, 1 to 120. Defaults to 3 (readiness, liveness) and 30 (startup). */
    failureThreshold?: number;
    /** Seconds before a probe times out, 1 to 60. Defaults to 2. */
    timeoutSeconds?: number;
}

/** The service's health endpoints. */
export interface ProbesSpec {
    /** When the pod may receive traffic (Service endpoints, the ALB's health check). Required. */
    readiness: HttpProbe;
    /** When the container must be restarted (hung, deadlocked). Required. */
    liveness: HttpProbe;
    /**
     * Holds liveness back until the application has started. Defaults to the liveness path with 30 failures x 5 s
     * (150 s to start), so that a slow-starting JVM is never killed by its liveness probe.
     */
    startup?: HttpProbe;
}

/** Requests and limits of the container. There is deliberately no CPU limit (throttling hurts latency; requests schedule). */
export interface ResourcesSpec {
    /** CPU request: `250m`, `1`. */
    cpu: string;
    /** Memory request: `512Mi`, `1Gi`. */
    memory: string;
    /** Memory limit, at least the request. Defaults to the request (a guaranteed memory size: no overcommit OOM kills). */
    memoryLimit?: string;
}

/** How many pods run in one environment. When min equals max there is no autoscaler. */
export interface ReplicaRange {
    /** Fewest pods, 1 to 100. At least 2 in prod unless the spec is a `singleton`. */
    min: number;
    /** Most pods the autoscaler may run, min to 100. */
    max: number;
}

/** Autoscaling targets (HorizontalPodAutoscaler, autoscaling/v2). */
export interface AutoscalingSpec {
    /** Target average CPU use, percent of the request, 10 to 100. Defaults to 70. */
    cpuPercent?: number;
    /** Target average memory use, percent of the request, 10 to 100. Defaults to 80. */
    memoryPercent?: number;
}

/** A DynamoDB table (platform reference `tables[name]`). */
export interface TableNeed {
    kind: "table";
    /** The table's reference name: `carts`. */
    name: string;
    /** `read` (GetItem, BatchGetItem, Query) or `read-write` (also PutItem, UpdateItem, DeleteItem, BatchWriteItem). */
    access: "read" | "read-write";
    /** Also reach the table's secondary indexes (`<table arn>/index/*`). Defaults to false. */
    indexes?: boolean;
}
/** An SQS queue (platform reference `queues[name]`). */
export interface QueueNeed {
    kind: "queue";
    /** The queue's reference name: `order-events`. */
    name: string;
    /** `send` (GetQueueUrl, SendMessage) or `receive` (GetQueueUrl, ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueAttributes). */
    access: "send" | "receive";
}
/** An SNS topic (platform reference `topics[name]`). */
export interface TopicNeed {
    kind: "topic";
    /** The topic's reference name. */
    name: string;
    /** `publish` (Publish). */
    access: "publish";
}
/** An S3 bucket (platform reference `buckets[name]`). */
export interface BucketNeed {
    kind: "bucket";
    /** The bucket's reference name: `assets`. */
    name: string;
    /** `read` (GetObject, ListBucket) or `read-write` (also PutObject, DeleteObject). */
    access: "read" | "read-write";
    /** Only keys under this prefix (`images/`): objects and listing are scoped to it. Defaults to the whole bucket. */
    prefix?: string;
}
/** A Secrets Manager secret delivered as a Kubernetes Secret by External Secrets (platform reference `secrets[name]`); no IAM. */
export interface SecretNeed {
    kind: "secret";
    /** The secret's reference name; also the Kubernetes Secret's name. */
    name: string;
}
/** A relational database (platform reference `databases[name]`): network egress to its port and its credentials secret; no IAM. */
export interface DatabaseNeed {
    kind: "database";
    /** The database's reference name: `orders`. */
    name: string;
}
/** A Redis cache (platform reference `caches[name]`): network egress to its port (and its secret, when it has one); no IAM. */
export interface CacheNeed {
    kind: "cache";
    /** The cache's reference name: `checkout`. */
    name: string;
}
/** An OpenSearch domain (platform reference `searchDomains[name]`): egress to its port and its basic-auth secret; no IAM. */
export interface SearchNeed {
    kind: "search";
    /** The domain's reference name: `products`. */
    name: string;
}
/**
 * A KMS key (platform reference `keys[domain]`), used only through the services of the spec's other needs (table:
 * dynamodb, queue: sqs, topic: sns, bucket: s3): kms:Decrypt, plus kms:GenerateDataKey when the service writes through
 * SQS, SNS or S3, with a kms:ViaService condition.
 */
export interface KeyNeed {
    kind: "key";
    /** The key's data domain: `carts`, `events`. */
    domain: string;
}

/** What a service needs from the platform: exactly what its IAM policy, network policies and secrets are generated from. */
export type Need = TableNeed | QueueNeed | TopicNeed | BucketNeed | SecretNeed | DatabaseNeed | CacheNeed | SearchNeed | KeyNeed;
export type NeedKind = Need["kind"];
/** Needs that name a platform resource (every kind but `key`, which names a domain). */
export type NamedNeed = Exclude<Need, KeyNeed>;

/** An environment variable read from a secret the service needs. */
export interface SecretEnvSource {
    /** The need that delivers the secret: a `secret` need, or a `database`/`cache`/`search` need with credentials. */
    need: string;
    /** The JSON key inside the secret (`password`). Omit for a secret stored as a plain string. */
    key?: string;
}

/** The service's entry on the shop's shared application load balancer. */
export interface IngressSpec {
    /** Path prefix routed to the service: `/` for the storefront, `/api/catalog`. */
    path: string;
    /** Internet-facing (true) or internal to the VPC (false). */
    public: boolean;
}

/** The declarative spec of one microservice. */
export interface ServiceSpec {
    /** The service's name: its namespace, ServiceAccount, Deployment and Service. 1-40 lowercase letters, digits, '-'. */
    name: string;
    /**
     * The container image, pinned. May be missing only where the service is disabled (`enabled: { prod: false }`): a
     * service without a deployable image is refused, never deployed as a broken pod.
     */
    image?: ImageRef;
    /** The container's HTTP port. Defaults to 8080. */
    port?: number;
    /** The Service's port (what callers use). Defaults to 80. */
    servicePort?: number;
    /** Health endpoints. */
    probes: ProbesSpec;
    /** CPU and memory. */
    resources: ResourcesSpec;
    /** Replicas per environment: `{ dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } }`. */
    replicas: Record<Environment, ReplicaRange>;
    /** Allows fewer than 2 replicas in prod; the reason is required and shown in reviews. */
    singleton?: { reason: string };
    /** Autoscaling targets. Defaults to 70% CPU and 80% memory. */
    autoscaling?: AutoscalingSpec;
    /**
     * Plain environment variables. Values may embed platform references as `{{<need>.<attribute>}}` (table: name, arn;
     * queue: name, url, arn; topic: arn; bucket: name, arn; database/cache/search: host, port, endpoint). Names that
     * look like credentials (PASSWORD, PASSWD, SECRET, TOKEN, CREDENTIAL, *KEY) are refused: use `secretEnv`.
     */
    env?: Record<string, string>;
    /** Environment variables read from secrets the service needs (a Kubernetes Secret kept in sync by External Secrets). */
    secretEnv?: Record<string, SecretEnvSource>;
    /**
     * Plain environment variables set only when the Microservice is traced (its `tracing` argument): what the image's
     * OpenTelemetry SDK needs beyond the standard variables the Microservice sets itself (OTEL_SERVICE_NAME,
     * OTEL_EXPORTER_OTLP_ENDPOINT, the sampler). No references, no credentials. Defaults to none.
     */
    tracingEnv?: Record<string, string>;
    /** What the service needs from the platform. Defaults to nothing. */
    needs?: Need[];
    /** Services allowed to call this one (NetworkPolicy ingress on the container port). Defaults to none. */
    callers?: string[];
    /** Services this one calls (NetworkPolicy egress); each must list this service in its `callers`. Defaults to none. */
    calls?: string[];
    /** An entry on the shared ALB. Defaults to none (cluster-internal only). */
    ingress?: IngressSpec;
    /** A writable `/tmp` (emptyDir in memory, counted in the memory limit). Defaults to true with 64Mi; false for none. */
    writableTmp?: boolean | { sizeLimit: string };
    /** Capabilities added back after dropping ALL; only NET_BIND_SERVICE is allowed. Defaults to none. */
    addCapabilities?: "NET_BIND_SERVICE"[];
    /** Mount the Kubernetes API token (only for services that call the Kubernetes API). Defaults to false. */
    apiToken?: boolean;
    /** Whether the service runs, in every environment (true/false) or per environment (`{ prod: false }`). Defaults to true. */
    enabled?: boolean | Partial<Record<Environment, boolean>>;
}

/** Every default of a spec, in one place. */
export const SPEC_DEFAULTS = {
    port: 8080,
    servicePort: 80,
    readiness: { initialDelaySeconds: 0, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
    liveness: { initialDelaySeconds: 0, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
    startup: { initialDelaySeconds: 0, periodSeconds: 5, failureThreshold: 30, timeoutSeconds: 2 },
    autoscaling: { cpuPercent: 70, memoryPercent: 80 },
    tmpSizeLimit: "64Mi",
} as const;

/** The only capability a service may add back. */
export const ALLOWED_CAPABILITIES = ["NET_BIND_SERVICE"] as const;

/** Environment variable names that look like credentials (a name token containing these, or ending in KEY/KEYS). */
const SECRET_LOOKING = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL/;
/** Variables EKS Pod Identity injects; a spec must not shadow them. */
const RESERVED_ENV = /^AWS_CONTAINER_|^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|ROLE_ARN|WEB_IDENTITY_TOKEN_FILE)$/;

/** Whether an environment variable name looks like it holds a credential. `KEY` counts as a whole name token or its end. */
export function secretLookingName(name: string): string | undefined {
    const upper = name.toUpperCase();
    const hit = SECRET_LOOKING.exec(upper);
    if (hit) return hit[0];
    const token = upper.split(/[^A-Z0-9]+/).find((t) => /KEYS?$/.test(t));
    return token ? "KEY" : undefined;
}

/** The attributes of a need that env values may embed as `{{<need>.<attribute>}}`, by kind. */
export const NEED_ATTRIBUTES: Readonly<Record<Exclude<NeedKind, "key" | "secret">, readonly string[]>> = {
    table: ["name", "arn"],
    queue: ["name", "url", "arn"],
    topic: ["arn"],
    bucket: ["name", "arn"],
    database: ["host", "port", "endpoint"],
    cache: ["host", "port", "endpoint"],
    search: ["host", "port", "endpoint"],
};

/** Kinds whose need delivers a secret that `secretEnv` can read (data stores only when their reference has one). */
export const SECRET_DELIVERING_KINDS = ["secret", "database", "cache", "search"] as const;

/** `{{need.attribute}}` in env values. */
export const PLACEHOLDER = /\{\{\s*([^{}.\s]+)\.([^{}\s]+)\s*\}\}/g;

const NAME = /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/;
const NEED_NAME = /^[a-z0-9]([a-z0-9.-]{0,50}[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const REPOSITORY = /^([a-z0-9.-]+(:[0-9]+)?\/)?[a-z0-9]+([._-]+[a-z0-9]+)*(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const CPU = /^([0-9]+m|[0-9]+(\.[0-9]{1,3})?)$/;
const MEMORY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

const MEMORY_UNITS: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };

/** Bytes of a Kubernetes memory quantity (`512Mi`, `1G`), or undefined when it is not one. */
export function memoryBytes(q: string): number | undefined {
    const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q);
    return m ? Number(m[1]) * MEMORY_UNITS[m[2] ?? ""] : undefined;
}

const NEED_FIELDS: Record<NeedKind, { fields: string[]; access?: readonly string[] }> = {
    table: { fields: ["kind", "name", "access", "indexes"], access: ["read", "read-write"] },
    queue: { fields: ["kind", "name", "access"], access: ["send", "receive"] },
    topic: { fields: ["kind", "name", "access"], access: ["publish"] },
    bucket: { fields: ["kind", "name", "access", "prefix"], access: ["read", "read-write"] },
    secret: { fields: ["kind", "name"] },
    database: { fields: ["kind", "name"] },
    cache: { fields: ["kind", "name"] },
    search: { fields: ["kind", "name"] },
    key: { fields: ["kind", "domain"] },
};
export const NEED_KINDS = Object.keys(NEED_FIELDS) as NeedKind[];

const SPEC_FIELDS = ["name", "image", "port", "servicePort", "probes", "resources", "replicas", "singleton", "autoscaling", "env",
    "secretEnv", "tracingEnv", "needs", "callers", "calls", "ingress", "writableTmp", "addCapabilities", "apiToken", "enabled"];

/** Collects problems, each prefixed with the service's name; never echoes a value unless asked to. */
class Problems {
    readonly list: string[] = [];
    constructor(private readonly service: string) {}
    /** `<service>: <field>: '<value>' is not allowed; <allowed>` unless ok. */
    require(ok: boolean, field: string, value: unknown, allowed: string): boolean {
        if (!ok) this.list.push(`${this.service}: ${field}: ${showValue(value)} is not allowed; ${allowed}`);
        return ok;
    }
    /** A problem worded freely (for values that must not be echoed). */
    add(field: string, text: string): void {
        this.list.push(`${this.service}: ${field}: ${text}`);
    }
    /** An object with only the listed fields; false (and a problem) otherwise. */
    object(field: string, value: unknown, fields: readonly string[], what = "an object"): value is Record<string, unknown> {
        if (!isObject(value)) return this.require(false, field, value, `expected ${what} with fields: ${fields.join(", ")}`);
        for (const k of Object.keys(value)) {
            if (!fields.includes(k)) this.add(`${field}.${k}`, `is not a field of ${field}; expected one of: ${fields.join(", ")}`);
        }
        return true;
    }
    integer(field: string, value: unknown, min: number, max: number): boolean {
        return this.require(Number.isInteger(value) && (value as number) >= min && (value as number) <= max, field, value,
            `expected a whole number from ${min} to ${max}`);
    }
    oneOf(field: string, value: unknown, allowed: readonly unknown[]): boolean {
        return this.require(allowed.includes(value), field, value, `expected one of: ${allowed.join(", ")}`);
    }
    boolean(field: string, value: unknown): boolean {
        return this.require(typeof value === "boolean", field, value, "expected true or false");
    }
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The spec's name for messages: the name when it is a string, else a placeholder. */
function serviceLabel(spec: unknown): string {
    const name = isObject(spec) ? spec.name : undefined;
    return typeof name === "string" && name !== "" ? name : "(unnamed service)";
}

/** Whether the service runs in this environment. */
export function isServiceEnabled(spec: Pick<ServiceSpec, "enabled">, environment: Environment): boolean {
    const e = spec.enabled;
    if (e === undefined || typeof e === "boolean") return e ?? true;
    return e[environment] ?? true;
}

/**
 * Every problem of a spec, one line each (`cart: needs[1].access: ...`). With an environment, the image is required
 * only if the service is enabled there; without, wherever it is enabled.
 */
export function serviceSpecProblems(spec: unknown, environment?: Environment): string[] {
    const p = new Problems(serviceLabel(spec));
    if (!p.object("spec", spec, SPEC_FIELDS, "a ServiceSpec object")) return p.list;
    const s = spec;
    p.require(typeof s.name === "string" && NAME.test(s.name), "name", s.name,
        "expected 1-40 lowercase letters, digits or '-', starting with a letter (a Kubernetes namespace and IAM-safe name)");
    checkEnabled(p, s.enabled);
    checkImage(p, s, environment);
    if (s.port !== undefined) p.integer("port", s.port, 1, 65535);
    if (s.servicePort !== undefined) p.integer("servicePort", s.servicePort, 1, 65535);
    checkProbes(p, s.probes);
    checkResources(p, s.resources);
    checkReplicas(p, s.replicas, s.singleton);
    if (s.autoscaling !== undefined && p.object("autoscaling", s.autoscaling, ["cpuPercent", "memoryPercent"])) {
        if (s.autoscaling.cpuPercent !== undefined) p.integer("autoscaling.cpuPercent", s.autoscaling.cpuPercent, 10, 100);
        if (s.autoscaling.memoryPercent !== undefined) p.integer("autoscaling.memoryPercent", s.autoscaling.memoryPercent, 10, 100);
    }
    const needs = checkNeeds(p, s.needs);
    // References in env and secretEnv are checked against every need with a kind and a name, valid or not, so a
    // mistake in a need is reported once, on the need.
    const named = Array.isArray(s.needs) ? (s.needs as unknown[]).filter((n): n is NamedNeed =>
        isObject(n) && NEED_KINDS.includes(n.kind as NeedKind) && n.kind !== "key" && typeof n.name === "string") : [];
    checkEnv(p, s.env, s.secretEnv, needs, named);
    checkTracingEnv(p, s.tracingEnv, s.env, s.secretEnv);
    checkServiceList(p, "callers", s.callers, s.name);
    checkServiceList(p, "calls", s.calls, s.name);
    if (s.ingress !== undefined && p.object("ingress", s.ingress, ["path", "public"])) {
        p.require(typeof s.ingress.path === "string" && /^\/[A-Za-z0-9._~\-/]*$/.test(s.ingress.path), "ingress.path", s.ingress.path,
            "expected a path prefix starting with '/' (letters, digits, '.', '_', '~', '-', '/')");
        p.boolean("ingress.public", s.ingress.public);
    }
    if (s.writableTmp !== undefined && typeof s.writableTmp !== "boolean") {
        if (p.object("writableTmp", s.writableTmp, ["sizeLimit"], "true, false or an object")) {
            p.require(typeof s.writableTmp.sizeLimit === "string" && memoryBytes(s.writableTmp.sizeLimit) !== undefined,
                "writableTmp.sizeLimit", s.writableTmp.sizeLimit, "expected a memory quantity such as 64Mi");
        }
    }
    if (s.addCapabilities !== undefined) {
        if (p.require(Array.isArray(s.addCapabilities), "addCapabilities", s.addCapabilities, `expected a list of: ${ALLOWED_CAPABILITIES.join(", ")}`)) {
            (s.addCapabilities as unknown[]).forEach((c, i) => p.oneOf(`addCapabilities[${i}]`, c, ALLOWED_CAPABILITIES));
        }
    }
    if (s.apiToken !== undefined) p.boolean("apiToken", s.apiToken);
    return p.list;
}

/** Throws a ComponentArgsError listing every problem of the spec (see serviceSpecProblems). */
export function validateServiceSpec(spec: unknown, environment?: Environment): asserts spec is ServiceSpec {
    const problems = serviceSpecProblems(spec, environment);
    if (problems.length) throw new ComponentArgsError("ServiceSpec", problems);
}

function checkEnabled(p: Problems, enabled: unknown): void {
    if (enabled === undefined || typeof enabled === "boolean") return;
    if (p.object("enabled", enabled, ENVIRONMENTS, "true, false or an object")) {
        for (const env of ENVIRONMENTS) if (enabled[env] !== undefined) p.boolean(`enabled.${env}`, enabled[env]);
    }
}

function checkImage(p: Problems, s: Record<string, unknown>, environment?: Environment): void {
    const image = s.image;
    if (image === undefined) {
        const envs = environment ? [environment] : [...ENVIRONMENTS];
        const where = envs.filter((e) => enabledIn(s.enabled, e));
        if (where.length) {
            p.add("image", `is missing but the service is enabled in ${where.join(" and ")}; give { repository, tag } (a version tag) `
                + `or { repository, digest } (sha256), or disable it where it has no image: enabled: { ${where.map((e) => `${e}: false`).join(", ")} }`);
        }
        return;
    }
    if (!p.object("image", image, ["repository", "tag", "digest"])) return;
    const repo = image.repository;
    if (typeof repo === "string" && /[@]|:[^/]*$/.test(repo.replace(/^[^/]*\//, ""))) {
        p.require(false, "image.repository", repo, "give the repository without tag or digest; put them in image.tag or image.digest");
    } else {
        p.require(typeof repo === "string" && REPOSITORY.test(repo), "image.repository", repo,
            "expected an image repository such as public.ecr.aws/aws-containers/retail-store-sample-cart (lowercase, no tag)");
    }
    if (image.tag === undefined && image.digest === undefined) {
        p.add("image", "has neither tag nor digest (it would resolve to 'latest'); pin a version tag or a sha256 digest");
    }
    if (image.tag !== undefined) {
        if (typeof image.tag === "string" && image.tag.toLowerCase() === "latest") {
            p.require(false, "image.tag", image.tag, "'latest' is mutable; pin a version tag such as 1.6.2 or a sha256 digest");
        } else {
            p.require(typeof image.tag === "string" && TAG.test(image.tag), "image.tag", image.tag,
                "expected a version tag (letters, digits, '_', '.', '-'; at most 128)");
        }
    }
    if (image.digest !== undefined) {
        p.require(typeof image.digest === "string" && DIGEST.test(image.digest), "image.digest", image.digest,
            "expected sha256:<64 lowercase hex digits>");
    }
}

function enabledIn(enabled: unknown, env: Environment): boolean {
    if (enabled === undefined) return true;
    if (typeof enabled === "boolean") return enabled;
    return isObject(enabled) ? enabled[env] !== false : true;
}

function checkProbe(p: Problems, field: string, probe: unknown): void {
    if (!p.object(field, probe, ["path", "initialDelaySeconds", "periodSeconds", "failureThreshold", "timeoutSeconds"])) return;
    p.require(typeof probe.path === "string" && /^\/\S*$/.test(probe.path), `${field}.path`, probe.path, "expected an HTTP path starting with '/'");
    if (probe.initialDelaySeconds !== undefined) p.integer(`${field}.initialDelaySeconds`, probe.initialDelaySeconds, 0, 600);
    if (probe.periodSeconds !== undefined) p.integer(`${field}.periodSeconds`, probe.periodSeconds, 1, 300);
    if (probe.failureThreshold !== undefined) p.integer(`${field}.failureThreshold`, probe.failureThreshold, 1, 120);
    if (probe.timeoutSeconds !== undefined) p.integer(`${field}.timeoutSeconds`, probe.timeoutSeconds, 1, 60);
}

function checkProbes(p: Problems, probes: unknown): void {
    if (!p.object("probes", probes, ["readiness", "liveness", "startup"])) return;
    checkProbe(p, "probes.readiness", probes.readiness);
    checkProbe(p, "probes.liveness", probes.liveness);
    if (probes.startup !== undefined) checkProbe(p, "probes.startup", probes.startup);
}

function checkResources(p: Problems, r: unknown): void {
    if (!p.object("resources", r, ["cpu", "memory", "memoryLimit"])) return;
    p.require(typeof r.cpu === "string" && CPU.test(r.cpu) && r.cpu !== "0" && !/^0+m$/.test(r.cpu), "resources.cpu", r.cpu,
        "expected a CPU quantity such as 250m or 1");
    const memOk = p.require(typeof r.memory === "string" && MEMORY.test(r.memory) && (memoryBytes(r.memory) ?? 0) > 0,
        "resources.memory", r.memory, "expected a memory quantity such as 512Mi or 1Gi");
    if (r.memoryLimit === undefined) return;
    const limOk = p.require(typeof r.memoryLimit === "string" && MEMORY.test(r.memoryLimit), "resources.memoryLimit", r.memoryLimit,
        "expected a memory quantity such as 512Mi or 1Gi");
    if (memOk && limOk) {
        p.require(memoryBytes(r.memoryLimit as string)! >= memoryBytes(r.memory as string)!, "resources.memoryLimit", r.memoryLimit,
            `expected at least the memory request (${String(r.memory)})`);
    }
}

function checkReplicas(p: Problems, replicas: unknown, singleton: unknown): void {
    let singletonOk = false;
    if (singleton !== undefined && p.object("singleton", singleton, ["reason"], "an object { reason }")) {
        singletonOk = p.require(typeof singleton.reason === "string" && singleton.reason.trim().length >= 10, "singleton.reason",
            singleton.reason, "say why one pod is enough (at least 10 characters): it is shown in reviews");
    }
    if (!p.object("replicas", replicas, ENVIRONMENTS, "an object { dev: { min, max }, prod: { min, max } }")) return;
    for (const env of ENVIRONMENTS) {
        const r = replicas[env];
        const field = `replicas.${env}`;
        if (!p.object(field, r, ["min", "max"], "an object { min, max }")) continue;
        const minOk = p.integer(`${field}.min`, r.min, 1, 100);
        const maxOk = p.integer(`${field}.max`, r.max, 1, 100);
        if (minOk && maxOk) p.require((r.max as number) >= (r.min as number), `${field}.max`, r.max, `expected at least min (${String(r.min)})`);
        if (env === "prod" && minOk && (r.min as number) < 2 && !singletonOk && singleton === undefined) {
            p.require(false, `${field}.min`, r.min, "prod runs at least 2 pods (zone and node failures, rollouts); "
                + "for a service that must run alone, set singleton: { reason: '...' }");
        }
    }
}

function checkNeeds(p: Problems, needs: unknown): Need[] {
    if (needs === undefined) return [];
    if (!p.require(Array.isArray(needs), "needs", needs, "expected a list of needs")) return [];
    const ok: Need[] = [];
    const seen = new Map<string, number>();
    (needs as unknown[]).forEach((n, i) => {
        const field = `needs[${i}]`;
        if (!isObject(n)) { p.require(false, field, n, `expected a need { kind: ${NEED_KINDS.join(" | ")}, ... }`); return; }
        if (!p.oneOf(`${field}.kind`, n.kind, NEED_KINDS)) return;
        const kind = n.kind as NeedKind;
        const shape = NEED_FIELDS[kind];
        p.object(field, n, shape.fields, `a ${kind} need`);
        let good = true;
        if (kind === "key") {
            good = p.require(typeof n.domain === "string" && NAME.test(n.domain), `${field}.domain`, n.domain, "expected a key domain name such as carts");
        } else {
            good = p.require(typeof n.name === "string" && NEED_NAME.test(n.name), `${field}.name`, n.name,
                "expected the reference name of the platform resource (1-52 lowercase letters, digits, '.', '-'; it names the Kubernetes Secret it delivers)");
        }
        if (shape.access) good = p.oneOf(`${field}.access`, n.access, shape.access) && good;
        if (kind === "table" && n.indexes !== undefined) good = p.boolean(`${field}.indexes`, n.indexes) && good;
        if (kind === "bucket" && n.prefix !== undefined) {
            good = p.require(typeof n.prefix === "string" && /^[^/*?\s][^*?\s]*$/.test(n.prefix), `${field}.prefix`, n.prefix,
                "expected a key prefix such as images/ (no leading '/', no '*' or '?')") && good;
        }
        if (!good) return;
        const need = n as unknown as Need;
        // Key needs are named by domain and may share a name with the table they encrypt; other names are unique.
        const id = need.kind === "key" ? `key:${need.domain}` : need.name;
        const first = seen.get(id);
        if (first !== undefined) {
            p.require(false, need.kind === "key" ? `${field}.domain` : `${field}.name`, need.kind === "key" ? need.domain : need.name,
                `needs[${first}] has the same name; each platform resource is needed once (env and secretEnv refer to needs by name)`);
            return;
        }
        seen.set(id, i);
        ok.push(need);
    });
    const keyed = ok.filter((n): n is KeyNeed => n.kind === "key");
    if (keyed.length && !ok.some((n) => n.kind in KMS_VIA_SERVICE)) {
        const i = (needs as unknown[]).indexOf(keyed[0]);
        p.add(`needs[${i}]`, `a key need '${keyed[0].domain}' is used through the service's table, queue, topic or bucket needs, and this service declares none`);
    }
    return ok;
}

/** The AWS service through which each kind of need uses its KMS key (kms:ViaService). */
export const KMS_VIA_SERVICE: Readonly<Partial<Record<NeedKind, string>>> = { table: "dynamodb", queue: "sqs", topic: "sns", bucket: "s3" };

/** tracingEnv: plain names and values, no credential-looking or reserved name, no reference, none also in env or secretEnv. */
function checkTracingEnv(p: Problems, tracingEnv: unknown, env: unknown, secretEnv: unknown): void {
    if (tracingEnv === undefined) return;
    if (!p.require(isObject(tracingEnv), "tracingEnv", "(an object)", "expected an object { NAME: 'value' }")) return;
    for (const [name, value] of Object.entries(tracingEnv as Record<string, unknown>)) {
        const field = `tracingEnv.${name}`;
        if (!p.require(ENV_NAME.test(name), field, name, "expected an environment variable name (letters, digits, '_', not starting with a digit)")) continue;
        if (RESERVED_ENV.test(name) || secretLookingName(name)) { p.add(field, "looks like a credential or is reserved for AWS credentials; tracing needs neither"); continue; }
        if (!p.require(typeof value === "string" && !/\{\{|\}\}/.test(value), field, value, "expected a plain string (no {{need.attribute}} reference)")) continue;
        if (isObject(env) && name in env) p.add(field, "is also in env; a variable comes from one place");
        if (isObject(secretEnv) && name in secretEnv) p.add(field, "is also in secretEnv; a variable comes from one place");
    }
}

function checkEnv(p: Problems, env: unknown, secretEnv: unknown, needs: Need[], all: NamedNeed[]): void {
    const named = new Map(all.map((n) => [n.name, n]));
    if (env !== undefined && p.require(isObject(env), "env", "(an object)", "expected an object { NAME: 'value' }")) {
        for (const [name, value] of Object.entries(env as Record<string, unknown>)) {
            const field = `env.${name}`;
            if (!p.require(ENV_NAME.test(name), field, name, "expected an environment variable name (letters, digits, '_', not starting with a digit)")) continue;
            if (RESERVED_ENV.test(name)) { p.add(field, "is set by EKS Pod Identity or reserved for AWS credentials; remove it"); continue; }
            const looks = secretLookingName(name);
            if (looks) {
                // Never echo the value: it may be the secret itself.
                p.add(field, `the name looks like a credential (${looks}), so it may not be a plain value; `
                    + `declare a secret need and read it with secretEnv: { ${name}: { need: '<secret need>', key: '<json key>' } }`);
                continue;
            }
            if (!p.require(typeof value === "string", field, value, "expected a string")) continue;
            for (const m of (value as string).matchAll(PLACEHOLDER)) {
                const [whole, needName, attribute] = m;
                const need = named.get(needName);
                if (!need || need.kind === "secret") {
                    const usable = [...named.values()].filter((n) => n.kind !== "secret").map((n) => n.name);
                    p.add(field, `${whole} names no table, queue, topic, bucket, database, cache or search need; needs usable here: ${usable.join(", ") || "none"}`);
                    continue;
                }
                const attrs = NEED_ATTRIBUTES[need.kind];
                if (!attrs.includes(attribute)) p.add(field, `${whole}: a ${need.kind} need has no attribute '${attribute}'; expected one of: ${attrs.join(", ")}`);
            }
            if (/\{\{|\}\}/.test((value as string).replace(PLACEHOLDER, ""))) {
                p.add(field, "has a '{{' or '}}' that is not a {{<need>.<attribute>}} reference");
            }
        }
    }
    const read = new Set(isObject(secretEnv) ? Object.values(secretEnv).map((src) => (isObject(src) ? src.need : undefined)) : []);
    needs.forEach((n, i) => {
        if (n.kind === "secret" && !read.has(n.name)) {
            p.add(`needs[${i}]`, `secret '${n.name}' is read by no secretEnv entry; read it (secretEnv: { NAME: { need: '${n.name}', key: '<json key>' } }) or remove the need`);
        }
    });
    if (secretEnv === undefined) return;
    if (!p.require(isObject(secretEnv), "secretEnv", "(an object)", "expected an object { NAME: { need, key } }")) return;
    for (const [name, src] of Object.entries(secretEnv as Record<string, unknown>)) {
        const field = `secretEnv.${name}`;
        if (!p.require(ENV_NAME.test(name), field, name, "expected an environment variable name")) continue;
        if (RESERVED_ENV.test(name)) { p.add(field, "is set by EKS Pod Identity or reserved for AWS credentials; remove it"); continue; }
        if (isObject(env) && name in env) p.add(field, "is also in env; a variable comes from one place");
        if (!p.object(field, src, ["need", "key"], "an object { need, key }")) continue;
        const need = typeof src.need === "string" ? named.get(src.need) : undefined;
        const delivering = [...named.values()].filter((n) => (SECRET_DELIVERING_KINDS as readonly string[]).includes(n.kind)).map((n) => n.name);
        p.require(!!need && (SECRET_DELIVERING_KINDS as readonly string[]).includes(need.kind), `${field}.need`, src.need,
            `expected a secret, database, cache or search need of this service: ${delivering.join(", ") || "it declares none"}`);
        if (src.key !== undefined) {
            p.require(typeof src.key === "string" && SECRET_KEY.test(src.key), `${field}.key`, src.key, "expected a JSON key of the secret (letters, digits, '-', '.', '_')");
        }
    }
}

function checkServiceList(p: Problems, field: "callers" | "calls", list: unknown, self: unknown): void {
    if (list === undefined) return;
    if (!p.require(Array.isArray(list), field, list, "expected a list of service names")) return;
    const seen = new Set<unknown>();
    (list as unknown[]).forEach((n, i) => {
        if (!p.require(typeof n === "string" && NAME.test(n), `${field}[${i}]`, n, "expected a service name")) return;
        p.require(n !== self, `${field}[${i}]`, n, "a service does not list itself");
        p.require(!seen.has(n), `${field}[${i}]`, n, "listed twice");
        seen.add(n);
    });
}

/** A probe with every default applied. */
export type ResolvedProbe = Required<HttpProbe>;

/** A spec resolved for one environment: validated, defaults applied, the replica range of that environment. */
export interface ResolvedServiceSpec {
    name: string;
    environment: Environment;
    /** The full image reference: `repo:tag`, `repo@sha256:...` or `repo:tag@sha256:...`. */
    image: string;
    /** The version tag, when the image has one (the `app.kubernetes.io/version` label). */
    version?: string;
    port: number;
    servicePort: number;
    probes: { readiness: ResolvedProbe; liveness: ResolvedProbe; startup: ResolvedProbe };
    resources: Required<ResourcesSpec>;
    replicas: ReplicaRange;
    autoscaling: Required<AutoscalingSpec>;
    env: Record<string, string>;
    secretEnv: Record<string, SecretEnvSource>;
    tracingEnv: Record<string, string>;
    needs: Need[];
    callers: string[];
    calls: string[];
    ingress?: IngressSpec;
    /** The /tmp emptyDir's size limit; undefined for no /tmp. */
    tmpSizeLimit?: string;
    addCapabilities: string[];
    apiToken: boolean;
}

/**
 * Validate a spec and resolve it for one environment. Throws a ComponentArgsError listing every problem, or naming
 * the environment when the service is disabled there (create no Microservice for it: filter with isServiceEnabled).
 */
export function resolveServiceSpec(spec: ServiceSpec, environment: Environment): ResolvedServiceSpec {
    if (!(ENVIRONMENTS as readonly string[]).includes(environment)) {
        throw new ComponentArgsError("ServiceSpec", [`${serviceLabel(spec)}: environment: ${showValue(environment)} is not allowed; expected one of: ${ENVIRONMENTS.join(", ")}`]);
    }
    validateServiceSpec(spec, environment);
    if (!isServiceEnabled(spec, environment)) {
        throw new ComponentArgsError("ServiceSpec", [`${spec.name}: enabled: the service is disabled in ${environment}; `
            + "create no Microservice for it (filter the specs with isServiceEnabled(spec, environment))"]);
    }
    const img = spec.image!;
    const image = `${img.repository}${img.tag ? `:${img.tag}` : ""}${img.digest ? `@${img.digest}` : ""}`;
    const readiness = { ...SPEC_DEFAULTS.readiness, ...spec.probes.readiness };
    const liveness = { ...SPEC_DEFAULTS.liveness, ...spec.probes.liveness };
    const startup = { ...SPEC_DEFAULTS.startup, path: liveness.path, ...spec.probes.startup };
    const tmp = spec.writableTmp ?? true;
    return {
        name: spec.name,
        environment,
        image,
        version: img.tag && img.tag.length <= 63 ? img.tag : undefined,
        port: spec.port ?? SPEC_DEFAULTS.port,
        servicePort: spec.servicePort ?? SPEC_DEFAULTS.servicePort,
        probes: { readiness, liveness, startup },
        resources: { cpu: spec.resources.cpu, memory: spec.resources.memory, memoryLimit: spec.resources.memoryLimit ?? spec.resources.memory },
        replicas: { ...spec.replicas[environment] },
        autoscaling: { ...SPEC_DEFAULTS.autoscaling, ...spec.autoscaling },
        env: { ...spec.env },
        secretEnv: { ...spec.secretEnv },
        tracingEnv: { ...spec.tracingEnv },
        needs: [...(spec.needs ?? [])],
        callers: [...(spec.callers ?? [])],
        calls: [...(spec.calls ?? [])],
        ingress: spec.ingress ? { ...spec.ingress } : undefined,
        tmpSizeLimit: tmp === false ? undefined : tmp === true ? SPEC_DEFAULTS.tmpSizeLimit : tmp.sizeLimit,
        addCapabilities: [...(spec.addCapabilities ?? [])],
        apiToken: spec.apiToken ?? false,
    };
}

/**
 * Check that a set of specs agree with each other (a stack's apps/): unique names, and every `calls` edge accepted by
 * the callee's `callers` and every `callers` entry matched by the caller's `calls` (the caller's egress and the
 * callee's ingress are both generated, so a one-sided declaration would leave a connection that is always refused).
 * Throws a ComponentArgsError listing every mismatch.
 */
export function checkServiceGraph(specs: readonly ServiceSpec[]): void {
    const problems: string[] = [];
    const byName = new Map<string, ServiceSpec>();
    for (const s of specs) {
        if (byName.has(s.name)) problems.push(`${s.name}: name: two specs are named '${s.name}'; service names are unique (each is a namespace)`);
        byName.set(s.name, s);
    }
    for (const s of specs) {
        for (const callee of s.calls ?? []) {
            const target = byName.get(callee);
            if (!target) problems.push(`${s.name}: calls: '${callee}' is not a service of this set; known: ${[...byName.keys()].join(", ")}`);
            else if (!(target.callers ?? []).includes(s.name)) {
                problems.push(`${s.name}: calls: '${callee}' does not list '${s.name}' in its callers; add it there (its ingress is closed to undeclared callers)`);
            }
        }
        for (const caller of s.callers ?? []) {
            const source = byName.get(caller);
            if (!source) problems.push(`${s.name}: callers: '${caller}' is not a service of this set; known: ${[...byName.keys()].join(", ")}`);
            else if (!(source.calls ?? []).includes(s.name)) {
                problems.push(`${s.name}: callers: '${caller}' does not list '${s.name}' in its calls; add it there (its egress is closed to undeclared services)`);
            }
        }
    }
    if (problems.length) throw new ComponentArgsError("ServiceSpec", problems);
}
