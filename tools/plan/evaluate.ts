/**
 * Evaluates CrossGuard policy packs over recorded resources the way the CLI and @pulumi/policy's analyzer do:
 * - pack config reconciled as the CLI's ReconcilePolicyPackConfig does: each policy's own level and its configSchema
 *   defaults, then the pack's initial config, then the `--policy-pack-config` file (`all` first, then per policy;
 *   config for a policy the pack does not have is ignored), validated with JSON Schema;
 * - enforcement per policy: configured level > the policy's own level > the pack's default; `disabled` skips;
 *   `remediate` runs the remediation first, then validates as mandatory;
 * - resource policies once per resource on its inputs, with isType/asType, getConfig, notApplicable, stackTags and
 *   the provider; stack policies once over all resources on their outputs (AnalyzeStack), with parent, dependencies
 *   and propertyDependencies as resource objects;
 * - a policy that returns a promise is awaited (asynchronous policies of any published pack run offline);
 * - reading a value unknown during preview gives the analyzer's advisory "can't run policy ... during preview" note.
 *
 * Packs are loaded without starting the analyzer's gRPC server: PolicyPack is swapped for a recorder while the
 * pack's index module runs, so the exact pack that `pulumi preview --policy-pack DIR` loads is the one evaluated.
 */
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import type { EnforcementLevel, Policies, PolicyPackArgs } from "@pulumi/policy";
import { PlanResource, policyView } from "./recorder";

/** A pack config in the CLI's file format: `{ "all": level, "<policy>": level | { enforcementLevel?, ...props } }`. */
export type PackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

/** One policy's reconciled config, as the CLI sends it to the analyzer's Configure. */
export interface PolicyConfig {
    enforcementLevel?: EnforcementLevel;
    properties: Record<string, unknown>;
}

export interface LoadedPack {
    name: string;
    version: string;
    dir?: string;
    enforcementLevel: EnforcementLevel;
    policies: Policies;
    /** Config passed to the PolicyPack constructor (its third argument). */
    config: PackConfig;
    /** The config after reconciliation with a `--policy-pack-config` file (see reconcilePackConfig). */
    resolved?: Record<string, PolicyConfig>;
}

export type Phase = "preview" | "up";

export interface Violation {
    pack: string;
    policy: string;
    enforcementLevel: "advisory" | "mandatory";
    urn: string | null;
    message: string;
    severity?: string;
    /**
     * `preview` when a first `pulumi preview` already reports it; `up` when only `pulumi up` would (the value it
     * depends on is unknown until the update). Set by the planner, which evaluates both phases.
     */
    phase?: Phase;
}

export interface PolicyNote {
    pack: string;
    policy: string;
    urn: string | null;
    message: string;
}

/**
 * A finding a waiver suppressed, as the platform's packs record it (policies/lib/waivers.ts; the planner declares
 * the shape itself and imports nothing from the packs it evaluates).
 */
export interface WaiverHit {
    pack: string;
    policy: string;
    urn: string;
    message: string;
    reason: string;
    resource: string;
    expires?: string;
    approvedBy?: string;
}

/**
 * Where a policy of the platform's packs keeps its ledger of waived findings (policies/lib/waivers.ts WAIVED; a
 * well-known symbol, so a bundled pack's copy of the library uses the same key). Other packs have no ledger.
 */
const WAIVED = Symbol.for("ecommerce-platform.waived");

function waiverLedger(policy: unknown): WaiverHit[] | undefined {
    const ledger = policy && typeof policy === "object" ? (policy as Record<symbol, unknown>)[WAIVED] : undefined;
    return Array.isArray(ledger) ? ledger : undefined;
}

export interface Evaluation {
    violations: Violation[];
    /** Checks that could not run because a value is unknown during preview (advisory, like the analyzer). */
    unknowns: PolicyNote[];
    /** Inputs changed by remediating policies. */
    remediations: PolicyNote[];
    /** Findings that waivers suppressed (not violations), read from the policies' ledgers. */
    waivers: WaiverHit[];
    /** Number of (policy, resource) checks that ran / were not applicable. */
    checks: number;
    notApplicable: number;
    packs: { name: string; version: string; policies: number; enforcement: Record<string, string> }[];
}

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/**
 * What `args.notApplicable()` throws. Not an Error: a policy calls it for most (policy, resource) pairs, and capturing a
 * stack each time was a tenth of a large plan's time; the analyzer only records the reason, which the planner counts.
 */
const NOT_APPLICABLE = Object.freeze({ notApplicable: true });
// eslint-disable-next-line @typescript-eslint/only-throw-error -- a shared sentinel on purpose (see above)
const throwNotApplicable = (_reason?: string): never => { throw NOT_APPLICABLE; };

/**
 * True for the UnknownValueError that @pulumi/policy's unknown-checking proxy throws when a policy reads a value unknown
 * during preview. Duck-typed (the error carries `unknownTypeSentinel` and `props`), as the planner evaluates packs that
 * load their own copy of @pulumi/policy, and imports nothing from the packs it evaluates.
 */
export function isUnknownValueError(e: unknown): e is Error {
    return !!e && typeof e === "object" && "unknownTypeSentinel" in e && "props" in e;
}

/** A resource's options as the analyzer passes them to resource and stack policies alike. */
function policyOptions(r: PlanResource) {
    return {
        protect: r.options.protect,
        ignoreChanges: r.options.ignoreChanges,
        aliases: r.options.aliases as any[],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: r.options.additionalSecretOutputs ?? [],
        ...(r.parent ? { parent: r.parent } : {}),
        ...(r.options.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: r.options.deleteBeforeReplace } : {}),
    };
}

/** The provider resource the analyzer attaches (URN and type; the planner does not pass its inputs). */
function providerOf(r: PlanResource) {
    if (!r.options.provider) return undefined;
    const urn = r.options.provider.split("::").slice(0, -1).join("::");
    return { urn, type: urn.split("::")[2], name: urn.split("::")[3] ?? "", props: {} };
}

function policyModule(fromDir: string) {
    const main = require.resolve("@pulumi/policy", { paths: [fromDir, __dirname] });
    const root = path.dirname(main);
    return { policy: require(path.join(root, "policy.js")), proxy: require(path.join(root, "proxy.js")) };
}

/** Load a policy pack directory by running its entry module with PolicyPack replaced by a recorder. */
export function loadPolicyPack(dir: string): LoadedPack {
    const abs = path.resolve(dir);
    const pkgFile = path.join(abs, "package.json");
    if (!fs.existsSync(pkgFile)) throw new Error(`${dir}: not a policy pack (no package.json)`);
    const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
    if (!pkg.version) throw new Error(`${dir}: Version must be defined in the package.json file.`);
    const entry = require.resolve(path.join(abs, pkg.main ?? "index"));
    const { policy } = policyModule(abs);
    const captured: LoadedPack[] = [];
    const Original = policy.PolicyPack;
    policy.PolicyPack = class CapturedPolicyPack {
        constructor(name: string, args: PolicyPackArgs, initialConfig?: PackConfig) {
            captured.push({
                name, version: pkg.version, dir: abs, enforcementLevel: args.enforcementLevel ?? "advisory",
                policies: args.policies, config: { ...(initialConfig ?? {}) },
            });
        }
    };
    try {
        delete require.cache[entry]; // the entry constructs the pack each time it runs; its rule modules stay cached
        require(entry);
    } finally {
        policy.PolicyPack = Original;
    }
    if (captured.length !== 1) {
        throw new Error(`${dir}: expected the pack's entry (${path.relative(process.cwd(), entry)}) to construct one PolicyPack, it constructed ${captured.length}`);
    }
    return captured[0];
}

/**
 * Parse a `--policy-pack-config` document as the CLI does (parsePolicyPackConfig): each value is an enforcement level
 * or an object whose optional `enforcementLevel` is one. Returns the problems, one line each.
 */
export function parsePackConfig(doc: unknown): { config: PackConfig; problems: string[] } {
    const problems: string[] = [];
    const config: PackConfig = {};
    if (doc === null || doc === undefined) return { config, problems };
    if (typeof doc !== "object" || Array.isArray(doc)) return { config, problems: ["must be a JSON object of policy names"] };
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
        if (k === "environments") { problems.push(`"environments" (Pulumi ESC) cannot be resolved offline`); continue; }
        if (typeof v === "string") {
            if (!ENFORCEMENT_LEVELS.includes(v as EnforcementLevel)) problems.push(`parsing enforcement level for "${k}": "${v}" is not a valid enforcement level`);
            else config[k] = v as EnforcementLevel;
        } else if (v && typeof v === "object" && !Array.isArray(v)) {
            const level = (v as any).enforcementLevel;
            if (level !== undefined && !ENFORCEMENT_LEVELS.includes(level)) problems.push(`parsing enforcement level for "${k}": ${JSON.stringify(level)} is not a valid enforcement level`);
            else config[k] = v as PackConfig[string];
        } else {
            problems.push(`parsing "${k}": ${JSON.stringify(v)} is not a valid value; must be a string or object`);
        }
    }
    return { config, problems };
}

const ajv = new Ajv({ allErrors: true, strict: false });

/**
 * The CLI's ReconcilePolicyPackConfig: defaults from each policy (its level, its configSchema defaults), then the
 * pack's initial config, then `extra` (a `--policy-pack-config` file); `all` sets every policy's level; config for a
 * policy the pack does not have is ignored. Each policy's properties are validated against its configSchema.
 */
export function reconcilePackConfig(pack: LoadedPack, extra?: PackConfig): { config: Record<string, PolicyConfig>; problems: string[] } {
    const result: Record<string, PolicyConfig> = {};
    for (const p of pack.policies) {
        const properties: Record<string, unknown> = {};
        for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
            if ((s as any).default !== undefined) properties[k] = (s as any).default;
        }
        result[p.name] = { enforcementLevel: p.enforcementLevel, properties };
    }
    const apply = (given: PackConfig | undefined) => {
        if (!given) return;
        const asConfig = (v: PackConfig[string]): PolicyConfig => {
            if (typeof v === "string") return { enforcementLevel: v, properties: {} };
            const { enforcementLevel, ...properties } = v ?? {};
            return { enforcementLevel, properties };
        };
        const all = given.all === undefined ? undefined : asConfig(given.all);
        if (all?.enforcementLevel) for (const c of Object.values(result)) c.enforcementLevel = all.enforcementLevel;
        for (const [name, v] of Object.entries(given)) {
            const g = asConfig(v);
            const c = result[name] ?? (result[name] = { properties: {} });
            if (g.enforcementLevel) c.enforcementLevel = g.enforcementLevel;
            Object.assign(c.properties, g.properties);
        }
    };
    apply(pack.config);
    apply(extra);
    const problems: string[] = [];
    for (const p of pack.policies) {
        if (!p.configSchema) continue;
        const schema = { type: "object", ...(p.configSchema.properties ? { properties: p.configSchema.properties } : {}),
            ...(p.configSchema.required?.length ? { required: p.configSchema.required } : {}) };
        const validate = ajv.compile(schema);
        if (!validate(result[p.name].properties)) {
            for (const e of validate.errors ?? []) {
                problems.push(`${pack.name}: ${p.name}: ${e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") + " " : ""}${e.message}`);
            }
        }
    }
    return { config: result, problems };
}

function isTypeOf(type: string, resourceClass: any): boolean {
    const token = resourceClass?.__pulumiType;
    if (token) return token === type;
    return false;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => !!v && typeof (v as any).then === "function";

/**
 * The evaluation as a generator: it yields every promise a policy returns and is resumed with its settlement, so one
 * implementation serves the asynchronous driver (the planner, as the analyzer awaits each policy) and the synchronous
 * one (rule tests of the platform's own, synchronous rules).
 */
function* evaluation(packs: LoadedPack[], resources: PlanResource[], stackTags: Map<string, string>): Generator<PromiseLike<unknown>, Evaluation, unknown> {
    const result: Evaluation = { violations: [], unknowns: [], remediations: [], waivers: [], checks: 0, notApplicable: 0, packs: [] };
    for (const pack of packs) {
        const { proxy } = policyModule(pack.dir ?? __dirname);
        const resolved = pack.resolved ?? reconcilePackConfig(pack).config;
        const enforcement: Record<string, string> = {};
        for (const p of pack.policies) {
            const cfg = resolved[p.name];
            let level: EnforcementLevel = cfg?.enforcementLevel || p.enforcementLevel || pack.enforcementLevel;
            enforcement[p.name] = level;
            if (level === "disabled") continue;
            // The ledger outlives an evaluation (it belongs to the loaded policy): start it empty, take it after.
            const ledger = waiverLedger(p);
            if (ledger) ledger.length = 0;
            const getConfig = () => ({ ...(cfg?.properties ?? {}) });
            const record = (reportLevel: EnforcementLevel, subject?: string) => (message: string, urn?: string) => {
                result.violations.push({
                    pack: pack.name, policy: p.name, enforcementLevel: reportLevel === "advisory" ? "advisory" : "mandatory",
                    urn: urn ?? subject ?? null, message, severity: (p as any).severity,
                });
            };
            const onError = (e: unknown, urn: string | null) => {
                if (e === NOT_APPLICABLE) { result.notApplicable++; return; }
                if (isUnknownValueError(e)) {
                    result.unknowns.push({ pack: pack.name, policy: p.name, urn,
                        message: `can't run policy '${p.name}' from policy pack '${pack.name}@v${pack.version}' during preview: ${(e).message}` });
                    return;
                }
                const err = e instanceof Error ? e : new Error(String(e));
                err.message = `policy '${p.name}' of pack '${pack.name}' failed${urn ? ` on ${urn}` : ""}: ${err.message}`;
                throw err;
            };

            if ("validateResource" in p || "remediateResource" in p) {
                const rp = p as any;
                const validations = rp.validateResource ? (Array.isArray(rp.validateResource) ? rp.validateResource : [rp.validateResource]) : [];
                if (level === "remediate" && !rp.remediateResource) level = "mandatory";
                for (const r of resources) {
                    let inputs: Record<string, unknown> = policyView(r).inputs;
                    const args = (props: Record<string, unknown>) => {
                        const proxied = proxy.unknownCheckingProxy(props);
                        const provider = providerOf(r);
                        return {
                            type: r.type, props: proxied, urn: r.urn, name: r.name,
                            opts: policyOptions(r),
                            stackTags,
                            isType: (cls: any) => isTypeOf(r.type, cls),
                            asType: (cls: any) => (isTypeOf(r.type, cls) ? proxied : undefined),
                            getConfig,
                            notApplicable: throwNotApplicable,
                            ...(provider ? { provider } : {}),
                        };
                    };
                    if (level === "remediate" && rp.remediateResource) {
                        const fastType = rp.remediateResource.__pulumiType;
                        if (!fastType || fastType === r.type) {
                            try {
                                let changed = rp.remediateResource(args(inputs));
                                if (isThenable(changed)) changed = yield changed;
                                if (changed && typeof changed === "object") {
                                    inputs = changed as Record<string, unknown>;
                                    result.remediations.push({ pack: pack.name, policy: p.name, urn: r.urn, message: "inputs remediated" });
                                }
                            } catch (e) { onError(e, r.urn); }
                        }
                    }
                    const reportLevel: EnforcementLevel = level === "remediate" ? "mandatory" : level;
                    for (const v of validations) {
                        const fastType = v.__pulumiType;
                        if (fastType && fastType !== r.type) { result.notApplicable++; continue; }
                        result.checks++;
                        try {
                            const ret = v(args(inputs), record(reportLevel, r.urn));
                            if (isThenable(ret)) yield ret;
                        } catch (e) { onError(e, r.urn); }
                    }
                }
            } else if ("validateStack" in p) {
                const sp = p as any;
                const fastType = sp.validateStack.__pulumiType;
                if (fastType && !resources.some((r) => r.type === fastType)) { result.notApplicable++; continue; }
                result.checks++;
                try {
                    const ret = sp.validateStack({ resources: stackResources(resources, proxy), getConfig, stackTags, notApplicable: throwNotApplicable },
                        record(level === "remediate" ? "mandatory" : level));
                    if (isThenable(ret)) yield ret;
                } catch (e) { onError(e, null); }
            }
            if (ledger) result.waivers.push(...ledger.splice(0));
        }
        result.packs.push({ name: pack.name, version: pack.version, policies: pack.policies.length, enforcement });
    }
    return result;
}

/** The resources as AnalyzeStack passes them: outputs behind the unknown-checking proxy, linked to each other. */
function stackResources(resources: PlanResource[], proxy: any): any[] {
    const byUrn = new Map<string, any>();
    const objs = resources.map((r) => {
        const view = policyView(r);
        const props = proxy.unknownCheckingProxy(view.outputs ?? view.inputs);
        const provider = providerOf(r);
        const o: any = {
            type: r.type, props, urn: r.urn, name: r.name,
            opts: policyOptions(r),
            dependencies: [], propertyDependencies: {},
            isType: (cls: any) => isTypeOf(r.type, cls),
            asType: (cls: any) => (isTypeOf(r.type, cls) ? props : undefined),
            ...(provider ? { provider } : {}),
        };
        byUrn.set(r.urn, o);
        return o;
    });
    resources.forEach((r, i) => {
        const o = objs[i];
        if (r.parent && byUrn.has(r.parent)) o.parent = byUrn.get(r.parent);
        o.dependencies = r.dependencies.map((d) => byUrn.get(d)).filter(Boolean);
        for (const [k, ds] of Object.entries(r.propertyDependencies)) o.propertyDependencies[k] = ds.map((d) => byUrn.get(d)).filter(Boolean);
    });
    return objs;
}

/** Evaluate every pack over the resources, awaiting policies that return promises (as the analyzer does). */
export async function evaluatePacks(packs: LoadedPack[], resources: PlanResource[], stackTags: Map<string, string> = new Map()): Promise<Evaluation> {
    const steps = evaluation(packs, resources, stackTags);
    let step = steps.next();
    while (!step.done) {
        let settled: { value: unknown } | { error: unknown };
        try { settled = { value: await step.value }; } catch (error) { settled = { error }; }
        step = "error" in settled ? steps.throw(settled.error) : steps.next(settled.value);
    }
    return step.value;
}

/**
 * Evaluate synchronously: for packs whose policies never return a promise (the platform's own rules, by contract of
 * policies/lib/rule.ts). A policy that returns one is an error here; use evaluatePacks.
 */
export function evaluatePacksSync(packs: LoadedPack[], resources: PlanResource[], stackTags: Map<string, string> = new Map()): Evaluation {
    const step = evaluation(packs, resources, stackTags).next();
    if (!step.done) throw new Error("a policy returned a promise: evaluate asynchronous packs with evaluatePacks");
    return step.value;
}
