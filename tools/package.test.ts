/**
 * The component package as a product team gets it: built (`npm run build:components`), `npm pack`ed, installed with
 * npm into a scratch program outside the repository, and type-checked there against the `exports` map. Offline, the
 * scratch program's own dependencies (the @pulumi SDKs a team's program declares, zod) are this repository's copies,
 * given to npm as `file:` dependencies (npm links them); the package itself is installed from its tarball.
 */
import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "..");
const PKG_DIR = path.join(ROOT, "packages", "components");
const pkg = JSON.parse(fs.readFileSync(path.join(PKG_DIR, "package.json"), "utf8"));
const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
/** The layers published as subpaths (the integration layer is not: it bundles this repository's Lambda handlers). */
const LAYERS = ["network", "security", "compute", "data", "edge", "delivery", "shared"];

/** npm as the user's shell runs it: without the variables `npm test` sets for this repository's own scripts. */
const npmEnv = Object.fromEntries(Object.entries(process.env)
    .filter(([k]) => !/^npm_(package_|lifecycle_|command$|config_local_prefix$|config_call$)/i.test(k)));

/** A product team's program: a Microservice from the package, through a subpath and through the root export. */
const PROGRAM = `import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { compute } from "@ecommerce-platform/components";
import { Microservice, ServiceSpec } from "@ecommerce-platform/components/compute";

const spec: ServiceSpec = {
    name: "reviews",
    image: { repository: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/reviews", tag: "1.0.0" },
    probes: { readiness: { path: "/health" }, liveness: { path: "/health" } },
    resources: { cpu: "100m", memory: "128Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 4 } },
    needs: [{ kind: "queue", name: "reviews", access: "receive" }],
};
const platform = new pulumi.StackReference("acme/ecommerce-platform/dev");
const provider = new k8s.Provider("shop", { kubeconfig: platform.requireOutput("kubeconfig") });
const service: compute.Microservice = new Microservice("reviews", {
    spec,
    environment: "dev",
    clusterName: platform.requireOutput("clusterName").apply(String),
    permissionsBoundaryArn: platform.requireOutput("workloadBoundaryArn").apply(String),
    vpcCidr: "10.10.0.0/16",
    platform: { queues: { reviews: { arn: "arn:aws:sqs:eu-west-1:123456789012:reviews", url: "https://sqs", name: "reviews" } } },
}, { providers: { kubernetes: provider } });
export const url: string = service.serviceUrl;
export const roleArn: pulumi.Output<string> = service.roleArn;
`;

describe("the component package (@ecommerce-platform/components)", function () {
    this.timeout(300_000);
    let tmp: string;
    let app: string;
    let tarball: string;
    let packed: string[];

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "components-package-"));
        expect(path.relative(ROOT, tmp).startsWith("..")).to.equal(true);
        // Built into a copy of the package folder, so that this test never rewrites packages/components/dist while the
        // product-team example's test runs from it.
        const copy = path.join(tmp, "package");
        fs.mkdirSync(copy);
        for (const f of ["package.json", "CHANGELOG.md"]) fs.copyFileSync(path.join(PKG_DIR, f), path.join(copy, f));
        await run(process.execPath, [TSC, "-p", path.join(PKG_DIR, "tsconfig.json"), "--outDir", path.join(copy, "dist")], { cwd: ROOT });
        const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: copy, env: npmEnv });
        const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
        tarball = path.join(tmp, info.filename);
        packed = info.files.map((f) => f.path).sort();

        app = path.join(tmp, "app");
        fs.mkdirSync(app);
        const local = (name: string) => `file:${path.join(ROOT, "node_modules", name)}`;
        const deps: Record<string, string> = { "@ecommerce-platform/components": `file:${tarball}`, "@types/node": local("@types/node") };
        for (const name of [...Object.keys(pkg.peerDependencies), ...Object.keys(pkg.dependencies)]) deps[name] = local(name);
        fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "product-team-program", private: true, dependencies: deps }, null, 2));
        await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: app, env: npmEnv });
        fs.writeFileSync(path.join(app, "index.ts"), PROGRAM);
    });

    after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

    it("has a semantic version with its CHANGELOG entry, and peer ranges that admit the versions this repository pins", () => {
        expect(pkg.version).to.match(/^\d+\.\d+\.\d+$/);
        expect(fs.readFileSync(path.join(PKG_DIR, "CHANGELOG.md"), "utf8")).to.include(`## ${pkg.version}`);
        for (const [name, range] of Object.entries({ ...pkg.peerDependencies, ...pkg.dependencies })) {
            expect(range, name).to.equal(`^${rootPkg.dependencies[name]}`);
        }
    });

    it("packs compiled JavaScript and declarations only, for the root and every layer of the exports map", () => {
        expect(packed.filter((f) => !/\.(js|d\.ts)$/.test(f))).to.deep.equal(["CHANGELOG.md", "package.json"]);
        expect(packed.filter((f) => /\.test\.|testing|apps\/|integration\//.test(f))).to.deep.equal([]);
        expect(Object.keys(pkg.exports)).to.deep.equal([".", ...LAYERS.map((l) => `./${l}`), "./package.json"]);
        for (const [sub, target] of Object.entries(pkg.exports as Record<string, { types: string; default: string } | string>)) {
            if (typeof target === "string") continue;
            expect(packed, sub).to.include.members([target.types.slice(2), target.default.slice(2)]);
        }
    });

    it("type-checks a product team's Microservice program against the installed package (Node16 resolution: the exports map)", async () => {
        // One program holds the team's file and a copy with a wrong argument (one tsc run: loading the SDKs' declarations
        // is most of its time). The declarations are real types, not `any`: the copy fails, naming the argument, and
        // the team's own file has no error.
        fs.writeFileSync(path.join(app, "wrong.ts"), PROGRAM.replace(`environment: "dev"`, `environment: "staging"`));
        fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({
            compilerOptions: { strict: true, target: "ES2022", module: "node16", moduleResolution: "node16", types: ["node"], skipLibCheck: true, noEmit: true },
            files: ["index.ts", "wrong.ts"],
        }));
        const failed = await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: app })
            .then(() => "", (e: { stdout: string }) => e.stdout);
        expect(failed.split("\n").filter((l) => /error TS/.test(l)).map((l) => l.split("(")[0])).to.deep.equal(["wrong.ts"]);
        expect(failed).to.match(/wrong\.ts\(\d+,\d+\): error TS2322: Type '"staging"' is not assignable to type/);
    });

    it("loads from the installed package at run time, through the root and a subpath, outside the repository", async () => {
        const { stdout } = await run(process.execPath, ["-e", `const c = require("@ecommerce-platform/components/compute");
            const root = require("@ecommerce-platform/components");
            console.log(JSON.stringify([typeof c.Microservice, root.compute.Microservice === c.Microservice, Object.keys(root), require.resolve("@ecommerce-platform/components")]));`], { cwd: app });
        const [type, same, layers, resolved] = JSON.parse(stdout);
        expect([type, same, layers]).to.deep.equal(["function", true, LAYERS]);
        expect(path.relative(ROOT, resolved).startsWith("..")).to.equal(true);
    });
});
