/**
 * The ALBs the AWS Load Balancer Controller makes from Kubernetes Ingresses, as stack rules see them: one ALB per
 * IngressGroup (`alb.ingress.kubernetes.io/group.name`; an Ingress without it is its own ALB), whose settings come from
 * its members' annotations. Not a rule.
 */
import { StackSubject } from "./rule";
import { isUnknown, knownString, unknownish } from "./values";

/** Ingress tokens the AWS Load Balancer Controller turns into ALBs. */
export const INGRESS_TYPES = [
    "kubernetes:networking.k8s.io/v1:Ingress", "kubernetes:networking.k8s.io/v1beta1:Ingress", "kubernetes:extensions/v1beta1:Ingress",
];
/** The controller's annotation prefix. */
export const ALB_ANNOTATION = "alb.ingress.kubernetes.io/";
export const SCHEME_ANNOTATION = `${ALB_ANNOTATION}scheme`;
export const GROUP_ANNOTATION = `${ALB_ANNOTATION}group.name`;
const CLASS_ANNOTATION = "kubernetes.io/ingress.class";

export type Tri = boolean | "unknown";

/** An Ingress of the ALB class as the controller sees it. */
export interface AlbIngress {
    r: StackSubject;
    /** `namespace/name` when known, else the name. */
    label: string;
    /** The IngressGroup key: `group:<name>`, `ingress:<urn>` for an Ingress without group.name (its own ALB); undefined when unknown. */
    group?: string;
    /** Whether the ALB class is known (an unknown class may or may not be the controller's). */
    classKnown: boolean;
    internetFacing: Tri;
    /** The annotations (the unknown sentinel when unknown in preview). */
    annotations: any;
}

/** An annotation's value: undefined when absent, the unknown sentinel when unknown in preview. */
export function annotation(annotations: any, key: string): unknown {
    if (isUnknown(annotations)) return annotations;
    const v = annotations?.[key];
    return v === null || v === "" ? undefined : v;
}

/** Whether the Ingress is of the ALB class: spec.ingressClassName or the legacy kubernetes.io/ingress.class annotation is `alb`. */
function albClass(r: StackSubject, annotations: any): Tri {
    const values = [isUnknown(r.props.spec) ? r.props.spec : r.props.spec?.ingressClassName, annotation(annotations, CLASS_ANNOTATION)];
    if (values.includes("alb")) return true;
    return values.some(unknownish) ? "unknown" : false;
}

/** Read an Ingress as the AWS Load Balancer Controller would; undefined when it is definitely not of the ALB class. */
export function albIngress(r: StackSubject): AlbIngress | undefined {
    const metadata = r.props.metadata;
    const annotations = isUnknown(metadata) ? metadata : metadata?.annotations;
    const cls = albClass(r, annotations);
    if (cls === false) return undefined;
    const ns = isUnknown(metadata) ? undefined : knownString(metadata?.namespace);
    const name = (isUnknown(metadata) ? undefined : knownString(metadata?.name)) ?? r.name;
    const group = annotation(annotations, GROUP_ANNOTATION);
    const scheme = annotation(annotations, SCHEME_ANNOTATION);
    return {
        r, label: ns ? `${ns}/${name}` : name, classKnown: cls === true, annotations,
        group: group === undefined ? `ingress:${r.urn}` : unknownish(group) ? undefined : `group:${String(group)}`,
        internetFacing: unknownish(scheme) ? "unknown" : scheme === "internet-facing",
    };
}

/** The ALB-class Ingresses of the stack, by IngressGroup key (an unknown group gets a key of its own, `unknown:<urn>`). */
export function albIngressGroups(resources: StackSubject[]): Map<string, AlbIngress[]> {
    const groups = new Map<string, AlbIngress[]>();
    for (const r of resources) {
        if (!INGRESS_TYPES.includes(r.type)) continue;
        const i = albIngress(r);
        if (!i) continue;
        const key = i.group ?? `unknown:${i.r.urn}`;
        groups.set(key, [...(groups.get(key) ?? []), i]);
    }
    return groups;
}

/** A group key as a message names it. */
export function groupLabel(key: string): string {
    return key.startsWith("group:") ? `IngressGroup '${key.slice("group:".length)}'` : "its own ALB (no group.name)";
}
