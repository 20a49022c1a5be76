/**
 * The import rules of the policy packs, checked over the source tree (imports read with the TypeScript scanner, so
 * `import type`, re-exports and require() count):
 * 1. policies/ imports nothing from tools/, components/, stacks/ or apps/: a pack loads on its own (published, it is
 *    one bundle of policies/). Tests under policies/ reach the planner only through the harness, tools/testing/.
 * 2. policies/lib/ imports nothing from the packs: it is the bottom layer every pack shares.
 * 3. A rule file (a file under a pack's rules/ named after one of its rules) exports only its rule, and no file imports
 *    it but its folder's index.ts and its own test.
 * 4. A file under rules/<folder>/ imports only from its own folder and policies/lib/: a helper two folders need
 *    belongs in lib. A folder's other files are helpers of that folder; their header says they are not a rule.
 * 5. The planner (tools/plan/) imports nothing from policies/: it evaluates the packs it is given, whatever they are.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { awsRules } from "./aws/rules";
import { kubernetesRules } from "./kubernetes/rules";
import { Rule } from "./lib/rule";

const ROOT = path.resolve(__dirname, "..");

/** A source file: its path relative to the repository root (with `/`), its text and what it imports. */
interface Source {
    file: string;
    text: string;
    /** Relative imports resolved to repository paths (`policies/lib/rule.ts`); packages are left out. */
    imports: string[];
}

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(rel);
        return e.name.endsWith(".ts") ? [rel] : [];
    });
}

/** `spec` imported from `file`, as a repository path: `x.ts`, `x/index.ts`, or the bare path when neither exists. */
function resolve(file: string, spec: string, exists: (f: string) => boolean): string {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    return [`${base}.ts`, `${base}/index.ts`, base].find(exists) ?? base;
}

function read(files: Record<string, string>, exists: (f: string) => boolean): Source[] {
    return Object.entries(files).map(([file, text]) => ({
        file, text,
        imports: ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName)
            .filter((spec) => spec.startsWith(".")).map((spec) => resolve(file, spec, exists)),
    }));
}

const isTest = (file: string) => file.endsWith(".test.ts");
const under = (file: string, dir: string) => file.startsWith(`${dir}/`);
/** `policies/<pack>/rules/<folder>/` of a file under a pack's rules (the rules folder itself for flat packs). */
const ruleFolder = (file: string) => /^(policies\/[^/]+\/rules\/)(?:([^/]+)\/)?/.exec(file)?.[0];

/**
 * Every break of the import rules in `sources`; `ruleFiles` are the rule files, by path. A pure function of the
 * tree, so the rules themselves are tested on a tree that breaks each one.
 */
function importViolations(sources: Source[], ruleFiles: Map<string, Rule>): string[] {
    const out: string[] = [];
    for (const s of sources) {
        const { file } = s;
        for (const imp of s.imports) {
            if (under(file, "policies")) {
                if (!under(imp, "policies") && !(isTest(file) && under(imp, "tools/testing"))) {
                    out.push(`${file} imports ${imp}: policies/ imports nothing outside it${isTest(file) ? " (tests: only tools/testing/)" : ""}`);
                }
                if (under(file, "policies/lib") && !isTest(file) && under(imp, "policies") && !under(imp, "policies/lib")) {
                    out.push(`${file} imports ${imp}: policies/lib/ imports nothing from the packs`);
                }
                if (ruleFiles.has(imp)) {
                    const own = path.posix.dirname(imp);
                    const allowed = file === `${own}/index.ts` || file === imp.replace(/\.ts$/, ".test.ts");
                    if (!allowed) out.push(`${file} imports the rule file ${imp}: only its folder's index.ts and its test may`);
                }
                const folder = ruleFolder(file);
                if (folder && folder.split("/").length > 4 && under(imp, "policies") && !under(imp, "policies/lib") && !imp.startsWith(folder)) {
                    out.push(`${file} imports ${imp}: a file under ${folder} imports from its own folder and policies/lib/ only`);
                }
            }
            if (under(file, "tools/plan") && under(imp, "policies")) {
                out.push(`${file} imports ${imp}: the planner imports nothing from policies/`);
            }
        }
        if (ruleFiles.has(file)) {
            const exports = s.text.match(/^export\b.*$/gm) ?? [];
            const rule = ruleFiles.get(file)!;
            if (exports.length !== 1 || !/^export const \w+: (ResourceRule|StackRule)\b/.test(exports[0])) {
                out.push(`${file} exports ${exports.length ? exports.map((e) => e.slice(0, 40)).join(" | ") : "nothing"}: a rule file exports only its rule (${rule.name})`);
            }
        } else if (ruleFolder(file) && !isTest(file) && path.posix.basename(file) !== "index.ts") {
            const header = /^\s*\/\*\*([\s\S]*?)\*\//.exec(s.text)?.[1] ?? "";
            if (!/not a rule/i.test(header)) out.push(`${file} is neither a rule file nor a helper whose header says it is not a rule`);
        }
    }
    return out;
}

/** The rule files of the packs: `policies/<pack>/rules/**\/<rule name>.ts`, with their rule. */
function ruleFilesOf(files: string[]): Map<string, Rule> {
    const rules = new Map<string, Rule>([...awsRules, ...kubernetesRules].map((r) => [r.name, r]));
    const out = new Map<string, Rule>();
    for (const f of files) {
        const rule = rules.get(path.posix.basename(f, ".ts"));
        if (rule && ruleFolder(f) && !isTest(f)) out.set(f, rule);
    }
    return out;
}

describe("policy packs: import rules", () => {
    const files = [...sourceFiles("policies"), ...sourceFiles("tools/plan")];
    const sources = read(Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), "utf8")])),
        (f) => fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile());
    const ruleFiles = ruleFilesOf(files);

    it("holds for the repository: each rule in its own file, and no import across the layers", () => {
        expect(ruleFiles.size).to.equal(awsRules.length + kubernetesRules.length);
        expect(importViolations(sources, ruleFiles)).to.deep.equal([]);
    });

    it("rule files export only their rule, also at run time", () => {
        for (const [file, rule] of ruleFiles) {
            const mod = require(path.join(ROOT, file));
            expect(Object.values(mod), file).to.deep.equal([rule]);
        }
    });

    it("reports each kind of break (the check above can fail)", () => {
        const tree: Record<string, string> = {
            "policies/lib/rule.ts": "/** The rule shape. */\nexport type Rule = {};\n",
            "policies/lib/uses-pack.ts": `import { x } from "../aws/rules/s3/helper";\n`,
            "policies/lib/uses-planner.ts": `import type { PlanResource } from "../../tools/plan/recorder";\n`,
            "policies/aws/rules/s3/s3-a.ts": `import { y } from "../waf/waf-b";\nexport const s3A: StackRule = {};\nexport const EXTRA = 1;\n`,
            "policies/aws/rules/s3/s3-a.test.ts": `import { runRule } from "../../../../tools/testing/policies";\nimport { s3A } from "./s3-a";\n`,
            "policies/aws/rules/s3/helper.ts": "/** Shared by the s3 rules; not a rule. */\nexport const x = 1;\n",
            "policies/aws/rules/s3/untitled.ts": "export const z = 1;\n",
            "policies/aws/rules/s3/index.ts": `import { s3A } from "./s3-a";\n`,
            "policies/aws/rules/waf/waf-b.ts": `import { x } from "../s3/helper";\nconst z = require("../../../../components/vpc/network");\nexport const wafB: StackRule = {};\n`,
            "policies/aws/rules/waf/waf-b.test.ts": `import { evaluatePacks } from "../../../../tools/plan/evaluate";\n`,
            "tools/plan/evaluate.ts": `import { isUnknownValueError } from "../../policies/lib/findings";\n`,
        };
        const sources = read(tree, (f) => f in tree);
        const rules = new Map<string, Rule>([["policies/aws/rules/s3/s3-a.ts", { name: "s3-a" } as Rule], ["policies/aws/rules/waf/waf-b.ts", { name: "waf-b" } as Rule]]);
        expect(importViolations(sources, rules)).to.deep.equal([
            "policies/lib/uses-pack.ts imports policies/aws/rules/s3/helper.ts: policies/lib/ imports nothing from the packs",
            "policies/lib/uses-planner.ts imports tools/plan/recorder: policies/ imports nothing outside it",
            "policies/aws/rules/s3/s3-a.ts imports the rule file policies/aws/rules/waf/waf-b.ts: only its folder's index.ts and its test may",
            "policies/aws/rules/s3/s3-a.ts imports policies/aws/rules/waf/waf-b.ts: a file under policies/aws/rules/s3/ imports from its own folder and policies/lib/ only",
            "policies/aws/rules/s3/s3-a.ts exports export const s3A: StackRule = {}; | export const EXTRA = 1;: a rule file exports only its rule (s3-a)",
            "policies/aws/rules/s3/untitled.ts is neither a rule file nor a helper whose header says it is not a rule",
            "policies/aws/rules/waf/waf-b.ts imports policies/aws/rules/s3/helper.ts: a file under policies/aws/rules/waf/ imports from its own folder and policies/lib/ only",
            "policies/aws/rules/waf/waf-b.ts imports components/vpc/network: policies/ imports nothing outside it",
            "policies/aws/rules/waf/waf-b.test.ts imports tools/plan/evaluate.ts: policies/ imports nothing outside it (tests: only tools/testing/)",
            "tools/plan/evaluate.ts imports policies/lib/findings: the planner imports nothing from policies/",
        ]);
    });
});
