/** AWS WAF in stack rules: which resources a web ACL protects. Not a rule. */
import { linkedFrom } from "./links";
import { StackSubject } from "./rule";

/** The resource that attaches a regional web ACL to a load balancer, API Gateway stage, AppSync API or user pool. */
export const WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";

/** The URNs of the resources a WebAclAssociation attaches a web ACL to (those its `resourceArn` came from). */
export function wafProtected(resources: StackSubject[]): Set<string> {
    return linkedFrom(resources, [WEB_ACL_ASSOCIATION], "resourceArn");
}

/** A WAFv2 web ACL. */
export const WEB_ACL = "aws:wafv2/webAcl:WebAcl";

/** A WAFv2 web ACL ARN's parts: `scope` is "regional" (load balancers, APIs) or "global" (CloudFront). */
export interface WebAclArn {
    region: string;
    account: string;
    scope: "regional" | "global";
    name: string;
    id: string;
}

/** Parse `arn:<partition>:wafv2:<region>:<account>:<regional|global>/webacl/<name>/<id>`; undefined for anything else. */
export function parseWebAclArn(value: string): WebAclArn | undefined {
    const m = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]*):(\d{12}):(regional|global)\/webacl\/([^/]+)\/([^/]+)$/.exec(value);
    return m ? { region: m[1], account: m[2], scope: m[3] as WebAclArn["scope"], name: m[4], id: m[5] } : undefined;
}
