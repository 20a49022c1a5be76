import { checkStatements, classifyPrincipals, hasConditionKeySuffix, hasRestrictingCondition, isAllow } from "../../../lib/iam";
import { ResourceRule } from "../../../lib/rule";
import { isUnknown } from "../../../lib/values";

/** Condition keys that narrow a "*" principal to known accounts, organisations or sources. */
const PRINCIPAL_RESTRICTING_KEYS = [
    "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalArn",
    "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceArn",
];

/** Role trust policies name who may assume the role; web-identity trust is pinned to a subject. */
export const iamTrustRestricted: ResourceRule = {
    kind: "resource",
    name: "iam-trust-restricted",
    description: "Role trust policies allow no \"*\" principal without an account/organisation condition, no NotPrincipal, "
        + "and OIDC (web identity) trust carries a `:sub` condition (Cognito: `:aud`).",
    severity: "critical",
    remediation: "Name the trusted accounts, roles or services in Principal (or add a StringEquals condition on "
        + "aws:PrincipalAccount / aws:PrincipalOrgID); for OIDC providers add StringEquals/StringLike on "
        + "`<issuer>:sub` naming the exact subject (e.g. system:serviceaccount:<ns>:<sa>).",
    enforcementLevel: "mandatory",
    types: ["aws:iam/role:Role"],
    check: ({ props }) => checkStatements([{ path: "assumeRolePolicy", doc: props.assumeRolePolicy }], (s, where, path) => {
        if (!isAllow(s, path)) return [];
        const out: string[] = [];
        if (s.NotPrincipal !== undefined) out.push(`${where} uses NotPrincipal in an Allow: every other principal may assume the role.`);
        for (const p of classifyPrincipals(s, path)) {
            if (p.cls === "any" && !hasRestrictingCondition(s, PRINCIPAL_RESTRICTING_KEYS)) {
                out.push(`${where} trusts principal ${p.kind === "*" ? "\"*\"" : `${p.kind} "${p.value}"`} without a condition on `
                    + `${PRINCIPAL_RESTRICTING_KEYS.slice(0, 2).join(" or ")}: anyone could assume the role.`);
            } else if (p.cls === "oidc" && !hasConditionKeySuffix(s, ":sub")) {
                out.push(`${where} trusts OIDC provider ${displayValue(p.value)} without a \`:sub\` condition: every identity `
                    + "the provider issues tokens to could assume the role.");
            } else if (p.cls === "cognito" && !hasConditionKeySuffix(s, "cognito-identity.amazonaws.com:aud")) {
                out.push(`${where} trusts Cognito identities without a cognito-identity.amazonaws.com:aud condition naming the identity pool.`);
            }
        }
        return out;
    }),
};

function displayValue(v: string): string {
    return isUnknown(v) ? "(computed during preview)" : `"${v}"`;
}
