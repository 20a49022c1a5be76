/**
 * Test support: run the offline planner as a user runs it (`npm run plan -- ...`), one process per call, from the
 * repository root; returns the exit code and both streams.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { ROOT } from "./stacks";

export interface PlannerRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

export function planner(args: string[], env: Record<string, string> = {}): PlannerRun {
    const r = spawnSync(process.execPath, [path.join(ROOT, "tools", "run.js"), "tools/plan/cli.ts", ...args],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
