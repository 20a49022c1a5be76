import { ResourceRule } from "../../../lib/rule";
import { asArray, isUnknown, unknownValue } from "../../../lib/values";

/** Permissions are never attached to IAM users directly. */
export const iamNoUserPolicies: ResourceRule = {
    kind: "resource",
    name: "iam-no-user-policies",
    description: "IAM policies are not attached to IAM users (inline or managed); permissions come through roles or groups.",
    severity: "medium",
    remediation: "Grant the permissions to a role (assumed through SSO or federation) or to a group the user belongs to, "
        + "and remove the UserPolicy / UserPolicyAttachment / PolicyAttachment users entry.",
    enforcementLevel: "mandatory",
    types: [
        "aws:iam/userPolicy:UserPolicy",
        "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        "aws:iam/userPoliciesExclusive:UserPoliciesExclusive",
        "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
        "aws:iam/policyAttachment:PolicyAttachment",
    ],
    check: ({ type, props }) => {
        switch (type) {
            case "aws:iam/userPolicy:UserPolicy":
                return "Inline policy attached to an IAM user (aws.iam.UserPolicy): grant permissions through a role or group.";
            case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
                return "Managed policy attached to an IAM user (aws.iam.UserPolicyAttachment): attach it to a role or group.";
            case "aws:iam/userPoliciesExclusive:UserPoliciesExclusive":
                return nonEmpty(props.policyNames, "policyNames")
                    ? "UserPoliciesExclusive keeps inline policies on an IAM user (policyNames is not empty): grant them through a role or group."
                    : undefined;
            case "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive":
                return nonEmpty(props.policyArns, "policyArns")
                    ? "UserPolicyAttachmentsExclusive attaches managed policies to an IAM user (policyArns is not empty): attach them to a role or group."
                    : undefined;
            default: // PolicyAttachment
                return nonEmpty(props.users, "users")
                    ? "PolicyAttachment attaches a policy to IAM users (users is not empty): attach it to roles or groups only."
                    : undefined;
        }
    },
};

function nonEmpty(value: unknown, path: string): boolean {
    if (isUnknown(value)) unknownValue(path);
    return asArray(value).length > 0;
}
