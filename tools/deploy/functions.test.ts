import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { lambdaAppSpec, main, parseFunctionDeployments, releaseFunctions, ReleaseApi } from "./functions";

/** A fake AWS: aliases, published versions, and deployments that end with the given status. */
function fakeApi(state: {
    aliases: Record<string, { version: string; weights?: Record<string, number> }>;
    versions: Record<string, number[]>;
    endWith?: Record<string, { status: string; message?: string }>;
}) {
    const created: { app: string; group: string; appSpec: string; description: string }[] = [];
    const polls: Record<string, number> = {};
    const api: ReleaseApi = {
        getAlias: (fn, alias) => {
            expect(alias).to.equal("live");
            return Promise.resolve(state.aliases[fn]);
        },
        listVersions: (fn) => Promise.resolve(state.versions[fn] ?? []),
        createDeployment: (app, group, appSpec, description) => {
            created.push({ app, group, appSpec, description });
            return Promise.resolve(`d-${group}`);
        },
        // Each deployment is InProgress once, then ends.
        deploymentStatus: (id) => {
            polls[id] = (polls[id] ?? 0) + 1;
            return Promise.resolve(polls[id] === 1 ? { status: "InProgress" } : state.endWith?.[id.slice(2)] ?? { status: "Succeeded" });
        },
    };
    return { api, created, polls };
}

const OUTPUT = { applicationName: "shop-prod-functions", groupNames: { "take-payment": "shop-prod-take-payment", "validate-order": "shop-prod-validate-order" } };

describe("tools/deploy/functions: the functions' release step", () => {
    it("starts a deployment from the alias's version to the newest published one, with the AppSpec CodeDeploy expects, and waits for it", async () => {
        const { api, created, polls } = fakeApi({
            aliases: { "shop-prod-take-payment": { version: "4" }, "shop-prod-validate-order": { version: "7" } },
            versions: { "shop-prod-take-payment": [1, 2, 3, 4, 5], "shop-prod-validate-order": [6, 7] },
        });
        const outcomes = await releaseFunctions(OUTPUT, api, { pollMs: 1, commit: "abc123" });
        expect(created).to.have.length(1);
        expect(created[0]).to.include({ app: "shop-prod-functions", group: "shop-prod-take-payment", description: "shop-prod-take-payment:live 4 -> 5 (abc123)" });
        expect(JSON.parse(created[0].appSpec)).to.deep.equal({
            version: "0.0",
            Resources: [{ shopprodtakepayment: { Type: "AWS::Lambda::Function", Properties: { Name: "shop-prod-take-payment", Alias: "live", CurrentVersion: "4", TargetVersion: "5" } } }],
        });
        expect(polls["d-shop-prod-take-payment"]).to.equal(2);
        expect(outcomes).to.deep.equal([
            { fn: "shop-prod-take-payment", result: "deployed", from: "4", to: "5", deploymentId: "d-shop-prod-take-payment", status: "Succeeded", message: undefined },
            { fn: "shop-prod-validate-order", result: "current", version: "7" },
        ]);
    });

    it("never starts a second deployment while CodeDeploy is shifting an alias", async () => {
        const { api, created } = fakeApi({
            aliases: { "shop-prod-take-payment": { version: "4", weights: { 5: 0.1 } }, "shop-prod-validate-order": { version: "7" } },
            versions: { "shop-prod-take-payment": [4, 5], "shop-prod-validate-order": [7, 8] },
        });
        const outcomes = await releaseFunctions(OUTPUT, api, { pollMs: 1 });
        expect(created.map((c) => c.group)).to.deep.equal(["shop-prod-validate-order"]);
        expect(outcomes[0]).to.deep.include({ fn: "shop-prod-take-payment", result: "shifting", weights: { 5: 0.1 } });
    });

    it("exits 1 when a deployment is stopped by its alarm (rolled back), 0 when all succeed, 2 for a bad output file", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-functions-"));
        try {
            const file = path.join(dir, "fd.json");
            fs.writeFileSync(file, JSON.stringify(OUTPUT));
            const state = {
                aliases: { "shop-prod-take-payment": { version: "4" }, "shop-prod-validate-order": { version: "7" } },
                versions: { "shop-prod-take-payment": [4, 5], "shop-prod-validate-order": [7] },
            };
            const log = console.log;
            const lines: string[] = [];
            console.log = (l: string) => lines.push(l);
            try {
                const stopped = fakeApi({ ...state, endWith: { "shop-prod-take-payment": { status: "Stopped", message: "alarm shop-prod-take-payment-live-errors" } } });
                expect(await main([file], stopped.api, 1)).to.equal(1);
                expect(lines.join("\n")).to.include("x shop-prod-take-payment: 4 -> 5, deployment d-shop-prod-take-payment Stopped: alarm");
                expect(await main([file, "--alias", "live"], fakeApi(state).api, 1)).to.equal(0);
                expect(await main([file, "--no-wait"], fakeApi(state).api, 1)).to.equal(0);
            } finally {
                console.log = log;
            }
            fs.writeFileSync(file, JSON.stringify({ groupNames: {} }));
            const error = console.error;
            console.error = () => undefined;
            try { expect(await main([file], fakeApi({ aliases: {}, versions: {} }).api)).to.equal(2); } finally { console.error = error; }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("refuses an output without the application or group names, naming the field", () => {
        expect(() => parseFunctionDeployments("{")).to.throw(/not JSON/);
        expect(() => parseFunctionDeployments(JSON.stringify({ groupNames: { a: "b" } }))).to.throw(/^applicationName:/);
        expect(() => parseFunctionDeployments(JSON.stringify({ applicationName: "x", groupNames: { a: "" } }))).to.throw(/^groupNames:/);
    });

    it("names the AppSpec's resource with letters and digits only", () => {
        expect(Object.keys(JSON.parse(lambdaAppSpec("a-b_c", "live", "1", "2")).Resources[0])).to.deep.equal(["abc"]);
    });

    it("writes the AppSpec version as the text 0.0 (JSON.stringify turns the number 0.0 into 0)", () => {
        expect(lambdaAppSpec("f", "live", "1", "2")).to.match(/^\{"version":"0\.0",/);
    });
});
