import { deferUnknowns } from "../../../lib/findings";
import { checkStatements, classifyPrincipals, hasRestrictingCondition, isAllow } from "../../../lib/iam";
import { ResourceRule } from "../../../lib/rule";
import { isUnknown, unknownValue } from "../../../lib/values";

/** Condition keys that keep a "*" principal inside the account or organisation. */
const KEY_POLICY_RESTRICTING_KEYS = ["kms:CallerAccount", "aws:PrincipalAccount", "aws:PrincipalOrgID"];

/** KMS key policies keep the lockout safety check and never open the key to anyone. */
export const kmsKeyPolicySafe: ResourceRule = {
    kind: "resource",
    name: "kms-key-policy-safe",
    description: "KMS key policies keep the lockout safety check (bypassPolicyLockoutSafetyCheck not true) and allow no "
        + "\"*\" principal unless a kms:CallerAccount, aws:PrincipalAccount or aws:PrincipalOrgID condition restricts it.",
    severity: "critical",
    remediation: "Remove bypassPolicyLockoutSafetyCheck; grant the key to the account root, named roles or service "
        + "principals, or add a StringEquals condition on kms:CallerAccount / aws:PrincipalAccount / aws:PrincipalOrgID "
        + "to statements with Principal \"*\".",
    enforcementLevel: "mandatory",
    types: [
        "aws:kms/key:Key",
        "aws:kms/keyPolicy:KeyPolicy",
        "aws:kms/replicaKey:ReplicaKey",
        "aws:kms/externalKey:ExternalKey",
        "aws:kms/replicaExternalKey:ReplicaExternalKey",
    ],
    check: ({ props }) => deferUnknowns([
        () => {
            const bypass = props.bypassPolicyLockoutSafetyCheck;
            if (isUnknown(bypass)) unknownValue("bypassPolicyLockoutSafetyCheck");
            return bypass === true || bypass === "true"
                ? ["bypassPolicyLockoutSafetyCheck is true: the key policy could lock every principal out of the key."]
                : [];
        },
        () => checkStatements([{ path: "policy", doc: props.policy }], (s, where, path) => {
            if (!isAllow(s, path)) return [];
            if (s.NotPrincipal !== undefined) return [`${where} uses NotPrincipal in an Allow: every other principal may use the key.`];
            const open = classifyPrincipals(s, path).find((p) => p.cls === "any");
            if (!open || hasRestrictingCondition(s, KEY_POLICY_RESTRICTING_KEYS)) return [];
            return [`${where} allows principal ${open.kind === "*" ? "\"*\"" : `${open.kind} "${open.value}"`} without a condition on `
                + `${KEY_POLICY_RESTRICTING_KEYS.join(", ")}: any AWS account could use the key.`];
        }),
    ]),
};
