/** AWS WAF in stack rules: which resources a web ACL protects. Not a rule. */
import { linkedFrom } from "./links";
import { StackSubject } from "./rule";

/** The resource that attaches a regional web ACL to a load balancer, API Gateway stage, AppSync API or user pool. */
export const WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";

/** The URNs of the resources a WebAclAssociation attaches a web ACL to (those its `resourceArn` came from). */
export function wafProtected(resources: StackSubject[]): Set<string> {
    return linkedFrom(resources, [WEB_ACL_ASSOCIATION], "resourceArn");
}
