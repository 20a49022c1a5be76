import { allResources, checkStatements, identityPolicyDocuments, IDENTITY_POLICY_TYPES, isAllow, strings } from "../../../lib/iam";
import { ResourceRule } from "../../../lib/rule";

/** No identity policy grants full administrator access (Allow of "*" on "*"). */
export const iamNoAdminWildcard: ResourceRule = {
    kind: "resource",
    name: "iam-no-admin-wildcard",
    description: "IAM identity policies do not Allow Action \"*\" on Resource \"*\" (full administrator access).",
    severity: "critical",
    remediation: "List the actions the principal needs (service:Action) and scope Resource to the ARNs it works on; "
        + "break-glass administrator access belongs to a separately governed role, not to workload policies.",
    enforcementLevel: "mandatory",
    types: IDENTITY_POLICY_TYPES,
    check: ({ type, props }) => checkStatements(identityPolicyDocuments(type, props), (s, where, path) => {
        if (!isAllow(s, path) || s.Action === undefined) return [];
        const admin = strings(s.Action, `${path}.Action`).find((a) => a === "*" || a === "*:*");
        if (!admin || !allResources(s, path)) return [];
        const resource = s.NotResource !== undefined ? "every resource (NotResource)" : "Resource \"*\"";
        return [`${where} allows Action "${admin}" on ${resource}: full administrator access.`];
    }),
};
