import { Findings } from "../../../lib/findings";
import { StackFinding, StackRule } from "../../../lib/rule";
import { wafProtected } from "../../../lib/waf";

const STAGE = "aws:apigateway/stage:Stage";

/** REST API stages are protected by a WAFv2 web ACL (HTTP APIs, apigatewayv2, cannot be associated with WAF). */
export const wafApigw: StackRule = {
    kind: "stack",
    name: "waf-apigw",
    description: "Every API Gateway REST API stage is associated with an AWS WAF web ACL.",
    severity: "high",
    remediation: "Create an aws.wafv2.WebAclAssociation with resourceArn: stage.arn and webAclArn of a REGIONAL web ACL.",
    enforcementLevel: "mandatory",
    types: [STAGE],
    check: (resources) => {
        const associated = wafProtected(resources);
        const result = new Findings<StackFinding>();
        for (const r of resources) {
            if (r.type !== STAGE || associated.has(r.urn)) continue;
            result.report(r.urn, `API Gateway stage '${r.name}' has no aws.wafv2.WebAclAssociation whose resourceArn is the stage's ARN.`);
        }
        return result.result();
    },
};
