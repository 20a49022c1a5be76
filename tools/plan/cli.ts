/**
 * npm run plan -- --stack dev|prod [--program DIR] [--json FILE] [--markdown FILE] [--policy-pack DIR ...]
 *                 [--policy-pack-config FILE ...] [--baseline FILE] [--write-baseline FILE] [--compare FILE] [--no-tree]
 *
 * Exit codes: 0 no mandatory violation (and no data loss against --baseline or --compare); 1 a mandatory violation
 * or data loss; 2 usage or configuration error.
 */
import * as fs from "fs";
import * as path from "path";
import { Baseline, makeBaseline } from "./baseline";
import { diffBlocks, diffPlans, fitComment, PlanDiff, readPlanDocument, renderDiffMarkdown, renderDiffSummary } from "./diff";
import { plan, PlanUsageError } from "./plan";
import { renderMarkdown, renderSummary, renderTree } from "./report";

const USAGE = `usage: npm run plan -- --stack <name> [options]

  --stack NAME               stack to plan; reads Pulumi.<NAME>.yaml (required)
  --program DIR              Pulumi TypeScript project to plan (default: this repository)
  --config KEY=VALUE         set a config value for this plan, as \`pulumi preview --config\` does (repeatable)
  --json FILE                write the plan as JSON
  --markdown FILE            write a pull-request report (Markdown with a Mermaid diagram)
  --policy-pack DIR          evaluate this pack (repeatable; default: every pack under <program>/policies, or the
                             platform's packs for a program without its own; the summary names the packs that ran)
  --no-policies              evaluate no pack
  --policy-pack-config FILE  CLI-format config, one per --policy-pack, in the same order (as the CLI requires)
  --baseline FILE            fail when a stateful resource of this baseline would be deleted or renamed
  --write-baseline FILE      write this plan's URNs as a new baseline
  --compare FILE             compare with the base branch's plan (what --json wrote there): resources added, removed
                             (stateful first), renamed through an alias, changed (inputs as paths, old -> new, secrets
                             masked); policy results new and fixed per phase; data loss. Prints a short summary; with
                             --markdown the diff goes into the report (kept under GitHub's 65,536-character limit)
  --no-tree                  print the summary only
  --help                     this text

Every stack is planned in two phases: a first \`pulumi preview\` (computed values unknown, checks that read them
deferred) and \`pulumi up\` (the mock cloud's values); a mandatory violation of either phase fails the plan.

exit codes: 0 passes, 1 mandatory policy violation (either phase, new or not) or data loss (against --baseline, or
a stateful resource of the --compare plan deleted or renamed without an alias), 2 usage or configuration error
(a --compare file that is not a plan, or a plan of another project or stack)`;

interface Args {
    stack?: string;
    program: string;
    json?: string;
    markdown?: string;
    packs?: string[];
    packConfigs: string[];
    config: Record<string, string>;
    baseline?: string;
    writeBaseline?: string;
    compare?: string;
    tree: boolean;
}

function parseArgs(argv: string[]): Args {
    const args: Args = { program: path.resolve(__dirname, "..", ".."), packConfigs: [], config: {}, tree: true };
    const value = (i: number, flag: string) => {
        const v = argv[i + 1];
        if (v === undefined || v.startsWith("--")) throw new PlanUsageError(`${flag} needs a value\n\n${USAGE}`);
        return v;
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        switch (a) {
            case "--stack": args.stack = value(i++, a); break;
            case "--program": args.program = path.resolve(value(i++, a)); break;
            case "--config": case "-c": {
                const kv = value(i++, a);
                const eq = kv.indexOf("=");
                if (eq <= 0) throw new PlanUsageError(`${a} '${kv}': expected KEY=VALUE`);
                args.config[kv.slice(0, eq)] = kv.slice(eq + 1);
                break;
            }
            case "--json": args.json = value(i++, a); break;
            case "--markdown": args.markdown = value(i++, a); break;
            case "--policy-pack": (args.packs ??= []).push(path.resolve(value(i++, a))); break;
            case "--no-policies": args.packs = []; break;
            case "--policy-pack-config": args.packConfigs.push(path.resolve(value(i++, a))); break;
            case "--baseline": args.baseline = value(i++, a); break;
            case "--write-baseline": args.writeBaseline = value(i++, a); break;
            case "--compare": args.compare = value(i++, a); break;
            case "--no-tree": args.tree = false; break;
            case "--help": case "-h": console.log(USAGE); process.exit(0);
            // falls through (process.exit never returns)
            default: throw new PlanUsageError(`unknown argument '${a}'\n\n${USAGE}`);
        }
    }
    if (!args.stack) throw new PlanUsageError(`--stack is required\n\n${USAGE}`);
    if (!/^[\w.-]+$/.test(args.stack)) throw new PlanUsageError(`--stack '${args.stack}': letters, digits, '.', '_' and '-' only`);
    return args;
}

function readBaseline(file: string): Baseline {
    let doc: any;
    try { doc = JSON.parse(fs.readFileSync(file, "utf8")); } catch (e) {
        throw new PlanUsageError(`--baseline ${file}: ${(e as Error).message}`);
    }
    if (!doc || !Array.isArray(doc.resources) || !doc.project || !doc.stack) {
        throw new PlanUsageError(`--baseline ${file}: expected { project, stack, resources: [{ urn, type }] } (write one with --write-baseline)`);
    }
    return doc;
}

function progress(stack: string) {
    const started = Date.now();
    let count = 0;
    let shown = false;
    const tty = process.stderr.isTTY;
    const timer = setInterval(() => {
        if (Date.now() - started < 1000) return;
        shown = true;
        const line = `planning ${stack}: ${count} resources registered (${((Date.now() - started) / 1000).toFixed(1)} s)`;
        if (tty) process.stderr.write(`\r${line}`); else process.stderr.write(`${line}\n`);
    }, tty ? 250 : 1000);
    timer.unref();
    return {
        tick: (n: number) => { count = n; },
        done: () => {
            clearInterval(timer);
            if (shown) process.stderr.write(`${tty ? "\r" : ""}planned ${stack}: ${count} resources in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
        },
    };
}

function write(file: string, text: string) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
}

async function main(): Promise<number> {
    // The SDK records a stack trace for every promise and resource it creates (for its leak and source-position
    // diagnostics); capturing them is a third of the planner's time. PLATFORM_STACK_TRACES=1 brings them back.
    if (process.env.PLATFORM_STACK_TRACES !== "1") Error.stackTraceLimit = 0;
    const args = parseArgs(process.argv.slice(2));
    // A base plan that cannot be read is a usage error, found before any work.
    let base;
    if (args.compare) {
        let text: string;
        try { text = fs.readFileSync(args.compare, "utf8"); } catch (e) { throw new PlanUsageError(`--compare ${args.compare}: ${(e as Error).message}`); }
        base = readPlanDocument(args.compare, text);
    }
    const p = progress(args.stack!);
    let result;
    try {
        result = await plan({
            stack: args.stack!, programDir: args.program, policyPacks: args.packs, policyPackConfigs: args.packConfigs, config: args.config,
            baseline: args.baseline ? readBaseline(args.baseline) : undefined, onProgress: p.tick,
        });
    } finally {
        p.done();
    }
    const { doc } = result;
    if (args.tree) {
        console.log(`Previewing ${doc.project}/${doc.stack} offline (mock cloud, no credentials):\n`);
        console.log(renderTree(doc.resources, doc.violations));
        console.log("");
    }
    console.log(renderSummary(doc));
    const diff: PlanDiff | undefined = base && diffPlans(base, doc);
    if (diff) console.log(`\n${renderDiffSummary(diff, args.compare!)}`);
    if (args.json) write(args.json, JSON.stringify(doc, null, 2) + "\n");
    if (args.markdown) {
        const compare = diff && { section: renderDiffMarkdown(diff), blocked: diffBlocks(diff) };
        write(args.markdown, fitComment(renderMarkdown(doc, compare)));
    }
    if (args.writeBaseline) write(args.writeBaseline, JSON.stringify(makeBaseline(doc.project, doc.stack, doc.resources), null, 2) + "\n");
    // --compare adds one way to fail: a stateful resource of the base plan lost (new mandatory violations already fail).
    const exitCode = result.exitCode || (diff && diffBlocks(diff) ? 1 : 0);
    console.log(`\n${exitCode === 0 ? "PASS" : "FAIL"}: ${doc.summary.policies.mandatory} mandatory violation(s)` +
        `${doc.dataLoss ? `, ${doc.dataLoss.length} data-loss finding(s)` : ""}` +
        `${diff ? `, ${diff.policies.added.filter((v) => v.enforcementLevel === "mandatory").length} new mandatory and ${diff.dataLoss.length} stateful removal(s) without alias against ${args.compare}` : ""}` +
        ` (${doc.summary.durationMs} ms)`);
    return exitCode;
}

main().then((code) => process.exit(code), (e) => {
    if (e instanceof PlanUsageError) {
        console.error(`error: ${e.message}`);
        process.exit(2);
    }
    console.error(`error: the program failed while planning:\n${e?.stack ?? e}` +
        (process.env.PLATFORM_STACK_TRACES === "1" ? "" : "\n(run with PLATFORM_STACK_TRACES=1 for the full stack trace)"));
    process.exit(2);
});
