import { Findings } from "../../../lib/findings";
import { isInternetFacingAlb, LB_TYPES } from "../../../lib/network";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";

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
        return result.result();
    },
};
