/**
 * The project and stack files as the Pulumi CLI reads them (v3.248 engine, sdk/go/common/workspace):
 * - `Pulumi.yaml` is validated as `Project.Validate` does (default and value exclusive, arrays declare items, defaults
 *   of their declared type, keys of other namespaces carry only a `value`);
 * - `Pulumi.<stack>.yaml` is merged as `mergeConfig` does: a project key the stack does not set takes the project's
 *   `value`/`default`; a project-namespace key with neither is required, and a stack that misses one is refused with
 *   the engine's own message ("Stack 'dev' is missing configuration values 'a' and 'b'");
 * - stack values of explicitly typed keys are checked as `validateStackConfigValues` does;
 * - the program is located as `getPwdMain` and the nodejs host do: `main` relative to the project folder (a folder
 *   becomes the working directory), else the project folder and its package.json `exports`/`main`.
 * The planner applies these rules before running anything, so it never accepts a stack the CLI would refuse.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";

/** A usage or configuration problem: the planner exits 2 with this message and no stack trace. */
export class PlanUsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PlanUsageError";
    }
}

export type ConfigTypeName = "string" | "integer" | "boolean" | "array" | "object";

export interface ConfigItems {
    type: ConfigTypeName;
    items?: ConfigItems;
}

/** A key declared under `config:` in Pulumi.yaml. */
export interface ProjectConfigType {
    type?: ConfigTypeName;
    description?: string;
    items?: ConfigItems;
    default?: unknown;
    value?: unknown;
    secret?: boolean;
}

export interface Project {
    /** Absolute path of the project folder (where Pulumi.yaml is). */
    dir: string;
    name: string;
    main?: string;
    runtime: { name: string; options: Record<string, unknown> };
    config: Record<string, ProjectConfigType>;
}

/** A stack's configuration as the program receives it: every value a string (objects and arrays as JSON). */
export interface StackConfig {
    project: string;
    stack: string;
    config: Record<string, string>;
    /** Keys whose values are secrets (placeholders offline). */
    secretKeys: string[];
}

/** What a `secure:` value becomes offline: the plan never holds a decrypted secret. */
export const SECRET_PLACEHOLDER = "offline-secret-placeholder";

function readYamlFile(file: string): any {
    try {
        return parseYaml(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new PlanUsageError(`${file}: not valid YAML: ${(e as Error).message}`);
    }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** The engine's `ValidateConfigValue`: does a value (text from a stack file, or YAML data) fit a declared type? */
export function validateConfigValue(type: string, items: ConfigItems | undefined, value: unknown): boolean {
    switch (type) {
        case "string": return typeof value === "string";
        case "integer":
            if (typeof value === "number") return Number.isInteger(value);
            return typeof value === "string" && /^[+-]?\d+$/.test(value);
        case "boolean": return value === true || value === false || value === "true" || value === "false";
        case "object": return isPlainObject(value);
        default:
            return Array.isArray(value) && !!items && value.every((v) => validateConfigValue(items.type, items.items, v));
    }
}

/** The engine's `InferFullTypeName`: `array<string>` for an array of strings. */
export function fullTypeName(type: string, items?: ConfigItems): string {
    return items ? `array<${fullTypeName(items.type, items.items)}>` : type;
}

/** The engine's `formatMissingKeys`: 'a', 'b' and 'c' (sorted when more than one). */
function formatMissingKeys(keys: string[]): string {
    if (keys.length === 1) return `'${keys[0]}'`;
    const sorted = [...keys].sort();
    return sorted.slice(0, -1).map((k) => `'${k}'`).join(", ") + ` and '${sorted[sorted.length - 1]}'`;
}

/** True when a Pulumi.yaml config key belongs to the project's own namespace (`key` or `<project>:key`). */
function namespacedByProject(project: string, key: string): boolean {
    return !key.includes(":") || key.startsWith(`${project}:`);
}

/** `key` -> `<project>:key`; namespaced keys unchanged. */
export function qualifyKey(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** Read and validate Pulumi.yaml as the engine does. */
export function loadProject(dir: string): Project {
    const abs = path.resolve(dir);
    const file = path.join(abs, "Pulumi.yaml");
    if (!fs.existsSync(file)) throw new PlanUsageError(`${abs}: no Pulumi.yaml (not a Pulumi project)`);
    const doc = readYamlFile(file) ?? {};
    if (!doc.name) throw new PlanUsageError(`${file}: project is missing a 'name' attribute`);
    const runtime = typeof doc.runtime === "string" ? { name: doc.runtime, options: {} }
        : { name: doc.runtime?.name, options: doc.runtime?.options ?? {} };
    if (runtime.name !== "nodejs") {
        throw new PlanUsageError(`${file}: runtime '${runtime.name}' is not supported; the planner runs nodejs (TypeScript) programs`);
    }
    const config: Record<string, ProjectConfigType> = {};
    const problems: string[] = [];
    for (const [key, raw] of Object.entries<any>(doc.config ?? {})) {
        // A bare value is shorthand for { value } (keys of other namespaces) or { default } (the project's own).
        const decl: ProjectConfigType = isPlainObject(raw) ? raw
            : namespacedByProject(doc.name, key) ? { default: raw } : { value: raw };
        config[key] = decl;
        if (decl.default !== undefined && decl.value !== undefined) {
            problems.push(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
            continue;
        }
        if (namespacedByProject(doc.name, key)) {
            if (decl.type === "array" && !decl.items) {
                problems.push(`The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`);
            } else if (decl.type && decl.default !== undefined && !validateConfigValue(decl.type, decl.items, decl.default)) {
                problems.push(`The default value specified for configuration key '${key}' is not of the expected type '${fullTypeName(decl.type, decl.items)}'`);
            }
        } else if (decl.type) {
            problems.push(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
        } else if (decl.default !== undefined) {
            problems.push(`Configuration key '${key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`);
        } else if (decl.value === undefined) {
            problems.push(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
        }
    }
    if (problems.length) throw new PlanUsageError(`${file}:\n  - ${problems.join("\n  - ")}`);
    return { dir: abs, name: doc.name, main: doc.main, runtime, config };
}

/** The stacks that have a Pulumi.<stack>.yaml in the project folder. */
export function stackNames(project: Project): string[] {
    return fs.readdirSync(project.dir).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).map((f) => f.slice(7, -5)).sort();
}

/** A stack file value as the engine stores it: scalars as their text, sequences and maps as JSON. */
function configText(value: unknown): string {
    if (typeof value === "string") return value;
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return isPlainObject(value) || Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/**
 * Read Pulumi.<stack>.yaml and merge it with the project's config as the engine does. `overrides` are applied as if
 * the stack file set them (tests use this to vary one key). Throws PlanUsageError with the engine's messages.
 */
export function loadStackConfig(project: Project, stack: string, overrides: Record<string, unknown> = {}): StackConfig {
    const file = path.join(project.dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        throw new PlanUsageError(`--stack ${stack}: no ${path.basename(file)} in ${project.dir}; stacks with a config file: ${stackNames(project).join(", ") || "none"}`);
    }
    const doc = readYamlFile(file) ?? {};
    if (doc.environment !== undefined) {
        throw new PlanUsageError(`${file}: 'environment' (Pulumi ESC) cannot be resolved offline; set the values in the stack file's config`);
    }
    // Each stack value, with its text (what the program receives), its data (what the type check sees) and whether it
    // is secure.
    const values = new Map<string, { text: string; data: unknown; secure: boolean }>();
    const set = (given: string, v: unknown, source: string) => {
        // The engine namespaces a bare stack key with the project (stackConfigNamespacedWithProject).
        const rawKey = qualifyKey(project.name, given);
        if (rawKey.split(":").length !== 2 && !/^[^:]+:config:[^:]+$/.test(rawKey)) {
            throw new PlanUsageError(`${source}: could not parse ${rawKey} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`);
        }
        const key = rawKey.replace(/^([^:]+):config:/, "$1:");
        if (isPlainObject(v) && "secure" in v) values.set(key, { text: SECRET_PLACEHOLDER, data: SECRET_PLACEHOLDER, secure: true });
        else values.set(key, { text: configText(v), data: isPlainObject(v) || Array.isArray(v) ? v : configText(v), secure: false });
    };
    for (const [k, v] of Object.entries<unknown>(doc.config ?? {})) set(k, v, file);
    for (const [k, v] of Object.entries(overrides)) set(k, v, "override");

    const missing: string[] = [];
    const problems: string[] = [];
    for (const key of Object.keys(project.config).sort()) {
        const decl = project.config[key];
        const full = qualifyKey(project.name, key);
        const found = values.get(full);
        if (!found) {
            const fallback = decl.default ?? decl.value;
            if (fallback === undefined) {
                if (namespacedByProject(project.name, key)) missing.push(key);
                continue;
            }
            values.set(full, { text: configText(fallback), data: fallback, secure: false });
            continue;
        }
        if (!decl.type) continue;
        if (decl.secret && !found.secure) {
            problems.push(`Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`);
        } else if (!found.secure && !validateConfigValue(decl.type, decl.items, found.data)) {
            problems.push(`Stack '${stack}' with configuration key '${key}' must be of type '${fullTypeName(decl.type, decl.items)}'`);
        }
    }
    if (missing.length) {
        const hint = missing.map((k) => `pulumi config set ${k} <value> --stack ${stack}`).join("; ");
        throw new PlanUsageError(`Stack '${stack}' is missing configuration value${missing.length > 1 ? "s" : ""} ${formatMissingKeys(missing)}` +
            `\n  (${path.basename(file)} must set every key Pulumi.yaml declares without a default; ${hint})`);
    }
    if (problems.length) throw new PlanUsageError(problems.join("\n"));

    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [k, v] of [...values].sort((a, b) => a[0].localeCompare(b[0]))) {
        config[k] = v.text;
        if (v.secure) secretKeys.push(k);
    }
    return { project: project.name, stack, config, secretKeys };
}

/** Where the CLI runs the program: its working directory and the file the nodejs host loads. */
export interface ProgramLocation {
    pwd: string;
    entry: string;
}

/**
 * `getPwdMain` followed by the nodejs host's entry-point rules: `main` (relative to the project folder) that is a
 * folder becomes the working directory, a file sets the working directory to its folder; without `main` the project
 * folder is the working directory and package.json `exports` or `main` names the entry.
 */
export function locateProgram(project: Project): ProgramLocation {
    let pwd = project.dir;
    let entry = ".";
    if (project.main) {
        const main = path.resolve(project.dir, project.main);
        if (!fs.existsSync(main)) throw new PlanUsageError(`${path.join(project.dir, "Pulumi.yaml")}: project 'main' could not be read: ${main} does not exist`);
        if (fs.statSync(main).isDirectory()) pwd = main;
        else { pwd = path.dirname(main); entry = path.basename(main); }
    }
    let program = path.join(pwd, entry);
    if (entry === ".") {
        const pkgFile = path.join(pwd, "package.json");
        const pkg = fs.existsSync(pkgFile) ? JSON.parse(fs.readFileSync(pkgFile, "utf8")) : {};
        const exp = pkg.exports;
        const named = typeof exp === "string" ? exp
            : isPlainObject(exp) ? (typeof exp["."] === "string" ? exp["."] : isPlainObject(exp["."]) ? (exp["."] as any).default ?? (exp["."] as any).require ?? (exp["."] as any).import : undefined)
                : pkg.main;
        if (typeof named === "string" && fs.existsSync(path.join(pwd, named))) program = path.join(pwd, named);
    }
    try {
        // A folder is required as a folder ("dir/"), never as an adjacent dir.js or dir.json.
        const isDir = fs.existsSync(program) && fs.statSync(program).isDirectory();
        return { pwd, entry: require.resolve(isDir ? program + path.sep : program) };
    } catch {
        throw new PlanUsageError(`${path.join(project.dir, "Pulumi.yaml")}: the program entry ${path.relative(project.dir, program) || "."} does not resolve to a file`);
    }
}
