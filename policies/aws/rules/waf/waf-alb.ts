import { Findings } from "../../../lib/findings";
import { isInternetFacingAlb, LB_TYPES } from "../../../lib/network";
import { StackFinding, StackRule } from "../../../lib/rule";
import { wafProtected } from "../../../lib/waf";

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
        return result.result();
    },
};
