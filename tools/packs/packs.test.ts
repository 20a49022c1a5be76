/**
 * The publishable packs behave like the source packs once they have gone the way `pulumi policy publish` and a
 * policy group send them: built, `npm pack`ed in their directory (as the CLI runs it), extracted outside the
 * repository (nothing resolves from its node_modules), `npm install`ed from their own package.json, loaded with the
 * planner's loader (which captures PolicyPack from the installed @pulumi/policy) and evaluated over fixtures with
 * known faults. The packed waiver file is what the installed pack applies, whatever PLATFORM_POLICY_WAIVERS says.
 */
import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import { isBuiltin } from "module";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { parse as parseYaml } from "yaml";
import { fixture, UNKNOWN } from "../testing/policies";
import { evaluatePacks, LoadedPack, loadPolicyPack, Violation } from "../plan/evaluate";
import { BuiltPack, buildPacks, PACK_FILES, PackBuildError, pinnedVersion, POLICY_HOST_MODULE } from "./packs";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..", "..");
const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** npm as the user's shell runs it: without the variables `npm test` sets for this repository's own scripts. */
const npmEnv = Object.fromEntries(Object.entries(process.env)
    .filter(([k]) => !/^npm_(package_|lifecycle_|command$|config_local_prefix$|config_call$)/i.test(k)));

/** Faults each pack must find (stack prod, so the protected-stack requirements apply too). */
const resources = [
    { type: "aws:kms/key:Key", name: "unrotated-key", inputs: { description: "imported material", enableKeyRotation: false } },
    { type: "aws:ec2/securityGroup:SecurityGroup", name: "ssh-open", inputs: { description: "ssh", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] } },
    { type: "aws:s3/bucket:Bucket", name: "bare-bucket", inputs: {} },
    { type: "aws:rds/instance:Instance", name: "pending-db", inputs: { storageEncrypted: UNKNOWN, kmsKeyId: UNKNOWN, publiclyAccessible: true } },
    {
        type: "kubernetes:apps/v1:Deployment", name: "web",
        inputs: {
            metadata: { name: "web", namespace: "shop" },
            spec: {
                replicas: 2, selector: { matchLabels: { app: "web" } },
                template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:latest", securityContext: { privileged: true } }] } },
            },
        },
    },
    {
        type: "kubernetes:core/v1:Service", name: "ui",
        inputs: { metadata: { name: "ui", namespace: "shop" }, spec: { type: "LoadBalancer", selector: { app: "web" }, ports: [{ port: 80 }] } },
    },
].map((r, i) => fixture({ ...r, stack: "prod" }, i));

/** The reviewed waivers this test packs: one finding of each pack. */
const WAIVED = [
    { policy: "kms-rotation", resource: "unrotated-key" },
    { policy: "k8s-image-pinned", resource: "web" },
];
const WAIVERS_YAML = `waivers:\n${WAIVED.map((w) => `  - policy: ${w.policy}\n    resource: ${w.resource}\n    reason: Packed-waiver fixture of tools/packs/packs.test.ts\n`).join("")}`;
const isWaived = (v: Violation) => WAIVED.some((w) => w.policy === v.policy && v.urn?.endsWith(`::${w.resource}`));

interface Installed {
    built: BuiltPack;
    /** `tar -tv` of the tarball: [type character, path]. */
    entries: [string, string][];
    /** The extracted, installed package directory. */
    dir: string;
}

/** npm pack in the built directory exactly as the CLI does, extract to a fresh directory, install as a policy group does. */
async function packAndInstall(built: BuiltPack, work: string): Promise<Installed> {
    const { stdout } = await run("npm", ["pack", "--loglevel=error"], { cwd: built.dir, env: npmEnv });
    const tarball = path.join(built.dir, stdout.trim());
    const listing = await run("tar", ["-tvzf", tarball]);
    const entries = listing.stdout.trim().split("\n").map((l) => [l[0], l.split(/\s+/).slice(5).join(" ")] as [string, string]);
    const target = fs.mkdtempSync(path.join(work, `${path.basename(built.dir)}-`));
    await run("tar", ["-xzf", tarball, "-C", target]);
    fs.rmSync(tarball);
    const dir = path.join(target, "package");
    await run("npm", ["install", "--loglevel=error", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], { cwd: dir, env: npmEnv });
    return { built, entries, dir };
}

const key = (v: Violation) => `${v.policy} ${v.enforcementLevel} ${v.urn} ${v.message}`;

describe("publishable policy packs (npm run build:packs)", function () {
    this.timeout(300000);
    let work: string;
    const installed = new Map<string, Installed>();

    before(async () => {
        const started = Date.now();
        work = fs.mkdtempSync(path.join(os.tmpdir(), "policy-packs-"));
        const waiversFile = path.join(work, "waivers.yaml");
        fs.writeFileSync(waiversFile, WAIVERS_YAML);
        fs.writeFileSync(path.join(work, "no-waivers.yaml"), "waivers: []\n");
        const built = await buildPacks({ outDir: path.join(work, "dist"), waiversFile });
        const builtAt = Date.now();
        for (const i of await Promise.all(built.map((b) => packAndInstall(b, work)))) installed.set(path.basename(i.built.source), i);
        console.log(`      built ${built.length} packs in ${((builtAt - started) / 1000).toFixed(1)} s; `
            + `npm pack + extract + npm install, in parallel, ${((Date.now() - builtAt) / 1000).toFixed(1)} s`);
    });

    after(() => { if (work) fs.rmSync(work, { recursive: true, force: true }); });

    for (const pack of ["aws", "kubernetes"]) {
        const get = () => {
            const i = installed.get(pack);
            if (!i) throw new Error(`policies/${pack} was not built`);
            return i;
        };

        it(`${pack}: the tarball holds only the bundle, its manifest, PulumiPolicy.yaml, the waivers and a README`, () => {
            const { entries } = get();
            expect(entries.map(([, p]) => p).sort()).to.deep.equal(PACK_FILES.map((f) => `package/${f}`).sort());
            for (const [type, p] of entries) {
                expect(type, `${p} is a regular file`).to.equal("-");
                expect(path.posix.normalize(p).startsWith("package/") && !p.split("/").includes(".."), `${p} stays in package/`).to.equal(true);
                expect(p, "no TypeScript to compile").not.to.match(/\.[cm]?tsx?$/);
            }
        });

        it(`${pack}: declares exactly what the bundle requires (plus the policy host), at the repository's versions`, () => {
            const { dir, built } = get();
            const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
            const source = JSON.parse(fs.readFileSync(path.join(ROOT, "policies", pack, "package.json"), "utf8"));
            expect(pkg).to.include({ name: source.name, version: source.version, main: "index.js" });
            const bundle = fs.readFileSync(path.join(dir, "index.js"), "utf8");
            const requires = [...bundle.matchAll(/\brequire\(\s*(["'`])([^"'`]+)\1\s*\)/g)].map((m) => m[2]).filter((m) => !isBuiltin(m));
            expect(requires.filter((m) => m.startsWith(".")), "no relative require").to.deep.equal([]);
            const expected = [...new Set([...requires, POLICY_HOST_MODULE])].sort();
            expect(Object.keys(pkg.dependencies).sort()).to.deep.equal(expected);
            expect(expected).to.deep.equal(["@pulumi/policy", "@pulumi/pulumi"]);
            for (const name of expected) expect(pkg.dependencies[name], name).to.equal(rootPkg.dependencies[name]);
            expect(built.dependencies).to.deep.equal(pkg.dependencies);
            const project = parseYaml(fs.readFileSync(path.join(dir, "PulumiPolicy.yaml"), "utf8"));
            const sourceProject = parseYaml(fs.readFileSync(path.join(ROOT, "policies", pack, "PulumiPolicy.yaml"), "utf8"));
            expect(project).to.deep.equal({ runtime: { name: "nodejs", options: { typescript: false } }, description: sourceProject.description });
        });

        it(`${pack}: once installed alone, reports what policies/${pack} reports, except what the packed waivers waive`, async () => {
            const { dir } = get();
            // PLATFORM_POLICY_WAIVERS (no waivers) applies to the source pack, and not to the installed one.
            const saved = process.env.PLATFORM_POLICY_WAIVERS;
            process.env.PLATFORM_POLICY_WAIVERS = path.join(work, "no-waivers.yaml");
            let packed: LoadedPack, source: LoadedPack;
            try {
                packed = loadPolicyPack(dir);
                source = loadPolicyPack(path.join(ROOT, "policies", pack));
            } finally {
                if (saved === undefined) delete process.env.PLATFORM_POLICY_WAIVERS; else process.env.PLATFORM_POLICY_WAIVERS = saved;
            }
            expect(packed.dir).to.equal(dir);
            expect([packed.name, packed.version]).to.deep.equal([source.name, source.version]);
            expect(packed.policies.map((p) => p.name)).to.deep.equal(source.policies.map((p) => p.name));
            // The packed @pulumi/policy is the installed one, not the repository's.
            expect(require.resolve("@pulumi/policy", { paths: [dir] }).startsWith(dir)).to.equal(true);

            const fromSource = await evaluatePacks([source], resources);
            const fromPacked = await evaluatePacks([packed], resources);
            const waived = fromSource.violations.filter(isWaived);
            expect(waived.map((v) => `${v.policy} ${v.urn?.split("::").pop()}`)).to.have.length(1);
            expect(fromSource.violations.length, "the fixtures have faults beyond the waived one").to.be.greaterThan(waived.length);
            expect(fromPacked.violations.map(key).sort()).to.deep.equal(fromSource.violations.filter((v) => !isWaived(v)).map(key).sort());
            // The bundled library attaches the same ledger (Symbol.for) as the source: the planner lists the packed waiver.
            expect(fromSource.waivers).to.deep.equal([]);
            expect(fromPacked.waivers.map((w) => `${w.pack} ${w.policy} ${w.urn.split("::").pop()} ${w.reason}`))
                .to.deep.equal(waived.map((v) => `${source.name} ${v.policy} ${v.urn?.split("::").pop()} Packed-waiver fixture of tools/packs/packs.test.ts`));
            expect(fromPacked.waivers[0].message).to.equal(waived[0].message);
            expect(fromPacked.unknowns).to.deep.equal(fromSource.unknowns);
            expect(fromPacked.checks).to.equal(fromSource.checks);
        });
    }

    it("records unknown values and mandatory faults in both packs' fixtures (the comparisons above are not vacuous)", async () => {
        const evaluation = await evaluatePacks(["aws", "kubernetes"].map((p) => loadPolicyPack(path.join(ROOT, "policies", p))), resources);
        const found = evaluation.violations.map((v) => `${v.policy} ${v.urn?.split("::").pop()}`);
        expect(found).to.include.members(["kms-rotation unrotated-key", "sg-no-open-ingress ssh-open", "s3-sse-kms bare-bucket",
            "rds-not-public pending-db", "k8s-image-pinned web", "k8s-no-privileged web", "k8s-no-public-lb ui"]);
        expect(evaluation.unknowns.map((u) => u.policy)).to.include("rds-encrypted");
    });
});

describe("npm run build:packs: mistakes", () => {
    let dir: string;
    const pack = (files: Record<string, string>) => {
        for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
        return buildPacks({ root: ROOT, packs: [dir], outDir: path.join(dir, "out") });
    };
    const manifest = (m: object) => JSON.stringify({ name: "@x/policy-x", version: "1.0.0", ...m });
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-src-")); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("names the file and field of a pack that cannot be published", async () => {
        const fails = async (files: Record<string, string>, message: string) => {
            const e = await pack(files).then(() => undefined, (err: Error) => err);
            expect(e, message).to.be.instanceOf(PackBuildError);
            expect(e!.message).to.contain(message);
        };
        const rel = path.relative(ROOT, dir);
        await fails({ "package.json": manifest({}) }, `${rel}/PulumiPolicy.yaml: not found`);
        await fails({ "PulumiPolicy.yaml": "runtime: nodejs\n" }, `${rel}/PulumiPolicy.yaml: description: required`);
        await fails({ "PulumiPolicy.yaml": "runtime: nodejs\ndescription: X\n", "package.json": manifest({ version: undefined }) }, `${rel}/package.json: version: required`);
        await fails({ "package.json": manifest({ version: "1.0.0+build.7" }) }, "version: '1.0.0+build.7' cannot be published; use letters, digits, '-', '_' and '.' only");
        await fails({ "package.json": manifest({}) }, `${rel}/package.json: main: 'index.ts' does not exist`);
    });

    it("takes a required module's exact version from the pack, then the repository, and refuses a range", () => {
        expect(pinnedVersion("yaml", { dependencies: { yaml: "2.8.0" } }, rootPkg, "p")).to.equal("2.8.0");
        expect(pinnedVersion("@pulumi/pulumi", {}, rootPkg, "p")).to.equal(rootPkg.dependencies["@pulumi/pulumi"]);
        expect(() => pinnedVersion("yaml", { dependencies: { yaml: "^2.8.0" } }, {}, "p/package.json"))
            .to.throw(PackBuildError, "p/package.json: dependencies.yaml: '^2.8.0' is not an exact version");
        expect(() => pinnedVersion("left-pad", {}, rootPkg, "p/package.json")).to.throw(PackBuildError, "dependencies.left-pad: not declared");
    });
});
