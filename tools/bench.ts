/**
 * npm run bench: times the planner as a user runs it (whole process, several runs, median) on dev, prod and the
 * synthetic stacks of 10, 50 and 200 service units, and policy evaluation alone over the prod plan (in process).
 *   npm run bench [-- --runs N] [-- --quick]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluatePacks, loadPolicyPack } from "./plan/evaluate";
import { discoverPacks } from "./plan/plan";

const root = path.resolve(__dirname, "..");
const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf("--runs") + 1]) || 5;
const quick = argv.includes("--quick");

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
const rows: string[] = [];

function timePlan(label: string, args: string[]): any {
    const times: number[] = [];
    const out = path.join(tmp, `${label}.json`);
    for (let i = 0; i < runs; i++) {
        const started = process.hrtime.bigint();
        const r = spawnSync(process.execPath, [path.join(root, "tools", "run.js"), "tools/plan/cli.ts", ...args, "--no-tree", "--json", out], { cwd: root, encoding: "utf8" });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (r.status !== 0 && r.status !== 1) throw new Error(`${label}: planner exited ${r.status}\n${r.stderr}`);
        times.push(ms);
    }
    const doc = JSON.parse(fs.readFileSync(out, "utf8"));
    const line = `| ${label} | ${doc.summary.resources} | ${(median(times) / 1000).toFixed(2)} s | ${(Math.min(...times) / 1000).toFixed(2)} s | ${(Math.max(...times) / 1000).toFixed(2)} s | ${runs} |`;
    rows.push(line);
    console.log(line);
    return doc;
}

console.log(`node ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? "?"}), ${runs} runs each\n`);
console.log("| plan (whole process) | resources | median | min | max | runs |");
console.log("|---|---:|---:|---:|---:|---:|");
timePlan("dev", ["--stack", "dev"]);
const prod = timePlan("prod", ["--stack", "prod"]);
const synthetic = path.join(root, "tools", "bench", "synthetic");
for (const n of quick ? [10] : [10, 50, 200]) {
    timePlan(`synthetic, ${n} services`, ["--stack", `s${n}`, "--program", synthetic, ...discoverPacks(root).flatMap((p) => ["--policy-pack", p])]);
}

async function evaluationAlone(): Promise<void> {
    // Policy evaluation alone, over the prod plan, all packs (packs loaded once, as the analyzer does).
    const packs = discoverPacks(root).map(loadPolicyPack);
    const evalTimes: number[] = [];
    for (let i = 0; i < Math.max(runs, 20); i++) {
        const started = process.hrtime.bigint();
        await evaluatePacks(packs, prod.resources);
        evalTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const policies = packs.reduce((n, p) => n + p.policies.length, 0);
    console.log(`\npolicy evaluation over the prod plan (${prod.summary.resources} resources, ${policies} policies, ${packs.length} packs): ` +
        `median ${median(evalTimes).toFixed(1)} ms, min ${Math.min(...evalTimes).toFixed(1)} ms over ${evalTimes.length} runs`);
}

evaluationAlone().catch((e) => { console.error(e); process.exit(1); });
