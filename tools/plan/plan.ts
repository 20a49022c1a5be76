/**
 * The offline plan: run a Pulumi TypeScript program with a stack's config under the mock cloud, record every
 * resource, evaluate the policy packs, and check the data-loss baseline.
 */
import * as fs from "fs";
import * as path from "path";
import { Baseline, checkBaseline, DataLoss } from "./baseline";
import { Evaluation, evaluatePacks, LoadedPack, loadPolicyPack, PackConfig, parsePackConfig, reconcilePackConfig, Violation, WaiverHit } from "./evaluate";
import { CloudContext, cloudContextFor, StackOutputs, StackReferences, UnknownRegionError } from "./mock-cloud";
import { loadProject, loadStackConfig, locateProgram, PlanUsageError, ProgramLocation, StackConfig } from "./project";
import { recordProgram, Recording, SECRET_MASK } from "./recorder";
import { PlanDocument, summarize } from "./report";

export { PlanUsageError, SECRET_PLACEHOLDER } from "./project";

export interface PlanOptions {
    stack: string;
    /** The Pulumi project directory. */
    programDir: string;
    /**
     * Policy pack directories; undefined = every pack under <programDir>/policies, or, for a program without packs of
     * its own, the platform's packs (this repository's policies/).
     */
    policyPacks?: string[];
    /** CLI-format pack config files, one per pack, in the order of policyPacks (as the CLI requires). */
    policyPackConfigs?: string[];
    /** Values set as `pulumi preview --config key=value` sets them (as if the stack file had them). */
    config?: Record<string, unknown>;
    baseline?: Baseline;
    accountId?: string;
    onProgress?: (registered: number) => void;
    /** Outputs of referenced stacks by full name (`org/project/stack`); the platform's own stacks are planned on demand. */
    stackOutputs?: Record<string, StackOutputs>;
}

/** The mock cloud's account, region and partition for a stack (an unknown region is a usage error). */
function cloudFor(config: Record<string, string>, accountId = "123456789012"): CloudContext {
    try {
        return cloudContextFor(config["aws:region"] ?? "us-east-1", accountId);
    } catch (e) {
        if (e instanceof UnknownRegionError) throw new PlanUsageError(`aws:region: ${e.message}`);
        throw e;
    }
}

/** The platform repository (its policies/ are the default guardrails for any program). */
export const PLATFORM_ROOT = path.resolve(__dirname, "..", "..");

/** Every pack directory (with a PulumiPolicy.yaml) under <dir>/policies. */
export function discoverPacks(programDir: string): string[] {
    const root = path.join(programDir, "policies");
    if (!fs.existsSync(root)) return [];
    return fs.readdirSync(root).map((d) => path.join(root, d))
        .filter((d) => fs.existsSync(path.join(d, "PulumiPolicy.yaml"))).sort();
}

/**
 * The packs to evaluate: the `--policy-pack` directories, else the program's own packs (<program>/policies), else the
 * platform's guardrails. Each pack's config is reconciled with its `--policy-pack-config` file as the CLI does.
 */
export function loadPacks(programDir: string, packDirs?: string[], configFiles: string[] = []): LoadedPack[] {
    // The CLI's rules for the two flags (pkg/cmd/pulumi/operations/up.go validatePolicyPackConfig).
    if (configFiles.length && !packDirs?.length) throw new PlanUsageError(`"--policy-pack-config" must be specified with "--policy-pack"`);
    if (configFiles.length && configFiles.length !== packDirs!.length) {
        throw new PlanUsageError(`the number of "--policy-pack-config" flags must match the number of "--policy-pack" flags`);
    }
    const dirs = packDirs ?? (discoverPacks(programDir).length ? discoverPacks(programDir) : discoverPacks(PLATFORM_ROOT));
    return dirs.map((dir, i) => {
        let pack: LoadedPack;
        try { pack = loadPolicyPack(dir); } catch (e) { throw new PlanUsageError(`--policy-pack ${dir}: ${(e as Error).message}`); }
        let extra: PackConfig | undefined;
        if (configFiles[i]) {
            let doc: unknown;
            try { doc = JSON.parse(fs.readFileSync(configFiles[i], "utf8") || "null"); } catch (e) {
                throw new PlanUsageError(`--policy-pack-config ${configFiles[i]}: ${(e as Error).message}`);
            }
            const parsed = parsePackConfig(doc);
            if (parsed.problems.length) throw new PlanUsageError(`--policy-pack-config ${configFiles[i]}:\n  - ${parsed.problems.join("\n  - ")}`);
            extra = parsed.config;
        }
        const reconciled = reconcilePackConfig(pack, extra);
        if (reconciled.problems.length) throw new PlanUsageError(`policy pack config is invalid:\n  - ${reconciled.problems.join("\n  - ")}`);
        return { ...pack, resolved: reconciled.config };
    });
}

export interface PlanResult {
    doc: PlanDocument;
    /** 0: no mandatory violation (either phase) and no data loss; 1: otherwise. */
    exitCode: 0 | 1;
}

/** A pulumi.RunError (ConfigError and ComponentArgsError are ones): a user mistake, reported without a stack trace. */
function isRunError(e: unknown): e is Error {
    return !!e && typeof e === "object" && (e as any).__pulumiRunError === true;
}

/** Run the program once, as the nodejs host does (a function export is called and awaited). */
async function runPhase(program: ProgramLocation, sc: StackConfig, opts: PlanOptions, preview: boolean, stackReferences?: StackReferences): Promise<Recording> {
    // Each phase evaluates the program's modules afresh: drop the ones an earlier phase loaded (not node_modules).
    const loaded = new Set(Object.keys(require.cache));
    const cwd = process.cwd();
    process.chdir(program.pwd); // the nodejs host runs the program in its working directory
    try {
        return await recordProgram(() => {
            const exported = require(program.entry);
            return typeof exported === "function" ? exported() : exported;
        }, {
            project: sc.project, stack: sc.stack, config: sc.config, secretKeys: sc.secretKeys, preview,
            cloud: cloudFor(sc.config, opts.accountId), programDir: program.pwd, onRegister: opts.onProgress, stackReferences,
        });
    } catch (e) {
        if (isRunError(e)) throw new PlanUsageError((e).message);
        throw e;
    } finally {
        process.chdir(cwd);
        for (const k of Object.keys(require.cache)) if (!loaded.has(k) && !k.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[k];
    }
}

/**
 * Tag each finding with the first phase that reports it: a finding of the preview is `preview` (a green `pulumi
 * preview` is impossible); a finding only the update's known values reveal is `up`. Findings are matched by pack,
 * policy, resource and message, then (for messages that embed a value known only at update) by pack, policy and
 * resource.
 */
export function mergePhases(preview: Violation[], up: Violation[]): Violation[] {
    const loose = (v: Violation) => `${v.pack}\u0000${v.policy}\u0000${v.urn}`;
    const exact = (v: Violation) => `${loose(v)}\u0000${v.message}`;
    const pending = new Map<string, Violation[]>();
    for (const v of preview) pending.set(exact(v), [...(pending.get(exact(v)) ?? []), v]);
    const out: Violation[] = [];
    const unmatched: Violation[] = [];
    for (const v of up) {
        const same = pending.get(exact(v));
        if (same?.length) { same.shift(); out.push({ ...v, phase: "preview" }); } else unmatched.push(v);
    }
    const rest = [...pending.values()].flat();
    for (const v of unmatched) {
        const i = rest.findIndex((p) => loose(p) === loose(v));
        if (i >= 0) { rest.splice(i, 1); out.push({ ...v, phase: "preview" }); } else out.push({ ...v, phase: "up" });
    }
    // A finding only the preview has (its value changed at update) still blocks the preview.
    for (const v of rest) out.push({ ...v, phase: "preview" });
    return out;
}

/**
 * The stacks a program references, answered as the engine answers a StackReference: with the referenced stack's
 * outputs. Names given in `stackOutputs` first; a stack of the platform project (`<org>/<platform project>/<stack>`,
 * with a `Pulumi.<stack>.yaml` in this repository) is recorded on demand (its `pulumi up` phase under the same mock
 * cloud) the first time a program asks for it, then reused.
 */
export class PlannedStackReferences implements StackReferences {
    readonly missing = new Set<string>();
    private readonly recorded = new Map<string, StackOutputs>();
    constructor(private readonly opts: Pick<PlanOptions, "stackOutputs" | "accountId">) {}

    resolve(name: string): StackOutputs | undefined {
        return this.opts.stackOutputs?.[name] ?? this.recorded.get(name);
    }

    /**
     * The platform stack a name refers to, or undefined. Only the fully qualified `<org>/<project>/<stack>` names
     * another project's stack: the engine reads `<a>/<b>` as organization `a`, stack `b` of the referencing program's
     * own project, and `<stack>` as that project's stack.
     */
    static platformStack(name: string): string | undefined {
        const project = loadProject(PLATFORM_ROOT).name;
        const parts = name.split("/");
        if (parts.length !== 3 || parts[1] !== project) return undefined;
        const stack = parts[2];
        return fs.existsSync(path.join(PLATFORM_ROOT, `Pulumi.${stack}.yaml`)) ? stack : undefined;
    }

    /** Record the platform stacks the last run missed; false when a missing name is not one (nothing to retry). */
    async recordMissing(): Promise<boolean> {
        const names = [...this.missing];
        this.missing.clear();
        if (!names.length) return false;
        for (const name of names) {
            const stack = PlannedStackReferences.platformStack(name);
            if (!stack) {
                throw new PlanUsageError(`StackReference '${name}': the planner knows the outputs of this repository's stacks only ` +
                    `(<org>/${loadProject(PLATFORM_ROOT).name}/<stack>), and of none given to it`);
            }
            const project = loadProject(PLATFORM_ROOT);
            const sc = loadStackConfig(project, stack);
            const rec = await runPhase(locateProgram(project), sc, { stack, programDir: PLATFORM_ROOT, accountId: this.opts.accountId }, false);
            const secretOutputNames = Object.keys(rec.outputs).filter((k) => rec.outputs[k] === SECRET_MASK).sort();
            this.recorded.set(name, { outputs: rec.outputs, secretOutputNames });
        }
        return true;
    }
}

/** Run a phase; when the program read a stack the planner can record, record it and run the phase again. */
async function runPhaseWithReferences(program: ProgramLocation, sc: StackConfig, opts: PlanOptions, preview: boolean, refs: PlannedStackReferences): Promise<Recording> {
    for (;;) {
        try {
            return await runPhase(program, sc, opts, preview, refs);
        } catch (e) {
            if (!(await refs.recordMissing())) throw e;
        }
    }
}

/** Plan one stack in both phases. Throws PlanUsageError for usage and configuration errors. */
export async function plan(opts: PlanOptions): Promise<PlanResult> {
    const started = Date.now();
    const project = loadProject(opts.programDir);
    const sc = loadStackConfig(project, opts.stack, opts.config);
    const program = locateProgram(project);

    // A baseline of another stack is a usage error, found before any work.
    if (opts.baseline && (opts.baseline.project !== sc.project || opts.baseline.stack !== opts.stack)) {
        throw new PlanUsageError(`--baseline is for ${opts.baseline.project}/${opts.baseline.stack}, not ${sc.project}/${opts.stack}`);
    }
    // Packs are loaded before the program runs: a broken pack is a usage error, found before any work.
    const packs = loadPacks(project.dir, opts.policyPacks, opts.policyPackConfigs);

    const refs = new PlannedStackReferences(opts);
    const preview = await runPhaseWithReferences(program, sc, opts, true, refs);
    const up = await runPhaseWithReferences(program, sc, opts, false, refs);

    const stackTags = new Map([["pulumi:project", sc.project], ["pulumi:runtime", "nodejs"], ["pulumi:stack", opts.stack]]);
    const previewed = await evaluatePacks(packs, preview.resources, stackTags);
    const updated = await evaluatePacks(packs, up.resources, stackTags);
    const violations = mergePhases(previewed.violations, updated.violations);
    // The waivers in force: what either phase's waivers suppressed, each finding once.
    const waiverKey = (w: WaiverHit) => `${w.pack}|${w.policy}|${w.urn}|${w.message}`;
    const waivers = [...new Map([...previewed.waivers, ...updated.waivers].map((w) => [waiverKey(w), w])).values()];
    const evaluation: Evaluation = { ...updated, violations, unknowns: previewed.unknowns, waivers };
    const dataLoss: DataLoss[] | null = opts.baseline ? checkBaseline(opts.baseline, up.resources) : null;
    const unmocked = [...new Set([...preview.cloud.unmockedInvokes, ...up.cloud.unmockedInvokes])].sort();
    const summary = summarize(up.resources, evaluation, unmocked, dataLoss, packs);
    summary.durationMs = Date.now() - started;
    const doc: PlanDocument = {
        project: sc.project,
        stack: opts.stack,
        resources: up.resources,
        violations,
        waivers,
        unknowns: evaluation.unknowns,
        dataLoss,
        outputs: up.outputs,
        summary,
    };
    const blocked = violations.some((v) => v.enforcementLevel === "mandatory") || (dataLoss?.length ?? 0) > 0;
    return { doc, exitCode: blocked ? 1 : 0 };
}
