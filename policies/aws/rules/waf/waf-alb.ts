import { Findings } from "../../../lib/findings";
import { isInternetFacingAlb, LB_TYPES } from "../../../lib/network";
import { ALB_ANNOTATION, albIngressGroups, annotation, GROUP_ANNOTATION, groupLabel, INGRESS_TYPES, SCHEME_ANNOTATION, Tri } from "../../../lib/ingress";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { knownString } from "../../../lib/values";
import { parseWebAclArn, WEB_ACL, wafProtected } from "../../../lib/waf";

const ACL_ARN = `${ALB_ANNOTATION}wafv2-acl-arn`;
const ACL_NAME = `${ALB_ANNOTATION}wafv2-acl-name`;
const CLASSIC = [`${ALB_ANNOTATION}waf-acl-id`, `${ALB_ANNOTATION}web-acl-id`];

/** How one Ingress's annotations attach a WAFv2 web ACL to its ALB. */
type Waf = { state: "ok" | "maybe" | "absent" } | { state: "bad"; problem: string };

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

/** The findings for the ALBs the controller makes from Ingresses: one ALB per IngressGroup (see the rule's description). */
function ingressFindings(resources: StackSubject[], result: Findings<StackFinding>): void {
    const groups = new Map([...albIngressGroups(resources)].map(([key, members]) => [key, members.map((m) => ({ ...m, waf: wafOf(m.r, m.annotations) }))]));
    // An Ingress whose group name is unknown may join any group and bring its web ACL along.
    const floating = [...groups.values()].flat().filter((i) => i.group === undefined && i.waf.state !== "absent" && i.waf.state !== "bad");
    for (const [key, members] of groups) {
        const facing: Tri = members.some((m) => m.internetFacing === true) ? true
            : members.some((m) => m.internetFacing === "unknown") ? "unknown" : false;
        if (facing === false) continue;
        if (members.some((m) => m.classKnown && m.waf.state === "ok")) continue;
        const undecided = facing === "unknown" || key.startsWith("unknown:") || floating.length > 0
            || members.some((m) => m.waf.state === "maybe" || m.waf.state === "ok" || !m.classKnown);
        if (undecided) { result.defer(`${members[0].label}: metadata.annotations (${SCHEME_ANNOTATION}, ${GROUP_ANNOTATION}, ${ACL_ARN})`); continue; }
        const group = groupLabel(key);
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
        + `one Ingress of the group with ${ACL_ARN}: <REGIONAL web ACL ARN> (e.g. the aws.wafv2.WebAcl's arn Output), or use ${SCHEME_ANNOTATION}: internal.`,
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
