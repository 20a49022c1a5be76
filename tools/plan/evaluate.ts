/**
 * Evaluates CrossGuard policy packs over recorded resources the way @pulumi/policy's analyzer does:
 * - enforcement per policy: pack config > the policy's own level > the pack's default; `disabled` skips;
 *   `remediate` runs the remediation first, then validates as mandatory;
 * - resource policies once per resource with isType/asType, getConfig (schema defaults merged with pack config),
 *   notApplicable, stackTags, props behind the unknown-checking proxy;
 * - stack policies once over all resources, with parent, dependencies and propertyDependencies as resource objects;
 * - reading a value unknown during preview gives an advisory "can't run ... during preview" note, like the analyzer.
 *
 * Packs are loaded without starting the analyzer's gRPC server: PolicyPack is swapped for a recorder while the
 * pack's index module runs, so the exact pack that `pulumi preview --policy-pack DIR` loads is the one evaluated.
 */
import * as fs from "fs";
import * as path from "path";
import type { EnforcementLevel, Policies, PolicyConfigSchema, PolicyPackArgs } from "@pulumi/policy";
import { isUnknownValueError } from "../../policies/lib/findings";
import type { PlanResource } from "./recorder";

export type PackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export interface LoadedPack {
    name: string;
    version: string;
    dir?: string;
    enforcementLevel: EnforcementLevel;
    policies: Policies;
    /** Config passed to the PolicyPack constructor (its third argument), merged under --policy-pack-config. */
    config: PackConfig;
}

export interface Violation {
    pack: string;
    policy: string;
    enforcementLevel: "advisory" | "mandatory";
    urn: string | null;
    message: string;
    severity?: string;
}

export interface PolicyNote {
    pack: string;
    policy: string;
    urn: string | null;
    message: string;
}

export interface Evaluation {
    violations: Violation[];
    /** Checks that could not run because a value is unknown during preview (advisory, like the analyzer). */
    unknowns: PolicyNote[];
    /** Inputs changed by remediating policies. */
    remediations: PolicyNote[];
    /** Number of (policy, resource) checks that ran / were not applicable. */
    checks: number;
    notApplicable: number;
    packs: { name: string; version: string; policies: number; enforcement: Record<string, string> }[];
}

class NotApplicableError extends Error {
    constructor(readonly reason?: string) { super(reason ?? "not applicable"); }
}
const throwNotApplicable = (reason?: string): never => { throw new NotApplicableError(reason); };

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

/** Merge a CLI-format pack config (`{ "all": level, "<policy>": level | { enforcementLevel, ...props } }`). */
export function mergePackConfig(base: PackConfig, extra: PackConfig | undefined): PackConfig {
    const out: PackConfig = { ...base };
    for (const [k, v] of Object.entries(extra ?? {})) {
        const prev = out[k];
        const asObj = (x: unknown) => (typeof x === "string" ? { enforcementLevel: x as EnforcementLevel } : (x as object) ?? {});
        out[k] = { ...asObj(prev), ...asObj(v) };
    }
    return out;
}

function policyConfig(pack: LoadedPack, name: string, schema?: PolicyConfigSchema): { level?: EnforcementLevel; props: Record<string, unknown> } {
    const all = pack.config.all;
    const own = pack.config[name];
    const level = (typeof own === "string" ? own : own?.enforcementLevel)
        ?? (typeof all === "string" ? all : all?.enforcementLevel);
    const props: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(schema?.properties ?? {})) {
        if ((s as any).default !== undefined) props[k] = (s as any).default;
    }
    if (own && typeof own === "object") {
        for (const [k, v] of Object.entries(own)) if (k !== "enforcementLevel") props[k] = v;
    }
    return { level, props };
}

/** Check pack config values against each policy's configSchema (required keys, JSON types). */
export function validatePackConfig(pack: LoadedPack): string[] {
    const problems: string[] = [];
    const byName = new Map(pack.policies.map((p) => [p.name, p]));
    for (const [k, v] of Object.entries(pack.config)) {
        if (k === "all") continue;
        const p = byName.get(k);
        if (!p) { problems.push(`${pack.name}: config for unknown policy '${k}'`); continue; }
        if (typeof v !== "object") continue;
        for (const [prop, value] of Object.entries(v)) {
            if (prop === "enforcementLevel") continue;
            const s: any = p.configSchema?.properties?.[prop];
            if (!s) { problems.push(`${pack.name}/${k}: unknown config property '${prop}'`); continue; }
            const t = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
            const want = s.type === "integer" ? "number" : s.type;
            if (want && want !== t) problems.push(`${pack.name}/${k}.${prop}: expected ${s.type}, got ${t}`);
        }
    }
    return problems;
}

function isTypeOf(type: string, resourceClass: any): boolean {
    const token = resourceClass?.__pulumiType;
    if (token) return token === type;
    return false;
}

/**
 * Evaluate every pack over the resources. Props are the recorded inputs (the offline plan has no provider Check).
 */
export function evaluatePacks(packs: LoadedPack[], resources: PlanResource[], stackTags: Map<string, string> = new Map()): Evaluation {
    const result: Evaluation = { violations: [], unknowns: [], remediations: [], checks: 0, notApplicable: 0, packs: [] };
    for (const pack of packs) {
        const { proxy } = policyModule(pack.dir ?? __dirname);
        const enforcement: Record<string, string> = {};
        for (const p of pack.policies) {
            const cfg = policyConfig(pack, p.name, p.configSchema);
            let level: EnforcementLevel = cfg.level ?? p.enforcementLevel ?? pack.enforcementLevel;
            enforcement[p.name] = level;
            if (level === "disabled") continue;
            const getConfig = () => ({ ...cfg.props });
            const record = (reportLevel: EnforcementLevel, subject?: string) => (message: string, urn?: string) => {
                result.violations.push({
                    pack: pack.name, policy: p.name, enforcementLevel: reportLevel === "advisory" ? "advisory" : "mandatory",
                    urn: urn ?? subject ?? null, message, severity: (p as any).severity,
                });
            };
            const onError = (e: unknown, urn: string | null) => {
                if (e instanceof NotApplicableError) { result.notApplicable++; return; }
                if (isUnknownValueError(e)) {
                    result.unknowns.push({ pack: pack.name, policy: p.name, urn, message: `can't run policy during preview: ${(e as Error).message}` });
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
                    let inputs: Record<string, unknown> = r.inputs;
                    const args = (props: Record<string, unknown>) => {
                        const proxied = proxy.unknownCheckingProxy(props);
                        return {
                            type: r.type, props: proxied, urn: r.urn, name: r.name,
                            opts: policyOptions(r),
                            stackTags,
                            isType: (cls: any) => isTypeOf(r.type, cls),
                            asType: (cls: any) => (isTypeOf(r.type, cls) ? proxied : undefined),
                            getConfig,
                            notApplicable: throwNotApplicable,
                            ...(r.options.provider ? { provider: { urn: r.options.provider.split("::").slice(0, -1).join("::"), type: r.options.provider.split("::")[2], name: "", props: {} } } : {}),
                        };
                    };
                    if (level === "remediate" && rp.remediateResource) {
                        const fastType = rp.remediateResource.__pulumiType;
                        if (!fastType || fastType === r.type) {
                            try {
                                const changed = rp.remediateResource(args(inputs));
                                if (changed && typeof changed === "object" && typeof (changed as any).then !== "function") {
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
                            if (ret && typeof ret.then === "function") {
                                throw new Error("asynchronous policies are not supported by the offline planner");
                            }
                        } catch (e) { onError(e, r.urn); }
                    }
                }
            } else if ("validateStack" in p) {
                const sp = p as any;
                const fastType = sp.validateStack.__pulumiType;
                if (fastType && !resources.some((r) => r.type === fastType)) { result.notApplicable++; continue; }
                const byUrn = new Map<string, any>();
                const objs = resources.map((r) => {
                    const props = proxy.unknownCheckingProxy(r.inputs);
                    const o: any = {
                        type: r.type, props, urn: r.urn, name: r.name,
                        opts: policyOptions(r),
                        dependencies: [], propertyDependencies: {},
                        isType: (cls: any) => isTypeOf(r.type, cls),
                        asType: (cls: any) => (isTypeOf(r.type, cls) ? props : undefined),
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
                result.checks++;
                try {
                    const ret = sp.validateStack({ resources: objs, getConfig, stackTags, notApplicable: throwNotApplicable },
                        record(level === "remediate" ? "mandatory" : level));
                    if (ret && typeof ret.then === "function") throw new Error("asynchronous policies are not supported by the offline planner");
                } catch (e) { onError(e, null); }
            }
        }
        result.packs.push({ name: pack.name, version: pack.version, policies: pack.policies.length, enforcement });
    }
    return result;
}
