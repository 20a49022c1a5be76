import { Findings } from "../../../lib/findings";
import { BOUNDARY_TAG, isBoundaryPolicy } from "../../../lib/iam";
import { knownIds, refersTo } from "../../../lib/links";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";

const POLICY = "aws:iam/policy:Policy";

/** Where a managed policy is attached as a grant: the attachment types and the property that names the policy. */
const GRANTS: { type: string; prop: string; list?: boolean }[] = [
    { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", prop: "policyArn" },
    { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", prop: "policyArn" },
    { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", prop: "policyArn" },
    { type: "aws:iam/policyAttachment:PolicyAttachment", prop: "policyArn" },
    { type: "aws:iam/role:Role", prop: "managedPolicyArns", list: true },
    { type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", prop: "policyArns", list: true },
];

/**
 * A managed policy tagged as a permissions boundary is used only as one. The identity-policy rules do not read a
 * boundary as a grant (it caps what a role's own policies grant, and usually allows "*" as that cap); this rule is
 * what makes the tag trustworthy.
 */
export const iamBoundaryNotGranted: StackRule = {
    kind: "stack",
    name: "iam-boundary-not-granted",
    description: `A managed policy tagged ${BOUNDARY_TAG.key}: ${BOUNDARY_TAG.value} is never attached to a role, user or group as a grant (only used as a permissionsBoundary).`,
    severity: "critical",
    remediation: "Use the policy only in permissionsBoundary; grant permissions with a policy of its own (least privilege), "
        + "or remove the tag if the policy really is a grant (the IAM rules then check it as one).",
    enforcementLevel: "mandatory",
    types: [POLICY],
    check: (resources) => {
        const result = new Findings<StackFinding>();
        for (const policy of resources) {
            if (policy.type !== POLICY) continue;
            result.check(() => {
                if (!isBoundaryPolicy(policy.type, policy.props)) return;
                const ids = knownIds(policy, ["arn", "id"]);
                for (const grant of grantsOf(resources, policy, ids)) {
                    result.report(policy.urn, `policy '${policy.name}' is tagged ${BOUNDARY_TAG.key}: ${BOUNDARY_TAG.value} `
                        + `(the IAM rules do not read it as a grant) but ${grant.type} '${grant.name}' attaches it as a grant.`);
                }
            });
        }
        return result.result();
    },
};

/** The resources that attach `policy` as a grant (a reference unknown in preview and without a dependency is decided at up). */
function grantsOf(resources: StackSubject[], policy: StackSubject, ids: string[]): StackSubject[] {
    const out: StackSubject[] = [];
    for (const r of resources) {
        const how = GRANTS.find((g) => g.type === r.type);
        if (!how) continue;
        const value = r.props[how.prop];
        const values = how.list ? (Array.isArray(value) ? value : value === undefined ? [] : [value]) : [value];
        const ref = refersTo(r, how.prop, policy, ids, { values });
        if (ref === "linked") out.push(r);
    }
    return out;
}
