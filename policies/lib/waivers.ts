/**
 * Waivers: the one reviewed place where a resource is exempted from a named rule, always with a reason.
 *
 * policies/waivers.yaml:
 *   waivers:
 *     - policy: kms-rotation            # the rule's name (required)
 *       resource: my-key                # a resource name, a full URN, or a URN glob with * (required)
 *       stacks: [dev]                   # optional: only in these stacks
 *       reason: "Why this is safe"      # required, at least 15 characters
 *       expires: 2027-01-31             # optional: the waiver stops applying after this day
 *       approvedBy: security-team       # optional
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { globMatch } from "./patterns";
import { stackOfUrn } from "./stacks";

export interface Waiver {
    policy: string;
    resource: string;
    stacks?: string[];
    reason: string;
    expires?: string;
    approvedBy?: string;
}

/** A violation that a waiver suppressed; the planner lists these as the waivers in force. */
export interface WaiverHit {
    /** The pack's name. */
    pack: string;
    /** The rule's name. */
    policy: string;
    /** The resource whose finding was waived. */
    urn: string;
    /** The finding's message. */
    message: string;
    /** The waiver's reason, resource pattern, expiry and approver. */
    reason: string;
    resource: string;
    expires?: string;
    approvedBy?: string;
}

/**
 * The key under which each policy made by toPolicy (rule.ts) carries its ledger: the findings its waivers suppressed,
 * a `WaiverHit[]` the evaluator (the planner) clears before running the policy and reads after. `Symbol.for`, so a
 * bundled copy of this library (a published pack) attaches its ledgers under the same key. The real analyzer ignores it.
 */
export const WAIVED = Symbol.for("ecommerce-platform.waived");

/** The name of the waiver file, in the repository (`policies/waivers.yaml`) and beside a bundled pack. */
export const WAIVERS_FILE_NAME = "waivers.yaml";

/**
 * The reviewed waiver file: `waivers.yaml` beside the running code when there is one (a bundled, published pack:
 * `tools/packs` ships it next to index.js), else the repository's `policies/waivers.yaml`.
 */
export function defaultWaiversFile(dir: string = __dirname): string {
    const beside = path.join(dir, WAIVERS_FILE_NAME);
    return fs.existsSync(beside) ? beside : path.join(dir, "..", WAIVERS_FILE_NAME);
}

/**
 * The waiver file the packs apply. A bundled pack applies the file it was published with and nothing else: it runs
 * in every stack of a policy group, where an environment variable of whoever runs `pulumi up` must not replace the
 * reviewed waivers. The source packs (local `--policy-pack policies/<pack>`, the planner, tests) take
 * `PLATFORM_POLICY_WAIVERS` from `env` when set, else the repository's file.
 */
export function waiversFileInForce(dir: string = __dirname, env: NodeJS.ProcessEnv = process.env): string {
    const file = defaultWaiversFile(dir);
    const override = env.PLATFORM_POLICY_WAIVERS;
    return override === undefined || path.dirname(file) === dir ? file : override;
}

export class WaiverFileError extends Error {
    constructor(file: string, problems: string[]) {
        super(`${file}: invalid waivers:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "WaiverFileError";
    }
}

/** Validate raw waiver entries; `knownPolicies` (when given) rejects waivers of rules that do not exist. */
export function validateWaivers(raw: unknown, source: string, knownPolicies?: Set<string>): Waiver[] {
    const problems: string[] = [];
    const list = raw === null || raw === undefined ? [] : (raw as any).waivers ?? [];
    if (!Array.isArray(list)) throw new WaiverFileError(source, ["'waivers' must be a list"]);
    list.forEach((w: any, i: number) => {
        const at = `waivers[${i}]`;
        if (!w || typeof w !== "object") { problems.push(`${at}: must be a mapping`); return; }
        if (typeof w.policy !== "string" || !w.policy) problems.push(`${at}.policy: required, the rule's name`);
        else if (knownPolicies && !knownPolicies.has(w.policy)) problems.push(`${at}.policy: '${w.policy}' is not a rule of any pack`);
        if (typeof w.resource !== "string" || !w.resource) problems.push(`${at}.resource: required, a resource name, URN or URN glob`);
        if (typeof w.reason !== "string" || w.reason.trim().length < 15) {
            problems.push(`${at}.reason: required, at least 15 characters saying why the exception is safe`);
        }
        if (w.stacks !== undefined && !(Array.isArray(w.stacks) && w.stacks.every((s: unknown) => typeof s === "string"))) {
            problems.push(`${at}.stacks: must be a list of stack names`);
        }
        if (w.expires !== undefined && Number.isNaN(Date.parse(String(w.expires)))) {
            problems.push(`${at}.expires: '${w.expires}' is not a date (YYYY-MM-DD)`);
        }
        const extra = Object.keys(w).filter((k) => !["policy", "resource", "stacks", "reason", "expires", "approvedBy"].includes(k));
        if (extra.length) problems.push(`${at}: unknown field(s) ${extra.join(", ")}`);
    });
    if (problems.length) throw new WaiverFileError(source, problems);
    return list.map((w: any) => ({ ...w, expires: w.expires === undefined ? undefined : String(w.expires instanceof Date ? w.expires.toISOString().slice(0, 10) : w.expires) }));
}

/** Load the waiver file (missing file = no waivers); by default the one in force (waiversFileInForce). */
export function loadWaivers(file: string = waiversFileInForce(),
    knownPolicies?: Set<string>): Waiver[] {
    if (!fs.existsSync(file)) return [];
    return validateWaivers(parseYaml(fs.readFileSync(file, "utf8")), file, knownPolicies);
}

/** The waiver that exempts `urn` from `policy` today, if any. */
export function findWaiver(waivers: readonly Waiver[], policy: string, urn: string, today = new Date()): Waiver | undefined {
    const name = urn.split("::").pop() ?? "";
    const stack = stackOfUrn(urn);
    return waivers.find((w) => w.policy === policy
        && (w.resource === urn || w.resource === name || (w.resource.includes("*") && globMatch(w.resource, urn)))
        && (!w.stacks || w.stacks.includes(stack))
        && (!w.expires || Date.parse(w.expires) >= Date.parse(today.toISOString().slice(0, 10))));
}
