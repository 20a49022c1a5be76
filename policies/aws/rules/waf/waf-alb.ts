import { Findings } from "../../../lib/findings";
import { isInternetFacingAlb, LB_TYPES } from "../../../lib/network";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { isUnknown, knownString, unknownish } from "../../../lib/values";
import { parseWebAclArn, WEB_ACL, wafProtected } from "../../../lib/waf";

/** Ingress tokens the AWS Load Balancer Controller turns into ALBs. */
const INGRESS_TYPES = [
    "kubernetes:networking.k8s.io/v1:Ingress", "kubernetes:networking.k8s.io/v1beta1:Ingress", "kubernetes:extensions/v1beta1:Ingress",
];
const PREFIX = "alb.ingress.kubernetes.io/";
const ACL_ARN = `${PREFIX}wafv2-acl-arn`;
const ACL_NAME = `${PREFIX}wafv2-acl-name`;
const CLASSIC = [`${PREFIX}waf-acl-id`, `${PREFIX}web-acl-id`];
const SCHEME = `${PREFIX}scheme`;
const GROUP = `${PREFIX}group.name`;
const CLASS_ANNOTATION = "kubernetes.io/ingress.class";

type Tri = boolean | "unknown";

/** How one Ingress's annotations attach a WAFv2 web ACL to its ALB. */
type Waf = { state: "ok" | "maybe" | "absent" } | { state: "bad"; problem: string };

/** An Ingress of the ALB class as the controller sees it. */
interface AlbIngress {
    r: StackSubject;
    /** `namespace/name` when known, else the name. */
    label: string;
    /** The IngressGroup key: `group:<name>`, `ingress:<urn>` for an Ingress without group.name (its own ALB); undefined when unknown. */
    group?: string;
    /** Whether the ALB class is known (an unknown class may or may not be the controller's). */
    classKnown: boolean;
    internetFacing: Tri;
    waf: Waf;
}

/** An annotation's value: undefined when absent, the unknown sentinel when unknown in preview. */
function annotation(annotations: any, key: string): unknown {
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

/** The WAF status of one Ingress's annotations (see the rule's description). */
function wafOf(r: StackSubject, annotations: any): Waf {
    const acls = (r.propertyDependencies.metadata ?? []).filter((d) => d.type === WEB_ACL);
    // The value came from a web ACL of the stack (its ARN or name Output): it is that ACL's, whatever its scope says.
    const fromAcl = (key: string): Waf => {
        const regional = acls.filter((a) => !(knownString(a.props.scope) === "CLOUDFRONT"));
        if (regional.length) return { state: "ok" };
        return { state: "bad", problem: `${key} comes from web ACL '${acls[0].name}' of scope CLOUDFRONT; an ALB needs a REGIONAL web ACL` };
    };
    const arn = annotation(annotations, ACL_ARN);
    const name = annotation(annotations, ACL_NAME);
    const found: Waf[] = [];
    if (arn !== undefined) {
        const value = knownString(arn);
        if (value === undefined) found.push(acls.length ? fromAcl(ACL_ARN) : { state: "maybe" });
        else if (value === "none") found.push({ state: "bad", problem: `${ACL_ARN} is 'none', which removes the ALB's web ACL` });
        else {
            const parsed = parseWebAclArn(value);
            if (parsed?.scope === "regional") found.push({ state: "ok" });
            else if (parsed) found.push({ state: "bad", problem: `${ACL_ARN} '${value}' is a global (CLOUDFRONT) web ACL; an ALB needs a REGIONAL web ACL` });
            else found.push({ state: "bad", problem: `${ACL_ARN} '${value}' is not a WAFv2 web ACL ARN (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>)` });
        }
    }
    if (name !== undefined) {
        const value = knownString(name);
        if (value === undefined) found.push(acls.length ? fromAcl(ACL_NAME) : { state: "maybe" });
        else if (value === "none") found.push({ state: "bad", problem: `${ACL_NAME} is 'none', which removes the ALB's web ACL` });
        // The controller looks the name up among the REGIONAL web ACLs of the ALB's region.
        else found.push({ state: "ok" });
    }
    for (const state of ["ok", "maybe", "bad"] as const) {
        const w = found.find((f) => f.state === state);
        if (w) return w;
    }
    const classic = CLASSIC.find((k) => annotation(annotations, k) !== undefined);
    if (classic) return { state: "bad", problem: `only the WAF Classic annotation ${classic} is set; WAF Classic is retired: set ${ACL_ARN} to a REGIONAL WAFv2 web ACL` };
    return { state: "absent" };
}

/** Read an Ingress as the AWS Load Balancer Controller would; undefined when it is definitely not of the ALB class. */
function albIngress(r: StackSubject): AlbIngress | undefined {
    const metadata = r.props.metadata;
    const annotations = isUnknown(metadata) ? metadata : metadata?.annotations;
    const cls = albClass(r, annotations);
    if (cls === false) return undefined;
    const ns = isUnknown(metadata) ? undefined : knownString(metadata?.namespace);
    const name = (isUnknown(metadata) ? undefined : knownString(metadata?.name)) ?? r.name;
    const group = annotation(annotations, GROUP);
    const scheme = annotation(annotations, SCHEME);
    return {
        r, label: ns ? `${ns}/${name}` : name, classKnown: cls === true,
        group: group === undefined ? `ingress:${r.urn}` : unknownish(group) ? undefined : `group:${String(group)}`,
        internetFacing: unknownish(scheme) ? "unknown" : scheme === "internet-facing",
        waf: wafOf(r, annotations),
    };
}

/** The findings for the ALBs the controller makes from Ingresses: one ALB per IngressGroup (see the rule's description). */
function ingressFindings(resources: StackSubject[], result: Findings<StackFinding>): void {
    const ingresses = resources.filter((r) => INGRESS_TYPES.includes(r.type)).map(albIngress).filter((i): i is AlbIngress => !!i);
    // An Ingress whose group name is unknown may join any group and bring its web ACL along.
    const floating = ingresses.filter((i) => i.group === undefined && i.waf.state !== "absent" && i.waf.state !== "bad");
    const groups = new Map<string, AlbIngress[]>();
    for (const i of ingresses) {
        const key = i.group ?? `unknown:${i.r.urn}`;
        groups.set(key, [...(groups.get(key) ?? []), i]);
    }
    for (const [key, members] of groups) {
        const facing: Tri = members.some((m) => m.internetFacing === true) ? true
            : members.some((m) => m.internetFacing === "unknown") ? "unknown" : false;
        if (facing === false) continue;
        if (members.some((m) => m.classKnown && m.waf.state === "ok")) continue;
        const undecided = facing === "unknown" || key.startsWith("unknown:") || floating.length > 0
            || members.some((m) => m.waf.state === "maybe" || m.waf.state === "ok" || !m.classKnown);
        if (undecided) { result.defer(`${members[0].label}: metadata.annotations (${SCHEME}, ${GROUP}, ${ACL_ARN})`); continue; }
        const group = key.startsWith("group:") ? `IngressGroup '${key.slice("group:".length)}'` : "its own ALB (no group.name)";
        const bad = members.filter((m) => m.waf.state === "bad");
        for (const m of bad) {
            const problem = (m.waf as { problem: string }).problem;
            result.report(m.r.urn, `Ingress '${m.label}' (${group}, internet-facing ALB): ${problem}.`);
        }
        if (!bad.length) {
            const first = members.find((m) => m.internetFacing === true) ?? members[0];
            const names = members.map((m) => `'${m.label}'`).join(", ");
            result.report(first.r.urn, `Internet-facing ALB of Ingress '${first.label}' (${group}; members ${names}) has no WAFv2 web ACL: `
                + `annotate one member with ${ACL_ARN}: <REGIONAL web ACL ARN>.`);
        }
    }
}

/** Internet-facing application load balancers are protected by a WAFv2 web ACL. */
export const wafAlb: StackRule = {
    kind: "stack",
    name: "waf-alb",
    description: "Every internet-facing application load balancer is associated with an AWS WAF web ACL: aws.lb.LoadBalancer through "
        + "an aws.wafv2.WebAclAssociation, an ALB made by the AWS Load Balancer Controller from internet-facing Ingresses (class alb) "
        + "through the wafv2-acl-arn (or wafv2-acl-name) annotation of a member of its IngressGroup naming a REGIONAL web ACL.",
    severity: "high",
    remediation: "Create an aws.wafv2.WebAclAssociation with resourceArn: alb.arn and webAclArn of a REGIONAL web ACL "
        + "(or make the load balancer internal: true if it must not be reachable from the internet); for an Ingress, annotate "
        + `one Ingress of the group with ${ACL_ARN}: <REGIONAL web ACL ARN> (e.g. the aws.wafv2.WebAcl's arn Output), or use ${SCHEME}: internal.`,
    enforcementLevel: "mandatory",
    types: [...LB_TYPES, ...INGRESS_TYPES],
    check: (resources) => {
        const associated = wafProtected(resources);
        // Definite findings first; otherwise an undecidable load balancer defers the whole check to the update.
        const result = new Findings<StackFinding>();
        for (const r of resources) {
            if (!LB_TYPES.includes(r.type)) continue;
            result.check(() => {
                if (isInternetFacingAlb(r) && !associated.has(r.urn)) {
                    result.report(r.urn, `Internet-facing application load balancer '${r.name}' has no aws.wafv2.WebAclAssociation whose resourceArn is its ARN.`);
                }
            });
        }
        ingressFindings(resources, result);
        return result.result();
    },
};
