/**
 * Shared reading of Kubernetes workload inputs for the Kubernetes rules: the pod template (spec + metadata) of every
 * workload kind, all of its containers with their paths, effective security-context values (container overrides
 * pod), namespace identity and label selectors for stack rules, and inspectPod, which runs a workload's checks
 * through lib/findings.ts (definite findings kept, checks whose deciding value is unknown in preview deferred).
 * Used by the rules of this folder only; not a rule.
 *
 * Inputs are the raw Pulumi inputs of @pulumi/kubernetes (camelCase Kubernetes API fields); unknown values are the
 * preview sentinels of lib/values.ts (objects and arrays can be unknown as a whole).
 */
import { Findings } from "../../lib/findings";
import type { StackSubject } from "../../lib/rule";
import { isUnknown, knownString, unknownish, unknownValue, UNKNOWN } from "../../lib/values";

export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
export const DAEMON_SET = "kubernetes:apps/v1:DaemonSet";
export const REPLICA_SET = "kubernetes:apps/v1:ReplicaSet";
export const JOB = "kubernetes:batch/v1:Job";
export const CRON_JOB = "kubernetes:batch/v1:CronJob";
export const POD = "kubernetes:core/v1:Pod";
export const SERVICE = "kubernetes:core/v1:Service";
export const NAMESPACE = "kubernetes:core/v1:Namespace";
export const POD_DISRUPTION_BUDGET = "kubernetes:policy/v1:PodDisruptionBudget";
export const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** Every resource type that carries a pod spec (Patch variants are out of scope). */
export const WORKLOAD_TYPES = [DEPLOYMENT, STATEFUL_SET, DAEMON_SET, REPLICA_SET, JOB, CRON_JOB, POD];

/** Where each workload kind keeps its pod template (the object holding `metadata` and `spec`); "" = the resource. */
const TEMPLATE_PATH: Record<string, string[]> = {
    [DEPLOYMENT]: ["spec", "template"],
    [STATEFUL_SET]: ["spec", "template"],
    [DAEMON_SET]: ["spec", "template"],
    [REPLICA_SET]: ["spec", "template"],
    [JOB]: ["spec", "template"],
    [CRON_JOB]: ["spec", "jobTemplate", "spec", "template"],
    [POD]: [],
};

/** A plain object, undefined when absent; an unknown object stops the check (unknownValue). */
export function obj(value: unknown, path: string): Record<string, any> | undefined {
    if (isUnknown(value)) unknownValue(path);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, any>) : undefined;
}

/** An array, [] when absent; an unknown array stops the check (unknownValue). */
export function arr(value: unknown, path: string): any[] {
    if (isUnknown(value)) unknownValue(path);
    return Array.isArray(value) ? value : [];
}

/** A string that must be known (also when it embeds an unknown part); undefined when absent. */
export function str(value: unknown, path: string): string | undefined {
    if (unknownish(value)) unknownValue(path);
    return value === undefined || value === null ? undefined : String(value);
}

export interface PodTemplate {
    /** The pod spec (may be {} when absent). */
    spec: Record<string, any>;
    /** The pod's metadata (labels, annotations); {} when absent. */
    metadata: Record<string, any>;
    /** Dotted path of the pod spec, e.g. "spec.template.spec". */
    specPath: string;
    /** Dotted path of the pod metadata, e.g. "spec.template.metadata". */
    metadataPath: string;
}

/**
 * The pod template of a workload resource, or undefined for types without one. An unknown template, spec or
 * metadata object stops the check (unknownValue).
 */
export function podTemplate(type: string, props: Record<string, any>): PodTemplate | undefined {
    const steps = TEMPLATE_PATH[type];
    if (!steps) return undefined;
    let cur: Record<string, any> | undefined = props;
    const walked: string[] = [];
    for (const s of steps) {
        walked.push(s);
        cur = obj(cur?.[s], walked.join("."));
    }
    const prefix = walked.length ? walked.join(".") + "." : "";
    return {
        spec: obj(cur?.spec, `${prefix}spec`) ?? {},
        metadata: obj(cur?.metadata, `${prefix}metadata`) ?? {},
        specPath: `${prefix}spec`,
        metadataPath: `${prefix}metadata`,
    };
}

export type ContainerKind = "containers" | "initContainers" | "ephemeralContainers";

export interface ContainerRef {
    kind: ContainerKind;
    index: number;
    container: Record<string, any>;
    /** Dotted path, e.g. "spec.template.spec.containers[0]". */
    path: string;
    /** Human label for messages, e.g. "container 'web'" or "initContainer #0". */
    label: string;
}

const KIND_LABEL: Record<ContainerKind, string> = {
    containers: "container", initContainers: "initContainer", ephemeralContainers: "ephemeralContainer",
};

/**
 * The containers of a pod spec (containers, initContainers, ephemeralContainers by default), with their paths.
 * An unknown list or container stops the check (unknownValue).
 */
export function containersOf(pod: PodTemplate, kinds: ContainerKind[] = ["containers", "initContainers", "ephemeralContainers"]): ContainerRef[] {
    const out: ContainerRef[] = [];
    for (const kind of kinds) {
        arr(pod.spec[kind], `${pod.specPath}.${kind}`).forEach((c, index) => {
            const path = `${pod.specPath}.${kind}[${index}]`;
            const container = obj(c, path) ?? {};
            const name = typeof container.name === "string" && !isUnknown(container.name) ? container.name : undefined;
            out.push({ kind, index, container, path, label: name ? `${KIND_LABEL[kind]} '${name}'` : `${KIND_LABEL[kind]} #${index}` });
        });
    }
    return out;
}

/**
 * A security-context field as it applies to a container: the container's securityContext value overrides the pod's
 * securityContext value. Unknown values (at the deciding level) stop the check.
 */
export function effectiveSecurity(pod: PodTemplate, c: ContainerRef, field: string): { value: unknown; source: "container" | "pod" | "none" } {
    const csc = obj(c.container.securityContext, `${c.path}.securityContext`);
    const cv = csc?.[field];
    if (isUnknown(cv)) unknownValue(`${c.path}.securityContext.${field}`);
    if (cv !== undefined && cv !== null) return { value: cv, source: "container" };
    const psc = obj(pod.spec.securityContext, `${pod.specPath}.securityContext`);
    const pv = psc?.[field];
    if (isUnknown(pv)) unknownValue(`${pod.specPath}.securityContext.${field}`);
    if (pv !== undefined && pv !== null) return { value: pv, source: "pod" };
    return { value: undefined, source: "none" };
}

// ---------------------------------------------------------------------------------------------------------------
// Namespaces (stack rules)

export interface NamespaceEntry {
    subject: StackSubject;
    /** "name:<metadata.name>" when known, else "urn:<the Namespace's urn>". */
    key: string;
    /** metadata.name is set but unknown (preview): it may equal any literal namespace of other resources. */
    nameUnknown: boolean;
}

/**
 * The Namespace resources of a stack and the namespace identity of namespaced resources, for matching resources of
 * one namespace when names may be unknown during preview:
 * - a resource's key is "name:<metadata.namespace>" when known ("name:default" when absent); when unknown it is the
 *   key of the Namespace resource it was computed from (propertyDependencies.metadata), else undefined (undecidable);
 * - a Namespace's key is "name:<metadata.name>" when known, else "urn:<its urn>" (auto-named or unknown name).
 */
export class Namespaces {
    readonly list: NamespaceEntry[];
    private readonly byUrn = new Map<string, NamespaceEntry>();
    private readonly byKey = new Map<string, NamespaceEntry>();

    constructor(resources: StackSubject[]) {
        this.list = resources.filter((r) => r.type === NAMESPACE).map((subject) => {
            const meta = subject.props.metadata;
            const rawName = isUnknown(meta) ? UNKNOWN : meta?.name;
            const name = knownString(rawName);
            const nameUnknown = !name && rawName !== undefined && rawName !== null && rawName !== "";
            return { subject, key: name ? `name:${name}` : `urn:${subject.urn}`, nameUnknown };
        });
        for (const e of this.list) {
            this.byUrn.set(e.subject.urn, e);
            this.byKey.set(e.key, e);
        }
    }

    /** The namespace key of a namespaced resource, undefined when it cannot be decided during preview. */
    keyOf(r: StackSubject): string | undefined {
        const meta = r.props.metadata;
        const ns = isUnknown(meta) ? UNKNOWN : meta?.namespace;
        if (ns === undefined || ns === null || ns === "") return "name:default";
        const name = knownString(ns);
        if (name) return `name:${name}`;
        const linked = (r.propertyDependencies.metadata ?? []).filter((d) => d.type === NAMESPACE);
        if (linked.length !== 1) return undefined;
        return this.byUrn.get(linked[0].urn)?.key;
    }

    /** Whether two namespace keys denote the same namespace: "yes", "no", or "maybe" (names unknown in preview). */
    same(a: string | undefined, b: string | undefined): "yes" | "no" | "maybe" {
        if (a === undefined || b === undefined) return "maybe";
        if (a === b) return "yes";
        const unknownNamed = (k: string) => this.byKey.get(k)?.nameUnknown === true;
        const literalOutsideStack = (k: string) => k.startsWith("name:") && !this.byKey.has(k);
        if ((unknownNamed(a) && literalOutsideStack(b)) || (unknownNamed(b) && literalOutsideStack(a))) return "maybe";
        return "no";
    }

    /** A readable form of a namespace key for messages. */
    describe(key: string | undefined): string {
        if (key === undefined) return "an unknown namespace";
        if (key.startsWith("name:")) return `namespace '${key.slice(5)}'`;
        const ns = this.byKey.get(key);
        return `the namespace of Namespace resource '${ns?.subject.name ?? key.slice(4)}'`;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Label selectors

/**
 * Whether a label selector (matchLabels + matchExpressions) selects pods with these labels. Unknown parts stop the
 * check. An empty selector ({}) selects every pod.
 */
export function selectorMatches(selector: Record<string, any>, labels: Record<string, unknown>, path: string): boolean {
    const matchLabels = obj(selector.matchLabels, `${path}.matchLabels`) ?? {};
    for (const [k, v] of Object.entries(matchLabels)) {
        const want = str(v, `${path}.matchLabels.${k}`);
        const have = labels[k];
        if (isUnknown(have)) unknownValue(`labels.${k}`);
        if (have !== want) return false;
    }
    for (const [i, raw] of arr(selector.matchExpressions, `${path}.matchExpressions`).entries()) {
        const at = `${path}.matchExpressions[${i}]`;
        const e = obj(raw, at);
        const key = str(e?.key, `${at}.key`) ?? "";
        const op = str(e?.operator, `${at}.operator`);
        const values = arr(e?.values, `${at}.values`).map((v, j) => str(v, `${at}.values[${j}]`));
        const have = labels[key];
        if (isUnknown(have)) unknownValue(`labels.${key}`);
        const present = have !== undefined && have !== null;
        const ok = op === "In" ? present && values.includes(String(have))
            : op === "NotIn" ? !present || !values.includes(String(have))
            : op === "Exists" ? present
            : op === "DoesNotExist" ? !present
            : false;
        if (!ok) return false;
    }
    return true;
}

/**
 * Run checks over a workload's pod template: `fn` registers checks on the collector. Returns undefined for types
 * without a pod template, else the definite findings (or stops with a deferred unknown, see Findings.result).
 */
export function inspectPod(type: string, props: Record<string, any>, fn: (pod: PodTemplate, c: Findings) => void): string[] | undefined {
    const c = new Findings();
    if (!TEMPLATE_PATH[type]) return undefined;
    const pod = c.attempt(() => podTemplate(type, props));
    if (pod) fn(pod, c);
    return c.result();
}
