import { Findings } from "../../../lib/findings";
import { ResourceRule } from "../../../lib/rule";
import { asArray, isUnknown, unknownValue } from "../../../lib/values";

interface IamNoAdminManagedConfig {
    /** AWS-managed policy names (or full policy ARNs) that must not be attached. */
    deniedPolicies: string[];
}

const DEFAULT_DENIED = ["AdministratorAccess", "IAMFullAccess"];

/** Where each type keeps the policy ARN(s) it attaches. */
const ARN_INPUTS: Record<string, string> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
    "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "policyArns",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": "policyArns",
    "aws:iam/role:Role": "managedPolicyArns",
};

/** True when `arn` is the denied policy: a full ARN equal to it, or an AWS-managed policy of that name (any partition). */
function isDenied(arn: string, denied: string): boolean {
    if (denied.startsWith("arn:")) return arn === denied;
    return /^arn:[a-z-]+:iam::aws:policy\/(.+\/)?[^/]+$/.test(arn) && arn.split("/").pop() === denied;
}

/** AdministratorAccess, IAMFullAccess (and configured policies) are never attached. */
export const iamNoAdminManaged: ResourceRule<IamNoAdminManagedConfig> = {
    kind: "resource",
    name: "iam-no-admin-managed",
    description: "The AWS-managed AdministratorAccess and IAMFullAccess policies (and other configured policies) are not attached to roles, users or groups.",
    severity: "critical",
    remediation: "Attach a least-privilege policy written for the workload instead; administrator access belongs to a "
        + "separately governed break-glass role.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            deniedPolicies: {
                type: "array", items: { type: "string" }, default: DEFAULT_DENIED,
                description: "AWS-managed policy names (matched in any partition and path) or full policy ARNs that must not be attached.",
            },
        },
    },
    types: Object.keys(ARN_INPUTS),
    check: ({ type, props }, config) => {
        const denied = config.deniedPolicies ?? DEFAULT_DENIED;
        const input = ARN_INPUTS[type];
        const value = props[input];
        if (isUnknown(value)) unknownValue(input);
        const findings = new Findings();
        asArray(value as unknown[]).forEach((arn, i) => {
            const at = Array.isArray(value) ? `${input}[${i}]` : input;
            if (isUnknown(arn)) { findings.defer(at); return; }
            const hit = denied.find((d) => isDenied(String(arn), d));
            if (hit) findings.add(`${at} attaches ${arn} (${hit}), which grants administrative access; use a least-privilege policy.`);
        });
        return findings.result();
    },
};
