import { Findings } from "../../../lib/findings";
import { linkedFrom } from "../../../lib/links";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { asArray, isUnknown, unknownish } from "../../../lib/values";

const ACL = "aws:wafv2/webAcl:WebAcl";
const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";

interface WafAclLoggingConfig {
    requiredManagedRuleGroups: string[];
}

/** Managed rule group names used by a web ACL's rules (typed `rules` or raw `ruleJson`); "unknown" when undecidable. */
function managedGroups(acl: StackSubject): Set<string> | "unknown" {
    const names = new Set<string>();
    const { rules, ruleJson } = acl.props;
    if (isUnknown(rules) || isUnknown(ruleJson)) return "unknown";
    for (const rule of asArray(rules as any[])) {
        if (isUnknown(rule)) return "unknown";
        const statement = rule?.statement;
        if (isUnknown(statement)) return "unknown";
        const name = statement?.managedRuleGroupStatement?.name;
        if (isUnknown(name)) return "unknown";
        if (typeof name === "string") names.add(name);
    }
    if (typeof ruleJson === "string" && ruleJson) {
        if (unknownish(ruleJson)) return "unknown";
        let parsed: unknown;
        try { parsed = JSON.parse(ruleJson); } catch { parsed = []; }
        for (const rule of asArray(parsed as any[])) {
            const statement = rule?.Statement ?? rule?.statement;
            const group = statement?.ManagedRuleGroupStatement ?? statement?.managedRuleGroupStatement;
            const name = group?.Name ?? group?.name;
            if (typeof name === "string") names.add(name);
        }
    }
    return names;
}

/** Web ACLs log their traffic and include the baseline AWS managed rule groups. */
export const wafAclLogging: StackRule<WafAclLoggingConfig> = {
    kind: "stack",
    name: "waf-acl-logging",
    description: "Every WAFv2 web ACL has a logging configuration and includes the required AWS managed rule groups.",
    severity: "high",
    remediation: "Create an aws.wafv2.WebAclLoggingConfiguration with resourceArn: acl.arn (destination: a CloudWatch log group "
        + "named aws-waf-logs-*, an S3 bucket or Firehose), and add rules with managedRuleGroupStatement for each required group "
        + "(vendorName AWS).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            requiredManagedRuleGroups: {
                type: "array",
                items: { type: "string" },
                default: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"],
                description: "Managed rule group names every web ACL must include.",
            },
        },
    },
    types: [ACL],
    check: (resources, config) => {
        const logged = linkedFrom(resources, [LOGGING], "resourceArn");
        const result = new Findings<StackFinding>();
        for (const acl of resources) {
            if (acl.type !== ACL) continue;
            if (!logged.has(acl.urn)) {
                result.report(acl.urn, `Web ACL '${acl.name}' has no aws.wafv2.WebAclLoggingConfiguration whose resourceArn is the ACL's ARN.`);
            }
            const groups = managedGroups(acl);
            if (groups === "unknown") { result.defer(`${acl.name}.rules`); continue; }
            const missing = (config.requiredManagedRuleGroups ?? []).filter((g) => !groups.has(g));
            if (missing.length) {
                result.report(acl.urn, `Web ACL '${acl.name}' lacks required managed rule group(s) ${missing.join(", ")} (rules[].statement.managedRuleGroupStatement.name).`);
            }
        }
        return result.result();
    },
};
