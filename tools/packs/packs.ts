/**
 * Publishable policy packs. `pulumi policy publish` uploads what `npm pack` makes of the pack directory, and a policy
 * group installs that tarball's declared dependencies and runs its `main`; the source packs import `../lib`, read
 * `../waivers.yaml` and extend `../../tsconfig.json`, none of which a tarball carries. So each pack under `policies/`
 * becomes a self-contained directory `dist/policy-packs/<pack>/`:
 *   index.js           the pack bundled by esbuild (rules, lib, yaml inlined; @pulumi/policy and @pulumi/pulumi external)
 *   package.json       the source pack's name and version, main index.js, exactly the dependencies still required
 *   PulumiPolicy.yaml  the source description, runtime nodejs with `typescript: false` (no ts-node, no compiler)
 *   waivers.yaml       the reviewed waivers (policies/waivers.yaml), which the bundle reads from beside itself
 *   README.md          what it is and how to publish it
 */
import { execFileSync } from "child_process";
import * as esbuild from "esbuild";
import * as fs from "fs";
import { isBuiltin } from "module";
import * as path from "path";
import { stringify as stringifyYaml, parse as parseYaml } from "yaml";
import { defaultWaiversFile, loadWaivers, WAIVERS_FILE_NAME } from "../../policies/lib/waivers";
import { LoadedPack, loadPolicyPack } from "../plan/evaluate";
import { discoverPacks } from "../plan/plan";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Modules the policy host provides a pack: left out of the bundle and installed from the pack's package.json. */
export const EXTERNAL_MODULES = ["@pulumi/policy", "@pulumi/pulumi"];
/**
 * The module the CLI starts a Node.js pack with (`@pulumi/pulumi/cmd/run-policy-pack`, resolved from the pack's
 * directory): a dependency of every pack even though the bundle does not require it.
 */
export const POLICY_HOST_MODULE = "@pulumi/pulumi";
/** The files of a built pack, which are also exactly what its `npm pack` tarball holds (under `package/`). */
export const PACK_FILES = ["index.js", "package.json", "PulumiPolicy.yaml", WAIVERS_FILE_NAME, "README.md"];

export interface BuildOptions {
    /** The repository whose packs are built (its `policies/`, `package.json` pins). Defaults to this repository. */
    root?: string;
    /** Where the publishable directories go, one per pack, named like the source directory. Defaults to `<root>/dist/policy-packs`. */
    outDir?: string;
    /** Source pack directories to build. Defaults to every directory under `<root>/policies` with a PulumiPolicy.yaml. */
    packs?: string[];
    /** The reviewed waiver file shipped in every pack. Defaults to the repository's `policies/waivers.yaml`. */
    waiversFile?: string;
}

export interface BuiltPack {
    /** The source pack directory. */
    source: string;
    /** The publishable directory (`<outDir>/<pack>`). */
    dir: string;
    /** The policy pack's name (what `pulumi policy enable <org>/<name>` takes). */
    name: string;
    /** The npm package name, from the source package.json. */
    packageName: string;
    /** The version, from the source package.json: the version the Pulumi Cloud publishes. */
    version: string;
    /** The dependencies written to package.json: the bundle's external requires plus the policy host. */
    dependencies: Record<string, string>;
    /** Policies in the pack. */
    policies: number;
    /** Waivers shipped with it. */
    waivers: number;
    /** Size of index.js in bytes. */
    bundleBytes: number;
}

/** A pack that cannot be built as it stands; the message names the file, the field and what is allowed. */
export class PackBuildError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PackBuildError";
    }
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));
const rel = (root: string, p: string) => path.relative(root, p) || ".";

/** The npm package a module specifier names: `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
export function packageOf(specifier: string): string {
    const parts = specifier.split("/");
    return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** The exact version `name` is pinned to: the source pack's package.json first, then the repository's. */
export function pinnedVersion(name: string, sourcePkg: any, rootPkg: any, where: string): string {
    const version = sourcePkg.dependencies?.[name] ?? rootPkg.dependencies?.[name] ?? rootPkg.devDependencies?.[name];
    if (typeof version !== "string" || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
        throw new PackBuildError(`${where}: dependencies.${name}: ${version === undefined ? "not declared" : `'${version}' is not an exact version`}; `
            + "the bundle requires it, so pin an exact version (x.y.z) in the pack's or the repository's package.json");
    }
    return version;
}

function sourceCommit(root: string): string | undefined {
    try {
        const commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
        const dirty = execFileSync("git", ["status", "--porcelain", "--", "policies"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
        return dirty ? `${commit} with uncommitted changes under policies/` : commit;
    } catch {
        return undefined;
    }
}

function readme(pack: Omit<BuiltPack, "bundleBytes">, sourceDir: string, waiversFile: string, commit: string | undefined): string {
    const deps = Object.entries(pack.dependencies).map(([n, v]) => `\`${n}@${v}\``).join(", ");
    return `# ${pack.name} ${pack.version}

CrossGuard policy pack of ecommerce-platform, generated by \`npm run build:packs\` from \`${sourceDir}\`${commit ? ` at commit ${commit}` : ""}.
Do not edit: change the source pack and rebuild.

- \`index.js\`: the pack bundled with esbuild (${pack.policies} policies); it needs only ${deps}.
- \`waivers.yaml\`: the reviewed waivers (\`${waiversFile}\`, ${pack.waivers} ${pack.waivers === 1 ? "entry" : "entries"}) this version applies.
  \`PLATFORM_POLICY_WAIVERS=<file>\` overrides it for a local run.

Publish (from this directory; the CLI loads the pack before packing it) and enable:

\`\`\`bash
npm install
pulumi policy publish [<org>]
pulumi policy enable <org>/${pack.name} ${pack.version} --policy-group <group> [--config <file>]
\`\`\`
`;
}

const formatMessages = (messages: esbuild.Message[]) =>
    messages.map((m) => `  ${m.location ? `${m.location.file}:${m.location.line}: ` : ""}${m.text}`).join("\n");

/** The checked source of one pack: its manifest, PulumiPolicy.yaml and entry module. */
interface PackSource {
    src: string;
    pkg: any;
    policyProject: Record<string, unknown>;
    entry: string;
}

function readPackSource(root: string, source: string): PackSource {
    const src = path.resolve(source);
    const where = (f: string) => rel(root, path.join(src, f));
    const policyFile = path.join(src, "PulumiPolicy.yaml");
    if (!fs.existsSync(policyFile)) throw new PackBuildError(`${where("PulumiPolicy.yaml")}: not found; a policy pack directory has one`);
    const policyProject = parseYaml(fs.readFileSync(policyFile, "utf8")) ?? {};
    if (typeof policyProject.description !== "string" || !policyProject.description) {
        throw new PackBuildError(`${where("PulumiPolicy.yaml")}: description: required, the text the Pulumi Cloud shows for the pack`);
    }
    const pkgFile = path.join(src, "package.json");
    if (!fs.existsSync(pkgFile)) throw new PackBuildError(`${where("package.json")}: not found; the pack's name and version come from it`);
    const pkg = readJson(pkgFile);
    for (const field of ["name", "version"]) {
        if (typeof pkg[field] !== "string" || !pkg[field]) throw new PackBuildError(`${where("package.json")}: ${field}: required (a string)`);
    }
    // The Pulumi Cloud's rule for a policy pack version tag (httpstate client, validatePolicyPackVersion).
    if (!/^[a-zA-Z0-9-_.]{1,100}$/.test(pkg.version)) {
        throw new PackBuildError(`${where("package.json")}: version: '${pkg.version}' cannot be published; use letters, digits, '-', '_' and '.' only (at most 100), e.g. 1.2.0`);
    }
    const entry = path.join(src, pkg.main ?? "index.ts");
    if (!fs.existsSync(entry)) throw new PackBuildError(`${where("package.json")}: main: '${pkg.main ?? "index.ts"}' does not exist`);
    return { src, pkg, policyProject, entry };
}

/** What every pack of one build shares. */
interface BuildContext {
    root: string;
    rootPkg: any;
    outDir: string;
    waiversFile: string;
    waivers: number;
    commit?: string;
}

/** Bundle one checked pack into `<outDir>/<basename of source>`, replacing what was there. */
async function writePack(ctx: BuildContext, source: PackSource, loaded: LoadedPack): Promise<BuiltPack> {
    const { root, rootPkg, outDir, waiversFile } = ctx;
    const { src, pkg, policyProject, entry } = source;
    const dir = path.join(outDir, path.basename(src));
    const where = (f: string) => rel(root, path.join(src, f));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const outfile = path.join(dir, "index.js");
    let result: esbuild.BuildResult<{ metafile: true }>;
    try {
        result = await esbuild.build({
            entryPoints: [entry], outfile, bundle: true, platform: "node", format: "cjs", target: "node20",
            external: EXTERNAL_MODULES, metafile: true, logLevel: "silent", absWorkingDir: root, legalComments: "inline",
        });
    } catch (e) {
        const errors = (e as esbuild.BuildFailure).errors ?? [];
        throw new PackBuildError(`${rel(root, entry)}: esbuild could not bundle the pack:\n${formatMessages(errors) || (e as Error).message}`);
    }
    // A warning (a require esbuild cannot follow, an import that resolves to nothing) is a pack that fails once installed.
    if (result.warnings.length) throw new PackBuildError(`${rel(root, entry)}: the bundle would not be self-contained:\n${formatMessages(result.warnings)}`);
    const output = Object.values(result.metafile.outputs)[0];
    const required = output.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => packageOf(i.path));
    const names = [...new Set([...required, POLICY_HOST_MODULE])].sort();
    const dependencies = Object.fromEntries(names.map((n) => [n, pinnedVersion(n, pkg, rootPkg, where("package.json"))]));

    const built = {
        source: src, dir, name: loaded.name, packageName: pkg.name, version: pkg.version, dependencies,
        policies: loaded.policies.length, waivers: ctx.waivers,
    };
    const license = pkg.license ?? rootPkg.license;
    const manifest = {
        name: pkg.name, version: pkg.version, private: true,
        ...(pkg.description ? { description: pkg.description } : {}),
        ...(license ? { license } : {}),
        main: "index.js",
        files: PACK_FILES.filter((f) => f !== "package.json"),
        dependencies,
    };
    fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const runtime = { name: "nodejs", options: { typescript: false } };
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), stringifyYaml({ ...policyProject, runtime }, { lineWidth: 0 }));
    fs.writeFileSync(path.join(dir, WAIVERS_FILE_NAME), fs.existsSync(waiversFile) ? fs.readFileSync(waiversFile) : "waivers: []\n");
    fs.writeFileSync(path.join(dir, "README.md"), readme(built, rel(root, src), rel(root, waiversFile), ctx.commit));
    return { ...built, bundleBytes: fs.statSync(outfile).size };
}

/** Build every pack (or `opts.packs`); the shipped waiver file must name only policies of the packs built. */
export async function buildPacks(opts: BuildOptions = {}): Promise<BuiltPack[]> {
    const root = path.resolve(opts.root ?? REPO_ROOT);
    const outDir = path.resolve(opts.outDir ?? path.join(root, "dist", "policy-packs"));
    const sources = (opts.packs ?? discoverPacks(root)).map((p) => readPackSource(root, p));
    if (!sources.length) throw new PackBuildError(`${rel(process.cwd(), path.join(root, "policies"))}: no policy pack (a directory with PulumiPolicy.yaml) to build`);
    const loaded = sources.map((s) => loadPolicyPack(s.src));
    const waiversFile = path.resolve(opts.waiversFile ?? defaultWaiversFile());
    const waivers = loadWaivers(waiversFile, new Set(loaded.flatMap((l) => l.policies.map((p) => p.name))));
    const ctx: BuildContext = {
        root, rootPkg: readJson(path.join(root, "package.json")), outDir, waiversFile, waivers: waivers.length, commit: sourceCommit(root),
    };
    const built: BuiltPack[] = [];
    for (const [i, s] of sources.entries()) built.push(await writePack(ctx, s, loaded[i]));
    return built;
}
