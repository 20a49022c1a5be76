import { Findings } from "../../../lib/findings";
import { hasRestrictingCondition, policyStatements, principals } from "../../../lib/iam";
import { ResourceRule } from "../../../lib/rule";
import { isSet, isUnknown, unknownish, unknownValue } from "../../../lib/values";

const PERMISSION = "aws:lambda/permission:Permission";
const POLICY_TYPES = [
    "aws:s3/bucketPolicy:BucketPolicy", "aws:sqs/queuePolicy:QueuePolicy", "aws:sns/topicPolicy:TopicPolicy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy", "aws:ec2/vpcEndpoint:VpcEndpoint",
    // The deprecated/inline `policy` inputs of buckets, queues and topics.
    "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:sqs/queue:Queue", "aws:sns/topic:Topic",
];
/** OpenSearch domain access policies: the domain's `accessPolicies` input, or a DomainPolicy's. */
const ACCESS_POLICY_TYPES = ["aws:opensearch/domain:Domain", "aws:opensearch/domainPolicy:DomainPolicy"];

interface ResourcePolicyNotPublicConfig {
    restrictingConditionKeys: string[];
}

function checkDocument(doc: unknown, prop: string, config: ResourcePolicyNotPublicConfig, findings: Findings) {
    if (unknownish(doc)) { findings.defer(prop); return; }
    const statements = policyStatements(doc, prop);
    if (statements === undefined) return;
    if (statements === null) { findings.add("Resource policy is not a valid JSON policy document."); return; }
    statements.forEach((s, i) => {
        const at = `${prop}.Statement[${i}]`;
        if (isUnknown(s) || isUnknown(s?.Effect)) { findings.defer(at); return; }
        if (s.Effect !== "Allow") return;
        const label = s.Sid ? `'${s.Sid}'` : `[${i}]`;
        if (s.NotPrincipal !== undefined) {
            findings.add(`Statement ${label} allows with NotPrincipal, which grants access to everyone else; name the principals instead.`);
            return;
        }
        const ps = principals(s.Principal);
        if (isUnknown(s.Principal) || ps.some((p) => isUnknown(p.value))) { findings.defer(`${at}.Principal`); return; }
        const publicPrincipal = ps.some((p) => p.kind === "*" || (p.kind === "AWS" && p.value === "*"));
        if (!publicPrincipal) return;
        if (isUnknown(s.Condition)) { findings.defer(`${at}.Condition`); return; }
        if (!hasRestrictingCondition(s, config.restrictingConditionKeys)) {
            findings.add(`Statement ${label} allows Principal '*' without a restricting Condition (one of ${config.restrictingConditionKeys.join(", ")}).`);
        }
    });
}

function checkPermission(props: Record<string, any>): string | undefined {
    const principal = props.principal;
    if (isUnknown(principal)) unknownValue("principal");
    const scoped = isSet(props.sourceArn) || isSet(props.sourceAccount);
    if (principal === "*") {
        if (scoped || isSet(props.principalOrgId)) return;
        return "Lambda permission grants principal '*' without sourceArn, sourceAccount or principalOrgId: anyone can invoke the function.";
    }
    if (typeof principal === "string" && /\.amazonaws\.com(\.cn)?$/.test(principal) && !scoped) {
        return `Lambda permission for service principal '${principal}' has no sourceArn (or sourceAccount): any account's ${principal} resource could invoke it.`;
    }
    return undefined;
}

/** Resource policies never open a resource to everyone. */
export const resourcePolicyNotPublic: ResourceRule<ResourcePolicyNotPublicConfig> = {
    kind: "resource",
    name: "resource-policy-not-public",
    description: "Resource policies (OpenSearch domain access policies included) and Lambda permissions do not allow a wildcard principal without a restricting condition, and service-principal Lambda permissions name their source.",
    severity: "critical",
    remediation: "Name the principals (account roots, roles, service principals) instead of '*', or add a Condition such as "
        + "StringEquals aws:PrincipalAccount / aws:PrincipalOrgID / aws:SourceAccount / aws:SourceVpce; on aws.lambda.Permission set "
        + "sourceArn (and sourceAccount) for service principals. An OpenSearch domain access policy (accessPolicies of "
        + "aws.opensearch.Domain or DomainPolicy) names the roles that sign requests; a domain whose fine-grained access control "
        + "must receive unsigned (HTTP basic auth) requests needs a reviewed waiver saying what restricts it instead.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            restrictingConditionKeys: {
                type: "array",
                items: { type: "string" },
                default: [
                    "aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner", "aws:PrincipalAccount", "aws:PrincipalOrgID",
                    "aws:SourceVpce", "aws:SourceVpc", "kms:CallerAccount",
                ],
                description: "Condition keys that make a wildcard principal acceptable (positive operators only, non-wildcard values).",
            },
        },
    },
    types: [...POLICY_TYPES, ...ACCESS_POLICY_TYPES, PERMISSION],
    check: ({ type, props }, config) => {
        if (type === PERMISSION) return checkPermission(props);
        const findings = new Findings();
        const prop = ACCESS_POLICY_TYPES.includes(type) ? "accessPolicies" : "policy";
        checkDocument(props[prop], prop, config, findings);
        return findings.result();
    },
};
