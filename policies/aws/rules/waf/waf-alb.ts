import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { isUnknown, unknownValue } from "../../../lib/values";

const LB_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";

/** The resources that a WebAclAssociation's resourceArn came from. */
export function associatedTargets(resources: StackSubject[]): Set<string> {
    const out = new Set<string>();
    for (const r of resources) {
        if (r.type !== ASSOCIATION) continue;
        for (const d of r.propertyDependencies.resourceArn ?? []) out.add(d.urn);
    }
    return out;
}

/** Internet-facing application load balancers are protected by a WAFv2 web ACL. */
export const wafAlb: StackRule = {
    kind: "stack",
    name: "waf-alb",
    description: "Every internet-facing application load balancer is associated with an AWS WAF web ACL.",
    severity: "high",
    remediation: "Create an aws.wafv2.WebAclAssociation with resourceArn: alb.arn and webAclArn of a REGIONAL web ACL "
        + "(or make the load balancer internal: true if it must not be reachable from the internet).",
    enforcementLevel: "mandatory",
    types: LB_TYPES,
    check: (resources) => {
        const associated = associatedTargets(resources);
        const findings: StackFinding[] = [];
        const unknowns: string[] = [];
        for (const r of resources) {
            if (!LB_TYPES.includes(r.type)) continue;
            const lbType = r.props.loadBalancerType ?? "application";
            const internal = r.props.internal;
            if (isUnknown(lbType)) { unknowns.push(`${r.name}.loadBalancerType`); continue; }
            if (lbType !== "application") continue;
            if (isUnknown(internal)) { unknowns.push(`${r.name}.internal`); continue; }
            if (internal === true || internal === "true") continue;
            if (!associated.has(r.urn)) {
                findings.push({
                    urn: r.urn,
                    message: `Internet-facing application load balancer '${r.name}' has no aws.wafv2.WebAclAssociation whose resourceArn is its ARN.`,
                });
            }
        }
        // Definite findings first; otherwise an undecidable load balancer defers the whole check to the update.
        if (!findings.length && unknowns.length) unknownValue(unknowns[0]);
        return findings;
    },
};
