/**
 * Reading resource properties in rules: explicit handling of values that are unknown during preview, and IAM policy
 * documents (JSON strings or objects) normalised to statement lists.
 */
import { UnknownValueError } from "@pulumi/policy";

/** The sentinels @pulumi/policy uses for values unknown during preview (all kinds). */
const UNKNOWN_SENTINELS = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (also the engine's wire sentinel)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** The unknown-string sentinel, for fixtures that model preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when a value is unknown during preview (it will be known at update, when the packs run again). */
export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/**
 * Stop the check because a value it needs is unknown. The analyzer turns this into an advisory
 * "can't run policy during preview" note; the same policy runs again with known values on `pulumi up`.
 */
export function unknownValue(path: string): never {
    throw new UnknownValueError(UNKNOWN as any, path.split("."));
}

/** True when a value is set: unknown counts as set (a computed ARN is still an ARN). */
export function isSet(value: unknown): boolean {
    if (isUnknown(value)) return true;
    return value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
}

/** Read a boolean that must be known to decide; an unknown one stops the check (see unknownValue). */
export function knownBool(value: unknown, path: string): boolean | undefined {
    if (isUnknown(value)) unknownValue(path);
    return value === undefined || value === null ? undefined : value === true || value === "true";
}

/** Read a value that must be known to decide; an unknown one stops the check (see unknownValue). */
export function known<T>(value: T, path: string): T {
    if (isUnknown(value)) unknownValue(path);
    return value;
}

/** Always an array. */
export function asArray<T>(value: T | T[] | undefined | null): T[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
}

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
    if (isUnknown(doc)) unknownValue(path);
    let parsed: any = doc;
    if (typeof doc === "string") {
        if (doc.includes(UNKNOWN)) unknownValue(path);
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
export function isPositiveConditionOperator(op: string): boolean {
    return !/Not|IfExists|^Null$/i.test(op);
}

/** The (operator, key, values) entries of a statement's Condition block. */
export function conditionEntries(s: IamStatement): { op: string; key: string; values: unknown[] }[] {
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
 * True when the statement carries one of `keys` (case-insensitive) under a positive operator with concrete values:
 * no value is empty or a wildcard (an unknown value is a computed account or ARN, so it counts).
 */
export function hasRestrictingCondition(s: IamStatement, keys: string[]): boolean {
    const wanted = new Set(keys.map((k) => k.toLowerCase()));
    return conditionEntries(s).some(({ op, key, values }) => wanted.has(key.toLowerCase()) && isPositiveConditionOperator(op)
        && values.length > 0 && values.every((v) => isUnknown(v) || (v !== "" && v !== "*")));
}

/** True when `text` matches a glob where `*` is any run of characters (case-sensitive: ARNs, URNs). */
export function globMatch(pattern: string, text: string): boolean {
    return new RegExp("^" + pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*") + "$").test(text);
}

/** True when an IAM action pattern matches an action (case-insensitive, `*` and `?` wildcards, as IAM does). */
export function actionMatches(pattern: string, action: string): boolean {
    const re = new RegExp("^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$", "i");
    return re.test(action);
}
