/**
 * Test support: the policy rules' test harness. Fixtures are evaluated by the planner's own evaluator
 * (tools/plan/evaluate.ts), so a rule that passes here behaves the same in `npm run plan` and, through the same
 * CrossGuard policy, in `pulumi preview`.
 *
 * It lives under tools/ because it depends on the planner: the packs under policies/ import nothing from tools/, and
 * their tests reach the planner only through this module (policies/imports.test.ts checks both).
 */
import * as path from "path";
import { Rule, toPolicies } from "../../policies/lib/rule";
import { Waiver } from "../../policies/lib/waivers";
import { evaluatePacks, evaluatePacksSync, Evaluation, loadPolicyPack, PackConfig, reconcilePackConfig, WaiverHit } from "../plan/evaluate";
import { cloudContextFor } from "../plan/mock-cloud";
import { PlanResource, recordProgram } from "../plan/recorder";

export { UNKNOWN } from "../../policies/lib/values";
/** The planner's loader and evaluator, for the pack-level tests under policies/ (whole packs, recorded programs). */
export { evaluatePacks, loadPolicyPack } from "../plan/evaluate";
export { recordProgram } from "../plan/recorder";

/** The repository's reviewed waiver file. */
export const REPOSITORY_WAIVERS_FILE = path.resolve(__dirname, "..", "..", "policies", "waivers.yaml");

/**
 * The AWS pack as the repository ships it, with the repository's waivers in force whatever the environment says (the
 * pack reads `PLATFORM_POLICY_WAIVERS` when it is loaded; the variable is restored afterwards).
 */
export function loadAwsPackWithRepositoryWaivers(): ReturnType<typeof loadPolicyPack> {
    const saved = process.env.PLATFORM_POLICY_WAIVERS;
    process.env.PLATFORM_POLICY_WAIVERS = REPOSITORY_WAIVERS_FILE;
    try {
        return loadPolicyPack(path.resolve(__dirname, "..", "..", "policies", "aws"));
    } finally {
        if (saved === undefined) delete process.env.PLATFORM_POLICY_WAIVERS; else process.env.PLATFORM_POLICY_WAIVERS = saved;
    }
}

export interface FixtureResource {
    type: string;
    /** Defaults to "fixture". */
    name?: string;
    inputs?: Record<string, unknown>;
    /** What stack policies see (the engine passes outputs to AnalyzeStack). Defaults to the inputs. */
    outputs?: Record<string, unknown>;
    parent?: string;
    protect?: boolean;
    retainOnDelete?: boolean;
    /** Names (or URNs) of other fixture resources this one depends on. */
    dependsOn?: string[];
    /** Property name -> names (or URNs) of fixture resources the property came from. */
    propertyDependencies?: Record<string, string[]>;
    /** The fixture's stack (part of its URN). Defaults to "test". */
    stack?: string;
}

/** Build a PlanResource as the recorder would. */
export function fixture(r: FixtureResource, index = 0): PlanResource {
    const name = r.name ?? `fixture${index || ""}`;
    const stack = r.stack ?? "test";
    return {
        urn: `urn:pulumi:${stack}::fixture::${r.type}::${name}`,
        type: r.type,
        name,
        parent: r.parent ?? null,
        custom: /^(aws|kubernetes|random):/.test(r.type),
        remote: r.type === "eks:index:Cluster" || r.type === "awsx:ec2:Vpc",
        inputs: r.inputs ?? {},
        // A fixture's outputs are its inputs (what stack policies see), unless the fixture sets them.
        outputs: r.outputs ?? r.inputs ?? {},
        options: {
            protect: r.protect ?? false, retainOnDelete: r.retainOnDelete ?? false, dependsOn: [], ignoreChanges: [],
            provider: null, aliases: [],
        },
        dependencies: [],
        propertyDependencies: {},
    };
}

export interface RuleRun extends Evaluation {
    /** Messages of the rule's violations. */
    messages: string[];
    /** The findings the given waivers suppressed (the evaluation's `waivers`). */
    waived: WaiverHit[];
}

/** Evaluate one rule over fixture resources (resolving dependsOn/propertyDependencies by name). */
export function runRule(rule: Rule, resources: FixtureResource[], opts: { config?: PackConfig; waivers?: Waiver[] } = {}): RuleRun {
    const planned = resources.map((r, i) => fixture(r, i));
    const urnOf = (ref: string) => (ref.startsWith("urn:") ? ref : planned.find((p) => p.name === ref)?.urn ?? ref);
    resources.forEach((r, i) => {
        const p = planned[i];
        if (r.parent) p.parent = urnOf(r.parent);
        p.options.dependsOn = (r.dependsOn ?? []).map(urnOf);
        for (const [k, refs] of Object.entries(r.propertyDependencies ?? {})) p.propertyDependencies[k] = refs.map(urnOf);
        p.dependencies = [...new Set([...p.options.dependsOn, ...Object.values(p.propertyDependencies).flat()])];
    });
    const pack = {
        name: "test-pack", version: "0.0.0", enforcementLevel: "advisory" as const,
        policies: toPolicies([rule], { pack: "test-pack", waivers: opts.waivers ?? [] }),
        config: opts.config ?? {},
    };
    const reconciled = reconcilePackConfig(pack);
    if (reconciled.problems.length) throw new Error(`invalid test config: ${reconciled.problems.join("; ")}`);
    const evaluation = evaluatePacksSync([{ ...pack, resolved: reconciled.config }], planned);
    return { ...evaluation, messages: evaluation.violations.map((v) => v.message), waived: evaluation.waivers };
}

/** One run of the AWS pack (with the repository's waivers) over one recorded program in one phase. */
export interface PackRun {
    /** Mandatory findings, each `<policy> mandatory <resource name>: <message>`. */
    mandatory: string[];
    /** Advisory findings, each `<policy> advisory <resource name>: <message>`. */
    advisory: string[];
    /** Checks deferred to `pulumi up` (a value unknown in preview), each `<policy> <resource name>`. */
    deferred: string[];
    /** Waived findings, each `<policy> <resource name>`. */
    waived: string[];
    /** Recorded resources by type. */
    counts: Record<string, number>;
    /** The recorded resources. */
    resources: PlanResource[];
}

/** The last part of a URN: the resource's name. */
export const urnName = (urn: string | null | undefined) => urn?.split("::").pop();

/**
 * Record each variant's program as a first `pulumi preview` and as `pulumi up` (in its stack, region eu-west-1,
 * account 123456789012 unless given) and evaluate the AWS pack with the repository's waivers: the runs keyed
 * `<variant> preview` and `<variant> up`. What every component's pack test needs, in one place.
 */
export async function awsPackRuns(
    variants: Record<string, { stack: string; program: () => unknown }>,
    opts: { project?: string; region?: string; account?: string } = {},
): Promise<Record<string, PackRun>> {
    const region = opts.region ?? "eu-west-1";
    const pack = loadAwsPackWithRepositoryWaivers();
    const runs: Record<string, PackRun> = {};
    for (const [variant, { stack, program }] of Object.entries(variants)) {
        for (const phase of ["preview", "up"] as const) {
            const { resources } = await recordProgram(program, {
                project: opts.project ?? "ecommerce-platform", stack, config: { "aws:region": region },
                cloud: cloudContextFor(region, opts.account ?? "123456789012"), preview: phase === "preview",
            });
            const evaluation = await evaluatePacks([pack], resources);
            const finding = (v: { policy: string; enforcementLevel: string; urn?: string | null; message: string }) =>
                `${v.policy} ${v.enforcementLevel} ${urnName(v.urn)}: ${v.message}`;
            const counts: Record<string, number> = {};
            for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
            runs[`${variant} ${phase}`] = {
                mandatory: evaluation.violations.filter((v) => v.enforcementLevel === "mandatory").map(finding),
                advisory: evaluation.violations.filter((v) => v.enforcementLevel === "advisory").map(finding),
                deferred: evaluation.unknowns.map((u) => `${u.policy} ${urnName(u.urn)}`),
                waived: evaluation.waivers.map((w) => `${w.policy} ${urnName(w.urn)}`),
                counts,
                resources,
            };
        }
    }
    return runs;
}
