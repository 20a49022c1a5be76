/**
 * The planner as a user runs it: a process per case, on the fixture program and the fixture pack, checking exit
 * codes, the JSON document, the Markdown report and the data-loss guard.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planner } from "../testing/planner";

const root = path.resolve(__dirname, "..", "..");
const program = path.join(__dirname, "fixtures", "program");
const pack = path.join(__dirname, "fixtures", "pack");


describe("offline planner (fixture program + fixture pack)", function () {
    this.timeout(120000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));
    const json = path.join(tmp, "plan.json");
    const md = path.join(tmp, "plan.md");
    let run: ReturnType<typeof planner>;
    let doc: any;
    const byName = (name: string) => doc.resources.find((r: any) => r.name === name);

    before(() => {
        run = planner(["--stack", "test", "--program", program, "--policy-pack", pack, "--json", json, "--markdown", md]);
        doc = JSON.parse(fs.readFileSync(json, "utf8"));
    });

    it("exits 1 when a mandatory policy is violated", () => {
        expect(run.code, run.stderr).to.equal(1);
        expect(run.stdout).to.match(/FAIL: 2 mandatory violation/);
    });

    it("records every resource with the engine's URN, parent, custom flag and options", () => {
        expect(doc.project).to.equal("fixture-shop");
        expect(doc.stack).to.equal("test");
        const types = doc.resources.map((r: any) => r.type).sort();
        expect(types).to.deep.equal([
            "aws:kms/key:Key", "aws:s3/bucket:Bucket", "aws:s3/bucket:Bucket", "aws:secretsmanager/secret:Secret",
            "aws:secretsmanager/secretVersion:SecretVersion", "aws:sqs/queue:Queue", "fixture:index:Store",
            "pulumi:providers:aws", "pulumi:pulumi:Stack",
        ]);
        const stack = byName("fixture-shop-test");
        expect(stack.parent).to.equal(null);
        const store = byName("store");
        expect(store.urn).to.equal("urn:pulumi:test::fixture-shop::fixture:index:Store::store");
        expect(store.custom).to.equal(false);
        expect(store.parent).to.equal(stack.urn);
        const key = byName("store-key");
        expect(key.urn).to.equal("urn:pulumi:test::fixture-shop::fixture:index:Store$aws:kms/key:Key::store-key");
        expect(key.options.protect).to.equal(true);
        const bucket = byName("store-bucket-1");
        expect(bucket.parent).to.equal(store.urn);
        expect(bucket.options.dependsOn).to.deep.equal([key.urn]);
        expect(bucket.options.ignoreChanges).to.deep.equal(["tags"]);
        expect(bucket.options.protect).to.equal(false);
    });

    it("applies Pulumi.yaml defaults, masks secrets, records providers, aliases and property dependencies", () => {
        expect(doc.resources.filter((r: any) => r.type === "aws:s3/bucket:Bucket")).to.have.length(2);
        const version = byName("db");
        const secretVersion = doc.resources.find((r: any) => r.type === "aws:secretsmanager/secretVersion:SecretVersion");
        expect(secretVersion.inputs.secretString).to.equal("[secret]");
        expect(JSON.stringify(doc)).not.to.contain("c29tZS1jaXBoZXJ0ZXh0");
        expect(secretVersion.propertyDependencies.secretId).to.deep.equal([version.urn]);
        const queue = byName("events");
        expect(queue.options.provider).to.match(/^urn:pulumi:test::fixture-shop::pulumi:providers:aws::west::[0-9a-f-]+$/);
        expect(queue.options.aliases).to.deep.equal([{ name: "old-events", parentUrn: byName("fixture-shop-test").urn }]);
        expect(doc.outputs.queueUrl).to.equal("https://sqs.us-west-2.amazonaws.com/123456789012/" + queue.name + "-" + doc.outputs.queueUrl.split("-").pop());
    });

    it("evaluates the pack like the analyzer: levels, stack policies, config defaults, disabled policies", () => {
        const found = doc.violations.map((v: any) => `${v.policy}|${v.enforcementLevel}|${v.urn ? v.urn.split("::").pop() : null}`).sort();
        expect(found).to.deep.equal([
            "fixture-bucket-owner-tag|mandatory|store-bucket-1",
            "fixture-kms-rotation|advisory|store-key",
            "fixture-queue-limit|mandatory|null",
        ]);
        expect(doc.violations.every((v: any) => v.pack === "fixture-pack")).to.equal(true);
        expect(doc.violations.find((v: any) => v.policy === "fixture-queue-limit").message).to.equal("1 queues, more than 0");
        expect(doc.summary.policies.packs).to.deep.equal([
            { pack: "fixture-pack", version: "1.2.3", dir: "tools/plan/fixtures/pack", policies: 5, mandatory: 2, advisory: 1, upOnly: 0, waived: 0, unknown: 0 },
        ]);
    });

    it("summarises by component and by type", () => {
        expect(doc.summary.resources).to.equal(8);
        expect(doc.summary.byComponent["fixture:index:Store store"]).to.equal(3);
        expect(doc.summary.byType["aws:s3/bucket:Bucket"]).to.equal(2);
        expect(doc.summary.protected).to.equal(1);
    });

    it("prints a preview-style tree grouped under the component", () => {
        expect(run.stdout).to.match(/pulumi:pulumi:Stack\s+fixture-shop-test/);
        expect(run.stdout).to.match(/├─ fixture:index:Store\s+store/);
        expect(run.stdout).to.match(/│  ├─ aws:kms:Key\s+store-key\s+create\s+protect, ! fixture-kms-rotation/);
    });

    it("writes a Markdown report with tables, violations and a Mermaid diagram", () => {
        const text = fs.readFileSync(md, "utf8");
        expect(text).to.contain("## Offline plan: `fixture-shop` / `test` — ❌ blocked");
        expect(text).to.contain("| `fixture-pack@1.2.3` | 5 | 2 | 1 | 0 | 0 | 0 |");
        expect(text).to.contain("| mandatory | `fixture-pack/fixture-bucket-owner-tag` | `store-bucket-1` | bucket has no Owner tag |");
        expect(text).to.match(/```mermaid\nflowchart LR\n\s+c0\["store<br\/><small>fixture:index:Store · 3 resources<\/small>"\]/);
    });

    it("exits 0 when a pack config relaxes the mandatory policies", () => {
        const cfg = path.join(tmp, "relaxed.json");
        fs.writeFileSync(cfg, JSON.stringify({ "fixture-bucket-owner-tag": "advisory", "fixture-queue-limit": { maxQueues: 1 } }));
        const r = planner(["--stack", "test", "--program", program, "--policy-pack", pack, "--policy-pack-config", cfg, "--no-tree"]);
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stdout).to.contain("fixture-pack@1.2.3 (5 policies, tools/plan/fixtures/pack): 0 mandatory, 2 advisory (0 only at up)");
    });

    it("exits 2 with the engine's message for a stack value of the wrong type, before planning", () => {
        const r = planner(["--stack", "broken", "--program", program, "--policy-pack", pack]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain("error: Stack 'broken' with configuration key 'bucketCount' must be of type 'integer'");
        expect(r.stderr).not.to.match(/\n\s+at /);
    });

    it("exits 2 for usage errors", () => {
        expect(planner(["--program", program]).code).to.equal(2);
        const missing = planner(["--stack", "nope", "--program", program]);
        expect(missing.code).to.equal(2);
        expect(missing.stderr).to.contain("no Pulumi.nope.yaml");
        expect(missing.stderr).to.contain("broken, test");
        expect(planner(["--stack", "test", "--frobnicate"]).code).to.equal(2);
    });

    it("lists the waivers in force (terminal, JSON, Markdown) and still reports what they do not cover", () => {
        const out = path.join(tmp, "waived.json");
        const report = path.join(tmp, "waived.md");
        const r = planner(["--stack", "test", "--program", program, "--policy-pack", path.join(root, "policies", "aws"),
            "--no-tree", "--json", out, "--markdown", report], { PLATFORM_POLICY_WAIVERS: path.join(__dirname, "fixtures", "waivers.yaml") });
        const plan = JSON.parse(fs.readFileSync(out, "utf8"));
        expect(plan.waivers.map((w: any) => `${w.pack}/${w.policy} ${w.urn.split("::").pop()}`)).to.deep.equal(["ecommerce-aws/kms-rotation store-key"]);
        expect(plan.waivers[0]).to.include({ reason: "Fixture key with imported material; rotated by hand every 90 days", expires: "2099-12-31" });
        expect(plan.violations.some((v: any) => v.policy === "kms-rotation")).to.equal(false);
        expect(plan.violations.some((v: any) => v.policy === "sqs-sns-encryption" && v.urn.endsWith("::events"))).to.equal(true);
        expect(r.stdout).to.contain("~ waived     [ecommerce-aws/kms-rotation] store-key: Fixture key with imported material; rotated by hand every 90 days (until 2099-12-31)");
        expect(fs.readFileSync(report, "utf8")).to.contain("| `kms-rotation` | `store-key` | Fixture key with imported material; rotated by hand every 90 days | 2099-12-31 |");
    });

    describe("data-loss guard", () => {
        const baselineFile = path.join(tmp, "baseline.json");
        before(() => {
            const r = planner(["--stack", "test", "--program", program, "--no-policies", "--no-tree", "--write-baseline", baselineFile]);
            expect(r.code, r.stderr).to.equal(0);
        });

        it("passes against its own baseline and when an alias covers a rename", () => {
            // The state before the rename: the queue under its old name (the plan's 'events' carries an alias to it).
            const base = JSON.parse(fs.readFileSync(baselineFile, "utf8"));
            const renamed = base.resources.find((b: any) => b.urn === "urn:pulumi:test::fixture-shop::aws:sqs/queue:Queue::events");
            expect(renamed).to.not.equal(undefined);
            renamed.urn = "urn:pulumi:test::fixture-shop::aws:sqs/queue:Queue::old-events";
            const f = path.join(tmp, "aliased.json");
            fs.writeFileSync(f, JSON.stringify(base));
            const r = planner(["--stack", "test", "--program", program, "--no-policies", "--no-tree", "--baseline", f]);
            expect(r.code, r.stdout + r.stderr).to.equal(0);
            expect(r.stdout).to.contain("no stateful resource of the baseline would be deleted");
        });

        it("fails when the state holds both the aliased old URN and the new one (the engine keeps the new, deletes the old)", () => {
            const base = JSON.parse(fs.readFileSync(baselineFile, "utf8"));
            base.resources.push({ urn: "urn:pulumi:test::fixture-shop::aws:sqs/queue:Queue::old-events", type: "aws:sqs/queue:Queue" });
            const f = path.join(tmp, "both.json");
            fs.writeFileSync(f, JSON.stringify(base));
            const r = planner(["--stack", "test", "--program", program, "--no-policies", "--no-tree", "--baseline", f]);
            expect(r.code).to.equal(1);
            expect(r.stdout).to.contain("queue 'old-events' would be deleted");
        });

        it("fails when a stateful resource of the baseline is gone or renamed without an alias", () => {
            const base = JSON.parse(fs.readFileSync(baselineFile, "utf8"));
            base.resources.push({ urn: "urn:pulumi:test::fixture-shop::fixture:index:Store$aws:s3/bucket:Bucket::store-bucket-9", type: "aws:s3/bucket:Bucket" });
            base.resources.push({ urn: "urn:pulumi:test::fixture-shop::aws:iam/role:Role::gone-role", type: "aws:iam/role:Role" });
            const f = path.join(tmp, "lost.json");
            fs.writeFileSync(f, JSON.stringify(base));
            const out = path.join(tmp, "lost-plan.json");
            const r = planner(["--stack", "test", "--program", program, "--no-policies", "--no-tree", "--baseline", f, "--json", out]);
            expect(r.code).to.equal(1);
            const plan = JSON.parse(fs.readFileSync(out, "utf8"));
            expect(plan.dataLoss.map((d: any) => d.urn)).to.deep.equal([
                "urn:pulumi:test::fixture-shop::fixture:index:Store$aws:s3/bucket:Bucket::store-bucket-9",
            ]);
            expect(plan.dataLoss[0].kind).to.equal("bucket");
        });
    });
});
