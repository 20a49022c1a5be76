/**
 * The engine's project and stack-file rules, as the planner applies them (tools/plan/project.ts), on temporary
 * projects; and the compiler options the CLI's nodejs host would use for this repository's program.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { loadProject, loadStackConfig, locateProgram, PlanUsageError, SECRET_PLACEHOLDER, validateConfigValue } from "./project";

const root = path.resolve(__dirname, "..", "..");

/** A temporary project folder with the given files. */
function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-"));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

function usageError(fn: () => unknown): string {
    try { fn(); } catch (e) { expect(e).to.be.instanceOf(PlanUsageError); return (e as Error).message; }
    expect.fail("expected a PlanUsageError");
    return "";
}

const PROJECT = `name: shop
runtime: nodejs
config:
  zones:
    type: integer
    description: Zones.
  size:
    type: string
    default: small
  ports:
    type: array
    items:
      type: integer
    default: [80, 443]
  token:
    type: string
    secret: true
    default: none
  greeting: hello
  aws:region:
    value: eu-west-1
`;

describe("tools/plan/project: the engine's config rules", () => {
    it("merges Pulumi.yaml defaults and values under the stack's own values; secure values become placeholders", () => {
        const dir = project({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": "config:\n  shop:zones: 3\n  size: large\n  other:key:\n    secure: AAAA\n" });
        const sc = loadStackConfig(loadProject(dir), "dev");
        expect(sc.config).to.deep.equal({
            "aws:region": "eu-west-1", "other:key": SECRET_PLACEHOLDER, "shop:greeting": "hello", "shop:ports": "[80,443]",
            "shop:size": "large", "shop:token": "none", "shop:zones": "3",
        });
        expect(sc.secretKeys).to.deep.equal(["other:key"]);
    });

    it("refuses a stack without a required key, naming every missing key as the engine does", () => {
        const dir = project({ "Pulumi.yaml": PROJECT + "  owner:\n    type: string\n  team:\n    type: string\n", "Pulumi.dev.yaml": "config: {}\n" });
        const message = usageError(() => loadStackConfig(loadProject(dir), "dev"));
        expect(message.split("\n")[0]).to.equal("Stack 'dev' is missing configuration values 'owner', 'team' and 'zones'");
        const one = project({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": "config: {}\n" });
        expect(usageError(() => loadStackConfig(loadProject(one), "dev")).split("\n")[0]).to.equal("Stack 'dev' is missing configuration value 'zones'");
    });

    it("checks stack values against declared types and secrets", () => {
        const load = (stack: string) => () => loadStackConfig(loadProject(project({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": stack })), "dev");
        expect(usageError(load("config:\n  shop:zones: three\n"))).to.equal("Stack 'dev' with configuration key 'zones' must be of type 'integer'");
        expect(usageError(load("config:\n  shop:zones: 2\n  shop:ports: [80, x]\n"))).to.equal("Stack 'dev' with configuration key 'ports' must be of type 'array<integer>'");
        expect(usageError(load("config:\n  shop:zones: 2\n  shop:token: plain\n"))).to.equal("Stack 'dev' with configuration key 'token' must be encrypted as it's secret");
        expect(() => load("config:\n  shop:zones: \"2\"\n  shop:token:\n    secure: AAAA\n")()).to.not.throw();
    });

    it("validates Pulumi.yaml as Project.Validate does", () => {
        const bad = (config: string) => usageError(() => loadProject(project({ "Pulumi.yaml": `name: shop\nruntime: nodejs\nconfig:\n${config}` })));
        expect(bad("  a:\n    type: array\n")).to.contain("The configuration key 'a' declares an array but does not specify the underlying type via the 'items' attribute");
        expect(bad("  a:\n    type: integer\n    default: x\n")).to.contain("The default value specified for configuration key 'a' is not of the expected type 'integer'");
        expect(bad("  aws:region:\n    type: string\n")).to.contain("Configuration key 'aws:region' is not namespaced by the project and should not define a type");
        expect(bad("  aws:region:\n    default: x\n")).to.contain("should not define a default value");
        expect(bad("  a:\n    default: 1\n    value: 2\n")).to.contain("project config 'a' cannot have both a 'default' and 'value' attribute");
    });

    it("validateConfigValue follows the engine (integers as text, booleans as text, typed arrays)", () => {
        expect(validateConfigValue("integer", undefined, "42")).to.equal(true);
        expect(validateConfigValue("integer", undefined, "4.5")).to.equal(false);
        expect(validateConfigValue("boolean", undefined, "true")).to.equal(true);
        expect(validateConfigValue("boolean", undefined, "yes")).to.equal(false);
        expect(validateConfigValue("array", { type: "string" }, ["a"])).to.equal(true);
        expect(validateConfigValue("array", { type: "string" }, "a")).to.equal(false);
        expect(validateConfigValue("object", undefined, { a: 1 })).to.equal(true);
    });

    it("locates the program as getPwdMain and the nodejs host do", () => {
        const noMain = project({ "Pulumi.yaml": "name: a\nruntime: nodejs\n", "package.json": '{"main": "src/app.ts"}', "src/app.ts": "" });
        expect(locateProgram(loadProject(noMain))).to.deep.equal({ pwd: noMain, entry: path.join(noMain, "src", "app.ts") });
        const folder = project({ "Pulumi.yaml": "name: a\nruntime: nodejs\nmain: infra/\n", "infra/index.ts": "", "infra.js": "" });
        expect(locateProgram(loadProject(folder))).to.deep.equal({ pwd: path.join(folder, "infra"), entry: path.join(folder, "infra", "index.ts") });
        const file = project({ "Pulumi.yaml": "name: a\nruntime: nodejs\nmain: infra/main.ts\n", "infra/main.ts": "" });
        expect(locateProgram(loadProject(file))).to.deep.equal({ pwd: path.join(file, "infra"), entry: path.join(file, "infra", "main.ts") });
        const missing = project({ "Pulumi.yaml": "name: a\nruntime: nodejs\nmain: nope/\n" });
        expect(usageError(() => locateProgram(loadProject(missing)))).to.contain("project 'main' could not be read");
    });
});

describe("this repository under the CLI's nodejs host", () => {
    const projectInfo = loadProject(root);
    const program = locateProgram(projectInfo);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

    it("runs stacks/index.ts from the project folder, which holds the tsconfig.json `npm run typecheck` uses", () => {
        expect(program).to.deep.equal({ pwd: root, entry: path.join(root, "stacks", "index.ts") });
        expect(pkg.scripts.typecheck).to.equal("tsc -p tsconfig.json --noEmit");
        expect(projectInfo.runtime.options.tsconfig, "no runtime.options.tsconfig: the host uses <pwd>/tsconfig.json").to.equal(undefined);
        expect(fs.existsSync(path.join(program.pwd, "tsconfig.json"))).to.equal(true);
    });

    it("compiles with the options tsc uses: the host's defaults are all overridden by the project's tsconfig.json", () => {
        // The host (sdk/nodejs/cmd/run/run.ts): { target: ES2020, module: nodenext, moduleResolution: nodenext,
        // sourceMap: true, ...compilerOptions of <pwd>/tsconfig.json }, read with the SDK's own loader.
        const tsutils = require(require.resolve("@pulumi/pulumi/tsutils", { paths: [root] }));
        const own = tsutils.loadTypeScriptCompilerOptions(path.join(program.pwd, "tsconfig.json"));
        const host = { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...own };
        const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
        const hostOptions = ts.convertCompilerOptionsFromJson(host, root).options;
        for (const key of ["target", "module", "moduleResolution", "strict", "esModuleInterop", "lib", "types"] as const) {
            expect(hostOptions[key], key).to.deep.equal(parsed.options[key]);
        }
        expect(parsed.fileNames, "tsc checks the entry").to.include(program.entry);
    });

    it("the transpile-only switch the host honours is off: the CLI type-checks the program (noCheck unset)", () => {
        const own = require(require.resolve("@pulumi/pulumi/tsutils", { paths: [root] })).loadTypeScriptCompilerOptions(path.join(root, "tsconfig.json"));
        expect(own.noCheck).to.equal(undefined);
    });
});
