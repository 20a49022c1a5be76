/**
 * npm test: type-check, unit tests, then the offline plan of every stack (prod also against its data-loss baseline).
 * Ends with one line `tests: N passed, N failed` counting mocha tests and the plan steps; exits non-zero on failure.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..");
const node = process.execPath;
const bin = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`, { paths: [root] })), file);

interface Step { name: string; passed: number; failed: number; seconds: number }
const steps: Step[] = [];

function run(name: string, args: string[], count?: (out: string) => { passed: number; failed: number }): void {
    const started = Date.now();
    console.log(`\n=== ${name}: ${args.map((a) => path.relative(root, a) || a).join(" ")}`);
    const r = spawnSync(node, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
    process.stdout.write(r.stdout ?? "");
    process.stderr.write(r.stderr ?? "");
    const ok = r.status === 0;
    const counted = count ? count(r.stdout ?? "") : { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
    if (!ok && counted.failed === 0) counted.failed = 1;
    steps.push({ name, ...counted, seconds: (Date.now() - started) / 1000 });
    console.log(`=== ${name}: ${ok ? "ok" : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function mochaCounts(out: string) {
    const n = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
    return { passed: n(/(\d+) passing/), failed: n(/(\d+) failing/) + n(/(\d+) pending/) };
}

const plan = path.join(root, "tools", "run.js");
run("type-check", [bin("typescript", "bin/tsc"), "--noEmit", "-p", root]);
run("unit tests", [bin("mocha", "bin/mocha.js"), "--reporter", "spec", "--forbid-only", "--forbid-pending"], mochaCounts);
run("plan dev", [plan, "tools/plan/cli.ts", "--stack", "dev", "--no-tree"]);
run("plan prod + data-loss baseline", [plan, "tools/plan/cli.ts", "--stack", "prod", "--no-tree", "--baseline", "stacks/baselines/prod.json"]);

const passed = steps.reduce((n, s) => n + s.passed, 0);
const failed = steps.reduce((n, s) => n + s.failed, 0);
console.log("\nSummary:");
for (const s of steps) console.log(`  ${s.failed ? "✗" : "✓"} ${s.name}: ${s.passed} passed, ${s.failed} failed (${s.seconds.toFixed(1)} s)`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
