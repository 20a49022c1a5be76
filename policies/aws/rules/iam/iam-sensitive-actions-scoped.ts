import { allResources, checkStatements, IDENTITY_POLICY_TYPES, identityPolicyDocuments, isAllow, strings } from "../../../lib/iam";
import { actionMatches } from "../../../lib/patterns";
import { ResourceRule } from "../../../lib/rule";

interface IamSensitiveActionsConfig {
    /** Actions that must name their resources. */
    actions: string[];
}

const DEFAULT_ACTIONS = ["iam:PassRole", "kms:Decrypt"];

/** iam:PassRole and kms:Decrypt (and configured actions) are granted on named resources, never on "*". */
export const iamSensitiveActionsScoped: ResourceRule<IamSensitiveActionsConfig> = {
    kind: "resource",
    name: "iam-sensitive-actions-scoped",
    description: "IAM identity policies grant iam:PassRole and kms:Decrypt only on specific resource ARNs, not on Resource \"*\".",
    severity: "high",
    remediation: "Set Resource to the role ARNs that may be passed (iam:PassRole) and the key ARNs that may be used "
        + "(kms:Decrypt); grants through wildcards such as \"iam:*\" or \"kms:*\" count too.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            actions: {
                type: "array", items: { type: "string" }, default: DEFAULT_ACTIONS,
                description: "Actions that must not be granted on Resource \"*\".",
            },
        },
    },
    types: IDENTITY_POLICY_TYPES,
    check: ({ type, props }, config) => {
        const sensitive = config.actions ?? DEFAULT_ACTIONS;
        return checkStatements(identityPolicyDocuments(type, props), (s, where, path) => {
            if (!isAllow(s, path) || !allResources(s, path)) return [];
            const resource = s.NotResource !== undefined ? "every resource (NotResource)" : "Resource \"*\"";
            if (s.NotAction !== undefined) {
                const excluded = strings(s.NotAction, `${path}.NotAction`);
                const granted = sensitive.filter((a) => !excluded.some((p) => actionMatches(p, a)));
                return granted.length ? [`${where} allows ${granted.join(", ")} (through NotAction) on ${resource}; scope them to ARNs.`] : [];
            }
            const actions = s.Action === undefined ? [] : strings(s.Action, `${path}.Action`);
            return sensitive.flatMap((a) => {
                const via = actions.find((p) => actionMatches(p, a));
                if (!via) return [];
                return [`${where} allows ${a}${via.toLowerCase() === a.toLowerCase() ? "" : ` (through "${via}")`} on ${resource}; `
                    + `list the ${a.startsWith("iam:") ? "role" : a.startsWith("kms:") ? "key" : "resource"} ARNs instead.`];
            });
        });
    },
};
