import { checkStatements, IDENTITY_POLICY_TYPES, identityPolicyDocuments, isAllow, strings } from "../../../lib/iam";
import { actionMatches } from "../../../lib/patterns";
import { ResourceRule } from "../../../lib/rule";

interface IamNoServiceWildcardsConfig {
    /** Action patterns that may be granted on Resource "*" (they have no resource-level permissions or are harmless). */
    resourceWildcardActions: string[];
}

/** Actions that support no resource-level permission (or only read metadata), so Resource "*" is expected. */
const DEFAULT_RESOURCE_WILDCARD_ACTIONS = [
    "sts:GetCallerIdentity",
    "ec2:Describe*",
    "autoscaling:Describe*",
    "elasticloadbalancing:Describe*",
    "logs:CreateLogGroup",
    "logs:DescribeLogGroups",
    "cloudwatch:PutMetricData",
    "cloudwatch:GetMetricData",
    "cloudwatch:ListMetrics",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:GetSamplingStatisticSummaries",
    "ecr:GetAuthorizationToken",
    "tag:GetResources",
    "kms:ListAliases",
    "kms:ListKeys",
    // The AWS Load Balancer Controller's: no resource-level permissions exist for these.
    "acm:ListCertificates",
    "elasticloadbalancing:SetWebAcl",
    // Step Functions task-token callbacks: the token is the capability; the actions name no resource type.
    "states:SendTaskSuccess",
    "states:SendTaskFailure",
    "states:SendTaskHeartbeat",
    // Vended-log delivery (Step Functions, EventBridge Pipes, API Gateway execution logs set up by the service): AWS
    // documents these on Resource "*" and they name no resource type.
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
];

/** No service-wide wildcard actions, no Allow+NotAction, and Resource "*" only for allow-listed actions. */
export const iamNoServiceWildcards: ResourceRule<IamNoServiceWildcardsConfig> = {
    kind: "resource",
    name: "iam-no-service-wildcards",
    description: "IAM identity policies grant no service-wide wildcard actions (\"svc:*\", \"*\", Allow with NotAction) "
        + "and use Resource \"*\" only for allow-listed actions.",
    severity: "high",
    remediation: "Replace \"svc:*\" and NotAction with the specific actions needed, and scope Resource to ARNs; actions "
        + "without resource-level permissions can be added to the rule's resourceWildcardActions config.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            resourceWildcardActions: {
                type: "array", items: { type: "string" }, default: DEFAULT_RESOURCE_WILDCARD_ACTIONS,
                description: "Action patterns allowed on Resource \"*\" (IAM wildcards * and ?).",
            },
        },
    },
    types: IDENTITY_POLICY_TYPES,
    check: ({ type, props }, config) => {
        const allowed = config.resourceWildcardActions ?? DEFAULT_RESOURCE_WILDCARD_ACTIONS;
        return checkStatements(identityPolicyDocuments(type, props), (s, where, path) => {
            if (!isAllow(s, path)) return [];
            const out: string[] = [];
            if (s.NotAction !== undefined) {
                out.push(`${where} is an Allow with NotAction, which grants every action not listed; list the allowed actions instead.`);
            }
            const actions = s.Action === undefined ? [] : strings(s.Action, `${path}.Action`);
            const wide = actions.filter((a) => a === "*" || a === "*:*" || /^[a-z0-9-]+:\*$/i.test(a));
            if (wide.length) out.push(`${where} grants every action of a service (${wide.map((a) => `"${a}"`).join(", ")}).`);
            if (s.NotResource === undefined && strings(s.Resource, `${path}.Resource`).includes("*")) {
                const notAllowed = actions.filter((a) => !allowed.some((p) => actionMatches(p, a)));
                if (notAllowed.length) {
                    out.push(`${where} allows ${notAllowed.map((a) => `"${a}"`).join(", ")} on Resource "*"; scope Resource to ARNs `
                        + "(only allow-listed actions may use \"*\").");
                }
            } else if (s.NotResource !== undefined) {
                out.push(`${where} uses NotResource in an Allow, which grants the actions on every other resource.`);
            }
            return out;
        });
    },
};
