/**
 * IAM policy documents in rules (identity, trust, key and resource policies): statements parsed from JSON text or
 * objects, principals and conditions classified, which documents a resource carries, and evaluation that reports what
 * the known documents show before deferring the unknown ones to the update. Not a rule.
 */
import { deferUnknowns } from "./findings";
import { asArray, isUnknown, unknownish, unknownValue } from "./values";

/** One statement of a policy document, as written (field values may be unknown during preview). */
export interface IamStatement {
    Sid?: string;
    Effect: string;
    Principal?: unknown;
    NotPrincipal?: unknown;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}

/**
 * Parse an IAM policy document (JSON text or object). Returns undefined when absent, throws UnknownValueError
 * (via unknownValue) when unknown, and returns `null` when the text is not valid JSON.
 */
export function policyStatements(doc: unknown, path: string): IamStatement[] | undefined | null {
    if (doc === undefined || doc === null || doc === "") return undefined;
    if (unknownish(doc)) unknownValue(path);
    let parsed: any = doc;
    if (typeof doc === "string") {
        try { parsed = JSON.parse(doc); } catch { return null; }
    }
    if (!parsed || typeof parsed !== "object") return null;
    return asArray(parsed.Statement ?? parsed.statement) as IamStatement[];
}

/** The principals of a statement as `{ kind, value }`, with `*` (string form) as kind "*". */
export function principals(p: unknown): { kind: string; value: string }[] {
    if (p === undefined || p === null) return [];
    if (p === "*") return [{ kind: "*", value: "*" }];
    if (typeof p !== "object") return [{ kind: "unknown", value: String(p) }];
    const out: { kind: string; value: string }[] = [];
    for (const [kind, vs] of Object.entries(p as Record<string, unknown>)) {
        for (const v of asArray(vs as string | string[])) out.push({ kind, value: String(v) });
    }
    return out;
}

/** False for operators that let requests without the key through (negated, ...IfExists, Null): they restrict nothing. */
function isPositiveConditionOperator(op: string): boolean {
    return !/Not|IfExists|^Null$/i.test(op);
}

/** The (operator, key, values) entries of a statement's Condition block. */
function conditionEntries(s: IamStatement): { op: string; key: string; values: unknown[] }[] {
    const out: { op: string; key: string; values: unknown[] }[] = [];
    const cond = s.Condition;
    if (!cond || typeof cond !== "object") return out;
    for (const [op, block] of Object.entries(cond)) {
        if (!block || typeof block !== "object") continue;
        for (const [key, v] of Object.entries(block)) out.push({ op, key, values: asArray(v as unknown[]) });
    }
    return out;
}

/**
 * True when the statement carries a condition key that `keys` names (a list, case-insensitive, or a test of the key)
 * under a positive operator with concrete values: at least one, none empty or a wildcard (an unknown value is a
 * computed account or ARN, so it counts).
 */
export function hasRestrictingCondition(s: IamStatement, keys: readonly string[] | ((key: string) => boolean)): boolean {
    const wanted = typeof keys === "function" ? undefined : new Set(keys.map((k) => k.toLowerCase()));
    const named = (key: string) => (wanted ? wanted.has(key.toLowerCase()) : (keys as (key: string) => boolean)(key));
    return conditionEntries(s).some(({ op, key, values }) => named(key) && isPositiveConditionOperator(op)
        && values.length > 0 && values.every((v) => isUnknown(v) || (v !== "" && v !== "*")));
}

/** hasRestrictingCondition for the condition keys that end with `suffix` (e.g. ":sub" of an OIDC provider). */
export function hasConditionKeySuffix(s: IamStatement, suffix: string): boolean {
    return hasRestrictingCondition(s, (key) => key.toLowerCase().endsWith(suffix.toLowerCase()));
}

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

/**
 * The tag that declares a managed policy a permissions boundary. A boundary grants nothing (it caps what a role's own
 * policies grant), so the identity-policy rules do not read it as a grant; `iam-boundary-not-granted` proves a policy
 * so tagged is never attached as one.
 */
export const BOUNDARY_TAG = { key: "PolicyUse", value: "permissions-boundary" } as const;

/** True when a managed policy declares itself a permissions boundary (an unknown tag value defers the check). */
export function isBoundaryPolicy(type: string, props: Record<string, any>): boolean {
    if (type !== "aws:iam/policy:Policy") return false;
    const tags = props.tags;
    if (isUnknown(tags)) unknownValue("tags");
    const value = tags?.[BOUNDARY_TAG.key];
    if (isUnknown(value)) unknownValue(`tags.${BOUNDARY_TAG.key}`);
    return value === BOUNDARY_TAG.value;
}

/** The identity-policy documents of a resource of one of IDENTITY_POLICY_TYPES (none for a permissions boundary). */
export function identityPolicyDocuments(type: string, props: Record<string, any>): DocumentRef[] {
    if (isBoundaryPolicy(type, props)) return [];
    if (type !== "aws:iam/role:Role") return [{ path: "policy", doc: props.policy }];
    const inline = props.inlinePolicies;
    if (isUnknown(inline)) return [{ path: "inlinePolicies", doc: inline }];
    return asArray(inline).map((p: any, i) => (isUnknown(p)
        ? { path: `inlinePolicies[${i}]`, doc: p }
        : { path: `inlinePolicies[${i}].policy`, doc: p?.policy }));
}


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
