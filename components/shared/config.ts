/**
 * Building blocks for the layers' config schemas (zod). Pulumi passes every config value to the program as text
 * (numbers and booleans as their text, lists as JSON), so each helper coerces from the text form, and each message
 * says what is allowed. The stack (stacks/config.ts) composes the layers' schemas and reports every problem with the
 * key and the value.
 */
import { z } from "zod";

/** A whole number within [min, max], from its text form. */
export function intFromText(min: number, max: number) {
    const allowed = `must be a whole number from ${min} to ${max}`;
    return z.preprocess((v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
        z.number({ error: allowed }).int(allowed).min(min, allowed).max(max, allowed));
}

/** `true` or `false`, from its text form. */
export const boolFromText = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v),
    z.boolean({ error: "must be true or false" }));

/** A list (a YAML sequence, which Pulumi passes as JSON text) of items; duplicates removed, order kept. */
export function listFromText<T extends z.ZodTypeAny>(item: T) {
    return z.preprocess(fromJsonText, z.array(item, { error: "must be a list (YAML sequence or JSON array)" }).transform((xs) => [...new Set(xs)]));
}

/** JSON text parsed (Pulumi passes YAML sequences and mappings as JSON), anything else as is. */
function fromJsonText(v: unknown): unknown {
    if (typeof v !== "string") return v;
    try { return JSON.parse(v) as unknown; } catch { return v; }
}

/** An object (a YAML mapping) of the given shape; unknown fields refused. */
export function objectFromText<T extends z.ZodRawShape>(shape: T) {
    return z.preprocess(fromJsonText, z.object(shape, { error: "must be a mapping (YAML mapping or JSON object)" }).strict());
}

/** A mapping (a YAML mapping) of names to values of one schema. */
export function mapFromText<T extends z.ZodTypeAny>(value: T) {
    return z.preprocess(fromJsonText, z.record(z.string(), value, { error: "must be a mapping (YAML mapping or JSON object)" }));
}

/** One of the listed values. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
    return z.enum(values, { error: `must be one of: ${values.join(", ")}` });
}

/** A Lambda function's unqualified ARN (no version or alias) in any partition. */
export const LAMBDA_ARN = /^arn:aws(-cn|-us-gov)?:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}$/;

/** An IAM role ARN in any partition. */
export const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** A layer's config keys: one zod schema per Pulumi config key (the key's declaration lives in Pulumi.yaml). */
export type ConfigShape = Record<string, z.ZodTypeAny>;

/** The validated values of a layer's config keys, read-only. */
export type ConfigOf<S extends ConfigShape> = Readonly<{ [K in keyof S]: z.output<S[K]> }>;
