/**
 * Generated README sections, so reference tables never drift from the code:
 *   config   from stacks/config.ts (keys), Pulumi.yaml (types, descriptions, defaults) and the stack files (values)
 *   args     from the JSDoc of every exported `*Args` interface under components/ (and the Microservice's ServiceSpec,
 *            PlatformReferences and IngressGroupSettings, which product teams write)
 *   outputs  from the JSDoc of PlatformOutputs (stacks/outputs.ts)
 *   rules    from the rules of every policy pack
 * `npm run docs` rewrites the sections between <!-- NAME:start --> and <!-- NAME:end --> in README.md;
 * tools/docs.test.ts fails when the README differs from what this generates.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { awsRules } from "../policies/aws/rules";
import { kubernetesRules } from "../policies/kubernetes/rules";
import type { Rule } from "../policies/lib/rule";
import { configSchema, LAYER_CONFIG } from "../stacks/config";
import { loadProject, loadStackConfig } from "./plan/project";

const root = path.resolve(__dirname, "..");
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ").trim();

/** The config table: each key's type and description from Pulumi.yaml, its value in each stack as the engine merges it. */
export function configSection(): string {
    const project = loadProject(root);
    const stacks = ["dev", "prod"].map((stack) => loadStackConfig(project, stack).config);
    const lines = ["| Key (`ecommerce-platform:`) | Layer | Type | Default (Pulumi.yaml) | dev | prod | Description |", "|---|---|---|---|---|---|---|"];
    const layerOf = (key: string) => Object.entries(LAYER_CONFIG).find(([, shape]) => key in shape)?.[0] ?? "platform";
    const show = (v: string | undefined) => (v === undefined ? "—" : `\`${v}\``);
    for (const key of Object.keys(configSchema.shape)) {
        const decl = project.config[key] ?? {};
        const type = decl.type === "array" ? `array of ${decl.items?.type ?? "?"}` : decl.type ?? "?";
        const fallback = decl.default === undefined ? "required per stack" : show(typeof decl.default === "string" ? decl.default : JSON.stringify(decl.default));
        const values = stacks.map((c) => show(c[`${project.name}:${key}`]));
        lines.push(`| \`${key}\` | ${layerOf(key)} | ${type} | ${fallback} | ${values.join(" | ")} | ${cell(decl.description ?? "")} |`);
    }
    lines.push("| `aws:region` (provider) | platform | string | required per stack | " +
        stacks.map((c) => show(c["aws:region"])).join(" | ") + " | AWS region of the stack. |");
    return lines.join("\n");
}

function jsDoc(node: ts.Node): string {
    return ts.getJSDocCommentsAndTags(node).map((d) => (typeof (d as ts.JSDoc).comment === "string" ? (d as ts.JSDoc).comment as string : ts.getTextOfJSDocComment((d as ts.JSDoc).comment) ?? "")).join(" ");
}

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return sourceFiles(p);
        return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && e.name !== "index.ts" ? [p] : [];
    }).sort();
}

/** Every exported interface of `files` whose name matches, as a field table from its JSDoc. */
function interfaceTables(files: string[], names: RegExp, heading: (name: string, file: string) => string): string[] {
    const out: string[] = [];
    for (const file of files) {
        const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
        for (const stmt of sf.statements) {
            if (!ts.isInterfaceDeclaration(stmt) || !names.test(stmt.name.text)) continue;
            if (!stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
            out.push(heading(stmt.name.text, path.relative(root, file)), "", "| Field | Type | Description |", "|---|---|---|");
            for (const m of stmt.members) {
                if (!ts.isPropertySignature(m) || !m.name) continue;
                const name = m.name.getText(sf) + (m.questionToken ? "?" : "");
                out.push(`| \`${name}\` | \`${cell(m.type?.getText(sf) ?? "")}\` | ${cell(jsDoc(m)) || "**undocumented**"} |`);
            }
            out.push("");
        }
    }
    return out;
}

export function argsSection(): string {
    return interfaceTables(sourceFiles(path.join(root, "components")), /Args$|^KeyDomain$|^ServiceSpec$|^PlatformReferences$|^IngressGroupSettings$/,
        (name, file) => `**\`${name}\`** (${file})`).join("\n").trimEnd();
}

/** The stack outputs product teams read through StackReferences (stacks/outputs.ts). */
export function outputsSection(): string {
    return interfaceTables([path.join(root, "stacks", "outputs.ts")], /^PlatformOutputs$/, () => "")
        .slice(2).join("\n").trimEnd();
}

function rulesTable(pack: string, rules: Rule[]): string[] {
    const lines = [`| Rule (${pack}) | Kind | Level | Severity | Types | Requires |`, "|---|---|---|---|---|---|"];
    for (const r of [...rules].sort((a, b) => a.name.localeCompare(b.name))) {
        const types = r.types.map((t) => `\`${t}\``).join(", ");
        lines.push(`| \`${r.name}\` | ${r.kind} | ${r.enforcementLevel} | ${r.severity} | ${types} | ${cell(r.description)} |`);
    }
    return lines;
}

export function rulesSection(): string {
    return [...rulesTable("ecommerce-aws", awsRules), "", ...rulesTable("ecommerce-kubernetes", kubernetesRules)].join("\n");
}

export const SECTIONS: Record<string, () => string> = { config: configSection, args: argsSection, outputs: outputsSection, rules: rulesSection };

/** The README with every generated section replaced. */
export function renderReadme(text: string): string {
    let out = text;
    for (const [name, gen] of Object.entries(SECTIONS)) {
        const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
        if (!re.test(out)) throw new Error(`README.md has no <!-- ${name}:start --> ... <!-- ${name}:end --> section`);
        out = out.replace(re, (_m, a, b) => `${a}\n${gen()}\n${b}`);
    }
    return out;
}

if (process.argv[1] === __filename) {
    const file = path.join(root, "README.md");
    const before = fs.readFileSync(file, "utf8");
    const after = renderReadme(before);
    if (process.argv.includes("--check")) {
        if (before !== after) { console.error("README.md is out of date: run npm run docs"); process.exit(1); }
        console.log("README.md is up to date");
    } else {
        fs.writeFileSync(file, after);
        console.log(before === after ? "README.md unchanged" : "README.md updated");
    }
}
