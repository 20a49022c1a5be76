/**
 * The plan diff on two recorded plans of the diff fixture (tools/plan/fixtures/diff: variant base and variant head
 * differ by an add, a remove, changes, a rename with and one without an alias, a plain value made secret, new and
 * fixed policy results), recorded by the planner as a user runs it; then the CLI's `--compare` on those files.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planner, PlannerRun } from "../testing/planner";
import { COMMENT_LIMIT, diffBlocks, diffPlans, diffValues, fitComment, PlanDiff, readPlanDocument, renderDiffMarkdown } from "./diff";
import { PlanUsageError } from "./project";
import type { PlanDocument } from "./report";

const program = path.join(__dirname, "fixtures", "diff");
const pack = path.join(__dirname, "fixtures", "diff-pack");
const common = ["--stack", "test", "--program", program, "--policy-pack", pack, "--no-tree"];

describe("plan diff (--compare)", function () {
    this.timeout(300000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
    const file = (name: string) => path.join(tmp, name);
    let base: PlanDocument;
    let head: PlanDocument;
    let diff: PlanDiff;
    let run: PlannerRun;
    let comment: string;
    const names = (list: { name: string }[]) => list.map((r) => r.name).sort();

    before(() => {
        const recorded = planner([...common, "--json", file("base.json")]);
        expect(recorded.code, recorded.stderr).to.equal(0);
        // Exactly the command the pull-request workflow runs.
        run = planner([...common, "--config", "fixture-diff:variant=head", "--json", file("head.json"), "--compare", file("base.json"), "--markdown", file("comment.md")]);
        base = JSON.parse(fs.readFileSync(file("base.json"), "utf8"));
        head = JSON.parse(fs.readFileSync(file("head.json"), "utf8"));
        comment = fs.readFileSync(file("comment.md"), "utf8");
        diff = diffPlans(base, head);
    });

    describe("on two recorded plans", () => {
        it("lists added resources, and removed ones with the stateful first", () => {
            expect(names(diff.added)).to.deep.equal(["notifications", "queue-arn", "scratch", "user-sessions"]);
            expect(diff.removed.map((r) => [r.name, r.stateful ?? null])).to.deep.equal([["audit", "log group"], ["sessions", "table"], ["alerts", null]]);
        });

        it("lists changed inputs as paths with old and new values; a reordered set-like list is not a change", () => {
            const changes = Object.fromEntries(diff.changed.map((r) => [r.name, r.changes]));
            expect(Object.keys(changes).sort()).to.deep.equal(["billing", "store-data", "store-key"]);
            expect(changes["store-data"]).to.deep.equal([{ path: "tags.Tier", old: undefined, new: "gold" }]);
            expect(changes["store-key"]).to.deep.equal([{ path: "enableKeyRotation", old: false, new: true }]);
            // role `app` only reversed managedPolicyArns
            expect(head.resources.find((r) => r.name === "app")!.inputs.managedPolicyArns).not.to.deep.equal(base.resources.find((r) => r.name === "app")!.inputs.managedPolicyArns);
            expect(diff.unchanged).to.equal(2); // the role and the Store component
        });

        it("masks a secret exactly as the plan JSON does: a plain value made secret shows as [secret], its value nowhere", () => {
            expect(diff.changed.find((r) => r.name === "billing")!.changes).to.deep.equal([{ path: "tags.Endpoint", old: "https://old-billing/hook", new: "[secret]" }]);
            for (const text of [JSON.stringify(diff), comment, run.stdout]) expect(text).not.to.contain("billing.internal");
            expect(comment).to.contain("| `tags.Endpoint` | `\"https://old-billing/hook\"` | `[secret]` |");
        });

        it("reports a rename through an alias as a rename (with its input changes), not a remove and an add", () => {
            expect(diff.renamed).to.have.length(1);
            const q = diff.renamed[0];
            expect(q.name).to.equal("order-events");
            expect(q.oldUrn).to.equal("urn:pulumi:test::fixture-diff::aws:sqs/queue:Queue::orders");
            expect(q.changes).to.deep.equal([{ path: "messageRetentionSeconds", old: 345600, new: 1209600 }]);
            expect(names(diff.removed)).not.to.include("orders");
            expect(diff.dataLoss.map((l) => l.urn)).not.to.include(q.oldUrn);
        });

        it("reports a rename without an alias as a remove and an add, and a stateful one (and a stateful removal) as data loss", () => {
            expect(diff.dataLoss.map((l) => l.urn.split("::").pop())).to.deep.equal(["audit", "sessions"]);
            expect(diff.dataLoss[1].message).to.contain("replaced by 'user-sessions'").and.to.contain("aliases: [{ name: \"sessions\" }]");
            expect(diff.dataLoss[0].message).to.contain("in the base plan but not in this one");
            expect(diffBlocks(diff)).to.equal(true);
        });

        it("lists the policy results new per phase and the ones fixed", () => {
            const key = (v: { policy: string; urn: string | null; phase?: string; enforcementLevel: string }) => `${v.policy}|${v.urn?.split("::").pop()}|${v.phase}|${v.enforcementLevel}`;
            expect(diff.policies.added.map(key).sort()).to.deep.equal([
                "diff-bucket-owner-tag|scratch|preview|mandatory",
                "diff-no-arn-in-parameter|queue-arn|up|mandatory",
            ]);
            expect(diff.policies.fixed.map(key)).to.deep.equal(["diff-kms-rotation|store-key|preview|advisory"]);
        });

        it("keeps a finding of a renamed resource the same finding (not new, not fixed)", () => {
            const v = { pack: "p", policy: "q", enforcementLevel: "advisory" as const, message: "m", phase: "preview" as const };
            const b = { ...base, violations: [{ ...v, urn: "urn:pulumi:test::fixture-diff::aws:sqs/queue:Queue::orders" }] };
            const h = { ...head, violations: [{ ...v, urn: "urn:pulumi:test::fixture-diff::aws:sqs/queue:Queue::order-events" }] };
            expect(diffPlans(b, h).policies).to.deep.equal({ added: [], fixed: [] });
            // ... but the same finding moving from the preview to `up` only is fixed in one phase and new in the other
            const moved = diffPlans(b, { ...h, violations: [{ ...h.violations[0], phase: "up" }] }).policies;
            expect([moved.added.length, moved.fixed.length, moved.added[0].phase]).to.deep.equal([1, 1, "up"]);
        });

        it("finds nothing between a plan and itself", () => {
            const same = diffPlans(base, base);
            expect([same.added, same.removed, same.renamed, same.changed, same.dataLoss, same.policies.added, same.policies.fixed].every((l) => l.length === 0)).to.equal(true);
            expect(renderDiffMarkdown(same)).to.contain("No resource changes.").and.to.contain("No policy result is new or fixed.");
            expect(diffBlocks(same)).to.equal(false);
        });

        it("refuses a base of another stack, and a file that is not a plan", () => {
            expect(() => diffPlans({ ...base, stack: "prod" }, head)).to.throw(PlanUsageError, /base plan is of fixture-diff\/prod/);
            expect(() => readPlanDocument("x.json", JSON.stringify({ project: "p", stack: "s", resources: [{ urn: "u" }] }))).to.throw(PlanUsageError, /--compare x.json: expected a plan/);
            expect(() => readPlanDocument("x.json", "{")).to.throw(PlanUsageError, /--compare x.json/);
        });
    });

    describe("value diff", () => {
        it("ignores key order and list order, descends into JSON documents, names the paths", () => {
            expect(diffValues({ a: 1, b: [1, 2] }, { b: [2, 1], a: 1 })).to.deep.equal([]);
            const doc = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });
            expect(diffValues({ policy: doc("s3:GetObject") }, { policy: doc("s3:*") })).to.deep.equal([{ path: "policy#Statement[0].Action", old: "s3:GetObject", new: "s3:*" }]);
            expect(diffValues({ policy: doc("x") }, { policy: JSON.stringify(JSON.parse(doc("x")), null, 2) })).to.deep.equal([]);
            expect(diffValues({ list: ["a"] }, { list: ["a", "b"], "odd key": true })).to.deep.equal([
                { path: "list", old: ["a"], new: ["a", "b"] }, { path: "[\"odd key\"]", old: undefined, new: true },
            ]);
        });
    });

    describe("the pull-request comment", () => {
        it("has the diff, both phases' guardrails, data loss and the diagram, under GitHub's limit", () => {
            expect(comment.length).to.be.below(COMMENT_LIMIT);
            expect(comment).to.match(/^## Offline plan: `fixture-diff` \/ `test` — ❌ blocked/);
            const order = ["### Changes against the base branch", "#### ❌ Data loss", "#### Removed (3, stateful first)", "#### Added (4)",
                "#### Renamed through an alias (1)", "#### Changed (4 resources, 4 inputs)", "### Guardrails: policy results against the base branch",
                "#### New policy results (2)", "#### Fixed (1)", "### Policy results", "```mermaid"];
            const at = order.map((h) => comment.indexOf(h));
            expect(at.every((i) => i >= 0), order.filter((_h, i) => at[i] < 0).join(", ")).to.equal(true);
            expect([...at].sort((a, b) => a - b)).to.deep.equal(at);
            expect(comment).to.contain("| only at `pulumi up` | 1 | 0 | 0 |");
            expect(comment).to.contain("| `orders` → `order-events` |");
        });

        it("collapses long lists and caps their rows", () => {
            const many = Array.from({ length: 500 }, (_, i) => ({ urn: `urn:pulumi:s::p::aws:sns/topic:Topic::t${i}`, type: "aws:sns/topic:Topic", name: `t${i}` }));
            const md = renderDiffMarkdown({ ...diffPlans(base, base), added: many });
            expect(md).to.contain("<details><summary><b>Added (500)</b></summary>");
            expect(md).to.contain("| … 300 more added (see the JSON plans) | | |");
            expect(md).not.to.contain("`t250`");
        });

        it("drops the diagram, then truncates at a line with a note, to stay under the limit", () => {
            const diagram = "```mermaid\nflowchart LR\n" + "  a --> b\n".repeat(10000) + "```\n";
            const dropped = fitComment(`# t\n\n${diagram}\nend\n`);
            expect(dropped).to.contain("The architecture diagram is left out").and.to.contain("\nend\n");
            const long = "## t\n\n<details><summary>x</summary>\n\n" + "| row | with text |\n".repeat(8000);
            const cut = fitComment(long + diagram);
            expect(cut.length).to.be.at.most(COMMENT_LIMIT);
            expect(cut).to.match(/<\/details>\n\n> ✂️ Truncated: the comment would exceed GitHub's 65,536-character limit/);
            expect(fitComment("short")).to.equal("short");
        });
    });

    describe("npm run plan -- --compare (the CLI)", () => {
        it("prints a short summary and exits 1 on new mandatory violations and stateful removals without alias", () => {
            expect(run.code, run.stderr).to.equal(1);
            expect(run.stdout).to.contain(`Compared with ${file("base.json")} (fixture-diff/test, 9 resources): 4 added, 3 removed (2 stateful), 3 changed, 1 renamed, 2 unchanged`);
            expect(run.stdout).to.contain("policy results: 2 new (2 mandatory; 1 in preview, 1 only at up), 1 fixed");
            expect(run.stdout).to.match(/FAIL: 2 mandatory violation\(s\), 2 new mandatory and 2 stateful removal\(s\) without alias against /);
            expect(head.resources.length).to.be.greaterThan(0); // --json still written
        });

        it("exits 0 against a base with the same resources and results, and 2 for a base that is not a plan", () => {
            const same = planner([...common, "--compare", file("base.json")]);
            expect(same.code, same.stderr).to.equal(0);
            expect(same.stdout).to.contain("0 added, 0 removed (0 stateful), 0 changed, 0 renamed");
            fs.writeFileSync(file("not-a-plan.json"), JSON.stringify({ project: "fixture-diff", stack: "test", resources: [] }));
            const bad = planner([...common, "--compare", file("not-a-plan.json")]);
            expect(bad.code).to.equal(2);
            expect(bad.stderr).to.match(/error: --compare .*not-a-plan.json: expected a plan written by/);
        });
    });
});

describe("plan diff: a result without a phase", () => {
    it("counts, lists and matches it as a first preview's, in every place alike", () => {
        const doc = (violations: PlanDocument["violations"]) => ({
            project: "p", stack: "s", resources: [], violations, waivers: [], unknowns: [], dataLoss: null, outputs: {},
            summary: {} as PlanDocument["summary"],
        }) as PlanDocument;
        const unphased = { pack: "pk", policy: "rule", enforcementLevel: "mandatory", urn: null, message: "m" } as PlanDocument["violations"][number];
        const d = diffPlans(doc([]), doc([unphased]));
        expect(d.policies.added).to.have.length(1);
        const md = renderDiffMarkdown(d);
        expect(md).to.match(/\| first `pulumi preview` \| 1 \| 0 \| 0 \|/);
        expect(md).to.match(/\| only at `pulumi up` \| 0 \| 0 \| 0 \|/);
        expect(md).to.include("| ❌ mandatory | preview | `pk/rule` |");
        // The same finding with its phase set explicitly is the same finding, not a new one and a fixed one.
        const same = diffPlans(doc([unphased]), doc([{ ...unphased, phase: "preview" }]));
        expect([same.policies.added.length, same.policies.fixed.length]).to.deep.equal([0, 0]);
    });
});
