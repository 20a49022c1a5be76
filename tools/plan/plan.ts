/**
 * The offline plan: run a Pulumi TypeScript program with a stack's config under the mock cloud, record every
 * resource, evaluate the policy packs, and check the data-loss baseline.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { waiverLog } from "../../policies/lib/waivers";
import { Baseline, checkBaseline, DataLoss } from "./baseline";
import { evaluatePacks, loadPolicyPack, mergePackConfig, PackConfig, validatePackConfig } from "./evaluate";
import { CloudContext } from "./mock-cloud";
import { recordProgram } from "./recorder";
import { PlanDocument, summarize } from "./report";

/** A usage or configuration problem: the planner exits 2 with this message and no stack trace. */
export class PlanUsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PlanUsageError";
    }
}

export interface PlanOptions {
    stack: string;
    /** The Pulumi project directory. */
    programDir: string;
    /** Policy pack directories; undefined = every pack under <programDir>/policies. */
    policyPacks?: string[];
    /** CLI-format pack config files, in the order of policyPacks. */
    policyPackConfigs?: string[];
    baseline?: Baseline;
    accountId?: string;
    onProgress?: (registered: number) => void;
}

export interface StackConfig {
    project: string;
    main: string;
    config: Record<string, string>;
    secretKeys: string[];
}

export const SECRET_PLACEHOLDER = "offline-secret-placeholder";

function configText(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Read Pulumi.yaml and Pulumi.<stack>.yaml as the CLI would (project defaults applied, secure values replaced). */
export function readStackConfig(programDir: string, stack: string): StackConfig {
    const projectFile = path.join(programDir, "Pulumi.yaml");
    if (!fs.existsSync(projectFile)) throw new PlanUsageError(`${programDir}: no Pulumi.yaml (not a Pulumi project)`);
    let project: any;
    try { project = parseYaml(fs.readFileSync(projectFile, "utf8")); } catch (e) {
        throw new PlanUsageError(`${projectFile}: not valid YAML: ${(e as Error).message}`);
    }
    if (!project?.name) throw new PlanUsageError(`${projectFile}: 'name' is required`);
    const runtime = typeof project.runtime === "string" ? project.runtime : project.runtime?.name;
    if (runtime !== "nodejs") throw new PlanUsageError(`${projectFile}: runtime '${runtime}' is not supported; the planner runs nodejs (TypeScript) programs`);

    const stackFile = path.join(programDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        const stacks = fs.readdirSync(programDir).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).map((f) => f.slice(7, -5));
        throw new PlanUsageError(`--stack ${stack}: no ${path.basename(stackFile)} in ${programDir}; stacks with a config file: ${stacks.join(", ") || "none"}`);
    }
    let stackDoc: any;
    try { stackDoc = parseYaml(fs.readFileSync(stackFile, "utf8")) ?? {}; } catch (e) {
        throw new PlanUsageError(`${stackFile}: not valid YAML: ${(e as Error).message}`);
    }
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const qualify = (k: string) => (k.includes(":") ? k : `${project.name}:${k}`);
    for (const [k, decl] of Object.entries<any>(project.config ?? {})) {
        const value = decl && typeof decl === "object" && !Array.isArray(decl) ? (decl.value ?? decl.default) : decl;
        if (value !== undefined) config[qualify(k)] = configText(value);
    }
    for (const [k, v] of Object.entries<any>(stackDoc.config ?? {})) {
        if (v && typeof v === "object" && !Array.isArray(v) && "secure" in v) {
            config[qualify(k)] = SECRET_PLACEHOLDER;
            secretKeys.push(qualify(k));
        } else {
            config[qualify(k)] = configText(v);
        }
    }
    return { project: project.name, main: project.main ?? ".", config, secretKeys };
}

function cloudFor(config: Record<string, string>, accountId = "123456789012"): CloudContext {
    const region = config["aws:region"] ?? "us-east-1";
    const partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    return { accountId, region, partition };
}

/** Every pack directory (with a PulumiPolicy.yaml) under <dir>/policies. */
export function discoverPacks(programDir: string): string[] {
    const root = path.join(programDir, "policies");
    if (!fs.existsSync(root)) return [];
    return fs.readdirSync(root).map((d) => path.join(root, d))
        .filter((d) => fs.existsSync(path.join(d, "PulumiPolicy.yaml"))).sort();
}

export interface PlanResult {
    doc: PlanDocument;
    /** 0: no mandatory violation and no data loss; 1: otherwise. */
    exitCode: 0 | 1;
}

/** A pulumi.RunError (ConfigError and ComponentArgsError are ones): a user mistake, reported without a stack trace. */
function isRunError(e: unknown): e is Error {
    return !!e && typeof e === "object" && (e as any).__pulumiRunError === true;
}

/** Plan one stack. Throws PlanUsageError for usage and configuration errors. */
export async function plan(opts: PlanOptions): Promise<PlanResult> {
    const started = Date.now();
    const programDir = path.resolve(opts.programDir);
    const sc = readStackConfig(programDir, opts.stack);
    let entry: string;
    try {
        entry = require.resolve(path.resolve(programDir, sc.main), { paths: [programDir] });
    } catch {
        throw new PlanUsageError(`${path.join(programDir, "Pulumi.yaml")}: main '${sc.main}' does not resolve to a program file`);
    }

    // A baseline of another stack is a usage error, found before any work.
    if (opts.baseline && (opts.baseline.project !== sc.project || opts.baseline.stack !== opts.stack)) {
        throw new PlanUsageError(`--baseline is for ${opts.baseline.project}/${opts.baseline.stack}, not ${sc.project}/${opts.stack}`);
    }

    // Packs are loaded before the program runs: a broken pack is a usage error, found before any work.
    const packDirs = opts.policyPacks ?? discoverPacks(programDir);
    if ((opts.policyPackConfigs?.length ?? 0) > packDirs.length) {
        throw new PlanUsageError(`--policy-pack-config given ${opts.policyPackConfigs!.length} times for ${packDirs.length} pack(s); give one per --policy-pack, in the same order`);
    }
    const packs = packDirs.map((dir, i) => {
        let pack;
        try { pack = loadPolicyPack(dir); } catch (e) { throw new PlanUsageError(`--policy-pack ${dir}: ${(e as Error).message}`); }
        const cfgFile = opts.policyPackConfigs?.[i];
        if (cfgFile) {
            let extra: PackConfig;
            try { extra = JSON.parse(fs.readFileSync(cfgFile, "utf8")); } catch (e) {
                throw new PlanUsageError(`--policy-pack-config ${cfgFile}: ${(e as Error).message}`);
            }
            pack.config = mergePackConfig(pack.config, extra);
        }
        const problems = validatePackConfig(pack);
        if (problems.length) throw new PlanUsageError(`policy pack config:\n  - ${problems.join("\n  - ")}`);
        return pack;
    });

    let recording;
    try {
        recording = await recordProgram(() => require(entry), {
            project: sc.project, stack: opts.stack, config: sc.config, secretKeys: sc.secretKeys,
            cloud: cloudFor(sc.config, opts.accountId), programDir, onRegister: opts.onProgress,
        });
    } catch (e) {
        if (isRunError(e)) throw new PlanUsageError((e as Error).message);
        throw e;
    }

    const before = waiverLog.length;
    const stackTags = new Map([["pulumi:project", sc.project], ["pulumi:runtime", "nodejs"], ["pulumi:stack", opts.stack]]);
    const evaluation = evaluatePacks(packs, recording.resources, stackTags);
    const waivers = waiverLog.slice(before);
    const dataLoss: DataLoss[] | null = opts.baseline ? checkBaseline(opts.baseline, recording.resources) : null;
    const summary = summarize(recording.resources, evaluation, waivers, [...recording.cloud.unmockedInvokes].sort(), dataLoss);
    summary.durationMs = Date.now() - started;
    const doc: PlanDocument = {
        project: sc.project,
        stack: opts.stack,
        resources: recording.resources,
        violations: evaluation.violations,
        waivers,
        unknowns: evaluation.unknowns,
        dataLoss,
        outputs: recording.outputs,
        summary,
    };
    const blocked = evaluation.violations.some((v) => v.enforcementLevel === "mandatory") || (dataLoss?.length ?? 0) > 0;
    return { doc, exitCode: blocked ? 1 : 0 };
}
