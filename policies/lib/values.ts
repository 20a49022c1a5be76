/**
 * Reading resource properties in rules, with explicit handling of values that are unknown during preview: the
 * preview sentinels, stopping a check on an unknown value (the analyzer defers it), and reading values that must be
 * known, set, or a known string. Not a rule.
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

/** True when `value` is unknown or a string containing the unknown sentinel (an interpolated unknown, e.g. an ARN). */
export function unknownish(value: unknown): boolean {
    return isUnknown(value) || (typeof value === "string" && value.includes(UNKNOWN));
}

/** The value when it is a known, non-empty string (no unknown sentinel in it); otherwise undefined. */
export function knownString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && !unknownish(value) ? value : undefined;
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
