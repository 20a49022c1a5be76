/**
 * Helpers shared by the IAM and KMS rules (not a rule): which policy documents a resource carries, statement fields
 * read with explicit unknown handling, condition and principal classification, and evaluation that reports what the
 * known documents show before deferring the unknown ones to the update.
 */
import { deferUnknowns } from "../../../lib/findings";
import { asArray, conditionEntries, hasRestrictingCondition, IamStatement, isPositiveConditionOperator, isUnknown, policyStatements, principals, unknownValue } from "../../../lib/values";

/** Identity-policy carriers: their `policy` input (Role: `inlinePolicies[].policy`). */
export const IDENTITY_POLICY_TYPES = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    "aws:iam/role:Role",
];

export interface DocumentRef {
    /** Input path of the document, used in messages and unknown notes. */
    path: string;
    doc: unknown;
}

/** The identity-policy documents of a resource of one of IDENTITY_POLICY_TYPES. */
export function identityPolicyDocuments(type: string, props: Record<string, any>): DocumentRef[] {
    if (type !== "aws:iam/role:Role") return [{ path: "policy", doc: props.policy }];
    const inline = props.inlinePolicies;
    if (isUnknown(inline)) return [{ path: "inlinePolicies", doc: inline }];
    return asArray(inline).map((p: any, i) => (isUnknown(p)
        ? { path: `inlinePolicies[${i}]`, doc: p }
        : { path: `inlinePolicies[${i}].policy`, doc: p?.policy }));
}


export { deferUnknowns, hasRestrictingCondition };

/** A statement's label for messages: `policy statement 'Sid'` or `policy statement #2`. */
function label(path: string, s: IamStatement, i: number): string {
    return typeof s?.Sid === "string" && s.Sid && !isUnknown(s.Sid) ? `${path} statement '${s.Sid}'` : `${path} statement #${i + 1}`;
}

/**
 * Apply `fn` to every statement of every document. Unknown documents or statement fields are deferred (see
 * deferUnknowns); documents that are not valid JSON are skipped (AWS rejects them).
 */
export function checkStatements(docs: DocumentRef[], fn: (s: IamStatement, where: string, path: string) => string[]): string[] {
    return deferUnknowns(docs.map((d) => () => {
        const statements = policyStatements(d.doc, d.path);
        if (!statements) return [];
        return deferUnknowns(statements.map((s, i) => () => {
            if (isUnknown(s)) unknownValue(`${d.path}.Statement`);
            return fn(s, label(d.path, s, i), `${d.path}.Statement`);
        }));
    }));
}

/** A statement field (Action, Resource...) as strings; an unknown field or element stops this statement. */
export function strings(value: unknown, path: string): string[] {
    if (isUnknown(value)) unknownValue(path);
    return asArray(value as unknown[]).map((v) => {
        if (isUnknown(v)) unknownValue(path);
        return String(v);
    });
}

/** True for an Allow statement (Effect is required; an unknown Effect stops this statement). */
export function isAllow(s: IamStatement, path: string): boolean {
    if (isUnknown(s.Effect)) unknownValue(`${path}.Effect`);
    return String(s.Effect).toLowerCase() === "allow";
}

/** True when a statement's resources include every resource: Resource "*" or any NotResource. */
export function allResources(s: IamStatement, path: string): boolean {
    if (s.NotResource !== undefined) return true;
    return strings(s.Resource, `${path}.Resource`).includes("*");
}


/** True when a positive condition key ends with `suffix` (e.g. ":sub") and restricts to something other than "*". */
export function hasConditionKeySuffix(s: IamStatement, suffix: string): boolean {
    return conditionEntries(s).some(({ op, key, values }) => key.toLowerCase().endsWith(suffix.toLowerCase()) && isPositiveConditionOperator(op)
        && values.length > 0 && values.every((v) => isUnknown(v) || String(v) !== "*"));
}



export type PrincipalClass = "any" | "aws" | "service" | "oidc" | "cognito" | "saml" | "other";

export interface ClassifiedPrincipal {
    cls: PrincipalClass;
    kind: string;
    value: string;
}

/**
 * The principals of a statement, classified: `any` is "*" or an AWS principal containing "*"; federated principals
 * are OIDC (an oidc-provider ARN, or an unknown provider assumed with AssumeRoleWithWebIdentity), Cognito or SAML.
 * An unknown Principal, or an unknown federated provider whose kind the actions do not reveal, stops the statement.
 */
export function classifyPrincipals(s: IamStatement, path: string): ClassifiedPrincipal[] {
    if (isUnknown(s.Principal)) unknownValue(`${path}.Principal`);
    const actions = s.Action === undefined ? [] : strings(s.Action, `${path}.Action`).map((a) => a.toLowerCase());
    return principals(s.Principal).map(({ kind, value }) => {
        const k = kind.toLowerCase();
        if (kind === "*") return { cls: "any", kind, value };
        if (k === "aws") return { cls: !isUnknown(value) && value.includes("*") ? "any" : "aws", kind, value };
        if (k === "service") return { cls: "service", kind, value };
        if (k === "federated") {
            if (isUnknown(value)) {
                if (actions.includes("sts:assumerolewithwebidentity")) return { cls: "oidc", kind, value };
                if (actions.includes("sts:assumerolewithsaml")) return { cls: "saml", kind, value };
                unknownValue(`${path}.Principal.Federated`);
            }
            if (value === "cognito-identity.amazonaws.com") return { cls: "cognito", kind, value };
            if (value.includes(":saml-provider/")) return { cls: "saml", kind, value };
            if (value.includes(":oidc-provider/") || actions.includes("sts:assumerolewithwebidentity")) return { cls: "oidc", kind, value };
            return { cls: "other", kind, value };
        }
        if (kind === "unknown" && value === "*") return { cls: "any", kind, value };
        return { cls: "other", kind, value };
    });
}

