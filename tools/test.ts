/**
 * npm test: type-check, lint, unit tests, the offline plan of every stack (prod also against its data-loss baseline),
 * and actionlint over the GitHub workflows. The steps are independent processes, run as many at a time as the machine
 * has cores (the longest first), each step's output printed whole when it ends. Ends with one line `tests: N passed, N failed` counting mocha tests
 * and the other steps; exits non-zero on failure.
 */
import { spawn } from "child_process";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..");
const node = process.execPath;
const bin = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`, { paths: [root] })), file);

interface Step {
    name: string;
    args: string[];
    count?: (out: string) => { passed: number; failed: number };
}
interface Result { name: string; passed: number; failed: number; seconds: number }

function mochaCounts(out: string) {
    const n = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
    return { passed: n(/(\d+) passing/), failed: n(/(\d+) failing/) + n(/(\d+) pending/) };
}

function run(step: Step): Promise<Result> {
    const started = Date.now();
    return new Promise((resolve) => {
        const child = spawn(node, step.args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (b: Buffer) => out.push(b));
        child.stderr.on("data", (b: Buffer) => err.push(b));
        child.on("close", (code, signal) => {
            const stdout = Buffer.concat(out).toString("utf8");
            const seconds = (Date.now() - started) / 1000;
            console.log(`\n=== ${step.name}: ${step.args.map((a) => path.relative(root, a) || a).join(" ")}`);
            process.stdout.write(stdout);
            process.stderr.write(Buffer.concat(err));
            const ok = code === 0;
            const counted = step.count ? step.count(stdout) : { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
            if (!ok && counted.failed === 0) counted.failed = 1;
            console.log(`=== ${step.name}: ${ok ? "ok" : `FAILED (exit ${code ?? signal})`} in ${seconds.toFixed(1)} s`);
            resolve({ name: step.name, ...counted, seconds });
        });
    });
}

/** Run the steps, at most `slots` at a time, in the order given; results in the same order. */
async function runAll(steps: Step[], slots: number): Promise<Result[]> {
    const results: Result[] = new Array(steps.length);
    let next = 0;
    const worker = async () => {
        while (next < steps.length) {
            const i = next++;
            results[i] = await run(steps[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(slots, steps.length)) }, worker));
    return results;
}

const plan = path.join(root, "tools", "run.js");
const steps: Step[] = [
    // Longest first, so the shorter steps fill the other cores meanwhile.
    // Mocha runs its files in as many workers as there are cores (each file is independent).
    { name: "unit tests", args: [bin("mocha", "bin/mocha.js"), "--reporter", "spec", "--forbid-only", "--forbid-pending", "--parallel", "--jobs", String(os.cpus().length)], count: mochaCounts },
    { name: "lint", args: [bin("eslint", "bin/eslint.js"), "--max-warnings", "0", "."] },
    { name: "type-check", args: [bin("typescript", "bin/tsc"), "--noEmit", "-p", root] },
    { name: "plan dev", args: [plan, "tools/plan/cli.ts", "--stack", "dev", "--no-tree"] },
    { name: "plan prod + data-loss baseline", args: [plan, "tools/plan/cli.ts", "--stack", "prod", "--no-tree", "--baseline", "stacks/baselines/prod.json"] },
    { name: "workflow lint", args: [plan, "tools/lint-workflows.ts"] },
];

const started = Date.now();
runAll(steps, os.cpus().length).then((results) => {
    const passed = results.reduce((n, s) => n + s.passed, 0);
    const failed = results.reduce((n, s) => n + s.failed, 0);
    console.log(`\nSummary (${((Date.now() - started) / 1000).toFixed(1)} s, ${os.cpus().length} at a time):`);
    for (const s of results) console.log(`  ${s.failed ? "✗" : "✓"} ${s.name}: ${s.passed} passed, ${s.failed} failed (${s.seconds.toFixed(1)} s)`);
    console.log(`\ntests: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
}, (e) => {
    console.error(e);
    process.exit(1);
});
