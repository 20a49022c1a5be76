import { ResourceRule } from "../../../lib/rule";
import { isSet } from "../../../lib/values";

/** CloudFront distributions sit behind a WAFv2 web ACL. */
export const wafCloudfront: ResourceRule = {
    kind: "resource",
    name: "waf-cloudfront",
    description: "CloudFront distributions are associated with an AWS WAF web ACL.",
    severity: "high",
    remediation: "Set webAclId on the aws.cloudfront.Distribution to the ARN of a WAFv2 web ACL with scope CLOUDFRONT (created in us-east-1).",
    enforcementLevel: "mandatory",
    types: ["aws:cloudfront/distribution:Distribution"],
    check: ({ props }) => {
        // A computed ACL ARN is still an ACL: only its presence matters.
        if (!isSet(props.webAclId)) return "CloudFront distribution has no web ACL: set webAclId to a WAFv2 web ACL (scope CLOUDFRONT).";
        return undefined;
    },
};
