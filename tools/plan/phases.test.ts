/**
 * The planner against what the real CLI does: both phases (a first `pulumi preview` with computed values unknown,
 * then `pulumi up`), stack policies on outputs, asynchronous policies, the engine's required-config rule, the CLI's
 * `--policy-pack-config` rules, program location and the default packs. One process per case, as a user runs it.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planner } from "../testing/planner";

const root = path.resolve(__dirname, "..", "..");
const phases = path.join(__dirname, "fixtures", "phases");
const asyncPack = path.join(__dirname, "fixtures", "async-pack");
const awsPack = path.join(root, "policies", "aws");


describe("offline planner: the two phases and the CLI's rules", function () {
    this.timeout(120000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-phases-"));
    const json = path.join(tmp, "plan.json");
    const md = path.join(tmp, "plan.md");
    let run: ReturnType<typeof planner>;
    let doc: any;
    const violation = (policy: string, name: string) => doc.violations.filter((v: any) => v.policy === policy && v.urn?.endsWith(`::${name}`));

    before(() => {
        run = planner(["--stack", "test", "--program", phases, "--policy-pack", awsPack, "--policy-pack", asyncPack,
            "--json", json, "--markdown", md, "--no-tree"]);
        doc = JSON.parse(fs.readFileSync(json, "utf8"));
    });

    it("a literal wildcard role policy is a preview finding; one built from a computed ARN only an up finding; exit 1", () => {
        expect(run.code, run.stderr).to.equal(1);
        const literal = violation("iam-no-admin-wildcard", "literal");
        const computed = violation("iam-no-admin-wildcard", "computed");
        expect(literal.map((v: any) => [v.enforcementLevel, v.phase])).to.deep.equal([["mandatory", "preview"]]);
        expect(computed.map((v: any) => [v.enforcementLevel, v.phase])).to.deep.equal([["mandatory", "up"]]);
        expect(computed[0].message).to.contain('allows Action "*" on Resource "*"');
    });

    it("lists the checks a first preview defers, with the analyzer's message", () => {
        const deferred = doc.unknowns.filter((u: any) => u.urn?.endsWith("::computed")).map((u: any) => u.policy).sort();
        expect(deferred).to.include("iam-no-admin-wildcard");
        const note = doc.unknowns.find((u: any) => u.policy === "iam-no-admin-wildcard");
        expect(note.message).to.match(/^can't run policy 'iam-no-admin-wildcard' from policy pack 'ecommerce-aws@v0\.1\.0' during preview: /);
        // The literal policy is fully known in preview: nothing deferred there.
        expect(doc.unknowns.filter((u: any) => u.urn?.endsWith("::literal"))).to.deep.equal([]);
        expect(doc.summary.policies.deferred).to.equal(doc.unknowns.length);
    });

    it("shows the up-only findings apart in the terminal and the Markdown report", () => {
        const [before, after] = run.stdout.split("Only `pulumi up` reports these (a green `pulumi preview` will not show them):");
        expect(after, "an up-only section").to.be.a("string");
        expect(before).to.contain("[ecommerce-aws/iam-no-admin-wildcard] literal:");
        expect(before).not.to.contain("[ecommerce-aws/iam-no-admin-wildcard] computed:");
        expect(after).to.contain("[ecommerce-aws/iam-no-admin-wildcard] computed:");
        const text = fs.readFileSync(md, "utf8");
        const upSection = text.split("#### Only at `pulumi up` (a green `pulumi preview` will not show these)")[1];
        expect(upSection).to.contain("| mandatory | `ecommerce-aws/iam-no-admin-wildcard` | `computed` |");
        expect(text).to.match(/<summary>Deferred in preview: \d+ check\(s\) read a value unknown until `pulumi up`<\/summary>/);
        expect(text).to.contain("| Pack | Policies | Mandatory | Advisory | Only at `up` | Waived | Deferred in preview |");
    });

    it("stack policies see outputs: a queue's ARN is deferred in preview and read from the cloud's answer at up", () => {
        const arns = doc.violations.filter((v: any) => v.policy === "async-queue-arns");
        expect(arns).to.have.length(1);
        expect(arns[0]).to.include({ phase: "up", enforcementLevel: "advisory" });
        const queue = doc.resources.find((r: any) => r.name === "events-0");
        expect(queue.inputs.arn, "the ARN is not an input").to.equal(undefined);
        expect(queue.outputs.arn).to.match(/^arn:aws:sqs:eu-west-1:123456789012:events-0-[0-9a-f]{7}$/);
        expect(arns[0].message).to.equal(`queue ARN ${queue.outputs.arn}`);
        expect(doc.unknowns.some((u: any) => u.policy === "async-queue-arns" && u.urn === null)).to.equal(true);
    });

    it("evaluates asynchronous resource policies, with config reconciled and validated as the CLI does", () => {
        const cfg = path.join(tmp, "teams.json");
        fs.writeFileSync(cfg, JSON.stringify({ "async-team-tag": { teams: ["search"] }, "no-such-policy": "mandatory" }));
        const none = path.join(tmp, "none.json");
        fs.writeFileSync(none, "{}");
        const out = path.join(tmp, "teams-plan.json");
        const r = planner(["--stack", "test", "--program", phases, "--policy-pack", awsPack, "--policy-pack", asyncPack,
            "--policy-pack-config", none, "--policy-pack-config", cfg, "--no-tree", "--json", out]);
        expect(r.code, r.stderr).to.equal(1);
        const plan = JSON.parse(fs.readFileSync(out, "utf8"));
        const team = plan.violations.filter((v: any) => v.policy === "async-team-tag");
        expect(team.map((v: any) => v.urn.split("::").pop()).sort()).to.deep.equal(["app", "data", "events-0"]);
        expect(team.every((v: any) => v.enforcementLevel === "mandatory" && v.phase === "preview")).to.equal(true);
        expect(team[0].message).to.equal("team 'shop' is not one of search");
    });

    it("rejects pack config that fails the policy's JSON Schema, and a config count that does not match the packs", () => {
        const bad = path.join(tmp, "bad.json");
        fs.writeFileSync(bad, JSON.stringify({ "async-team-tag": { teams: [] } }));
        let r = planner(["--stack", "test", "--program", phases, "--policy-pack", asyncPack, "--policy-pack-config", bad]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain("fixture-async-pack: async-team-tag: teams must NOT have fewer than 1 items");
        r = planner(["--stack", "test", "--program", phases, "--policy-pack", awsPack, "--policy-pack", asyncPack, "--policy-pack-config", bad]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain(`the number of "--policy-pack-config" flags must match the number of "--policy-pack" flags`);
        r = planner(["--stack", "test", "--program", phases, "--policy-pack-config", bad]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain(`"--policy-pack-config" must be specified with "--policy-pack"`);
        fs.writeFileSync(bad, JSON.stringify({ "async-team-tag": "strict" }));
        r = planner(["--stack", "test", "--program", phases, "--policy-pack", asyncPack, "--policy-pack-config", bad]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain(`parsing enforcement level for "async-team-tag": "strict" is not a valid enforcement level`);
    });

    it("refuses a stack file that misses a required key, with the engine's message, before running anything", () => {
        const r = planner(["--stack", "missing", "--program", phases, "--no-policies"]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain("error: Stack 'missing' is missing configuration value 'team'");
        expect(r.stderr).to.contain("pulumi config set team <value> --stack missing");
        expect(r.stdout).to.equal("");
    });

    it("a program without packs of its own is checked against the platform's packs, and the summary names them", () => {
        const r = planner(["--stack", "test", "--program", phases, "--no-tree"]);
        expect(r.stdout).to.match(/ecommerce-aws@\d+\.\d+\.\d+ \(\d+ policies, policies\/aws\)/);
        expect(r.stdout).to.match(/ecommerce-kubernetes@\d+\.\d+\.\d+ \(\d+ policies, policies\/kubernetes\)/);
        expect(r.code).to.equal(1);
    });

    it("loads --program DIR as the folder it is, never a sibling DIR.js or DIR.json", () => {
        const copy = path.join(tmp, "prog");
        fs.mkdirSync(copy);
        for (const f of fs.readdirSync(phases)) fs.copyFileSync(path.join(phases, f), path.join(copy, f));
        fs.writeFileSync(path.join(tmp, "prog.js"), "throw new Error('the sibling prog.js was loaded');\n");
        fs.writeFileSync(path.join(tmp, "prog.json"), "{}\n");
        fs.symlinkSync(path.join(root, "node_modules"), path.join(tmp, "node_modules")); // the copy resolves our packages
        const out = path.join(tmp, "prog-plan.json");
        const r = planner(["--stack", "test", "--program", copy, "--no-policies", "--no-tree", "--json", out]);
        expect(r.code, r.stderr).to.equal(0);
        expect(JSON.parse(fs.readFileSync(out, "utf8")).resources.map((x: any) => x.name)).to.include("literal");
    });

    it("--config sets a value as `pulumi preview --config` does, through the engine's type check", () => {
        const out = path.join(tmp, "config-plan.json");
        let r = planner(["--stack", "test", "--program", phases, "--no-policies", "--no-tree", "--config", "queues=3", "--json", out]);
        expect(r.code, r.stderr).to.equal(0);
        expect(JSON.parse(fs.readFileSync(out, "utf8")).resources.filter((x: any) => x.type === "aws:sqs/queue:Queue")).to.have.length(3);
        r = planner(["--stack", "test", "--program", phases, "--no-policies", "--config", "queues=many"]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain("Stack 'test' with configuration key 'queues' must be of type 'integer'");
    });

    it("the platform's dev stack with more zones than its region has: exit 2 naming availabilityZones, before any resource", () => {
        const r = planner(["--stack", "dev", "--config", "availabilityZones=4", "--no-policies"]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain("ecommerce-platform:availabilityZones: '4' is more than the 3 availability zones of eu-west-1 " +
            "(eu-west-1a, eu-west-1b, eu-west-1c); use 3 or fewer");
        expect(r.stdout).to.equal("");
    });

    it("an unknown region is a usage error naming the known ones", () => {
        const r = planner(["--stack", "dev", "--config", "aws:region=eu-middle-9", "--no-policies"]);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.contain("'eu-middle-9' is not an AWS region; known regions: af-south-1");
    });
});
