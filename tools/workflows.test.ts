import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { lintWorkflow, lintWorkflowFiles, workflowFiles, workflowsDir } from "./workflows";

const root = path.resolve(__dirname, "..");
const read = (name: string) => fs.readFileSync(path.join(workflowsDir, name), "utf8");
const load = (name: string) => parse(read(name));
const pr = load("pull-request.yml");
const deploy = load("deploy.yml");

type Step = { id?: string; name?: string; uses?: string; run?: string; if?: string; with?: Record<string, any>; env?: Record<string, string> };
const uses = (steps: Step[], action: string) => steps.filter((s) => s.uses?.startsWith(`${action}@`));
const one = (steps: Step[], action: string) => {
    const found = uses(steps, action);
    expect(found, `steps using ${action}`).to.have.length(1);
    return found[0];
};

/** Runs a step's `run:` script with bash as the runner does (bash -e), in a temporary folder; returns what it wrote. */
function runStep(script: string, env: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wf-step-"));
    const files = { output: path.join(dir, "output"), summary: path.join(dir, "summary"), env: path.join(dir, "env") };
    for (const f of Object.values(files)) fs.writeFileSync(f, "");
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|PULUMI_|GITHUB_)/.test(k)));
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
        cwd: dir, encoding: "utf8",
        env: { ...clean, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, GITHUB_ENV: files.env, ...env },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, dir, output: fs.readFileSync(files.output, "utf8"), summary: fs.readFileSync(files.summary, "utf8") };
}

/** Runs an actions/github-script `script` as the action does (an async function of require, github, context, core). */
async function runScript(script: string, github: any, context: any, env: Record<string, string>) {
    const AsyncFunction = Object.getPrototypeOf(async function () { await Promise.resolve(); }).constructor;
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const logged: string[] = [];
    try {
        await new AsyncFunction("require", "github", "context", "core", script)(require, github, context, { info: (m: string) => logged.push(m) });
    } finally {
        for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
    }
    return logged;
}

describe("GitHub workflows: actionlint", () => {
    it("finds every workflow and passes all of them", async () => {
        const files = workflowFiles().map((f) => path.basename(f));
        expect(files).to.include.members(["deploy.yml", "pull-request.yml"]);
        expect(await lintWorkflowFiles(workflowFiles())).to.deep.equal([]);
    });

    it("fails a broken workflow, naming the line and the problem", async () => {
        const broken = [
            "on: pull_request",
            "jobs:",
            "  a:",
            "    runs-on: ubuntu-latest",
            "    needs: nowhere",
            "    steps:",
            "      - run: echo \"${{ github.event.pull_request.title }}\"",
            "      - uses: actions/checkout@v4",
            "        with:",
            "          no-such-input: 1",
        ].join("\n");
        const problems = await lintWorkflow(broken, "broken.yml");
        const found = problems.map((p) => `${p.line}:${p.kind}`);
        expect(found).to.include.members(["3:job-needs", "7:expression", "10:action"]);
        expect(problems.find((p) => p.line === 7)!.message).to.contain("potentially untrusted");
    });

    it("the npm test step exits 1 on a broken workflow, printing file:line:column", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wf-lint-"));
        const bad = path.join(dir, "bad.yml");
        fs.writeFileSync(bad, "on: push\njobs:\n  a:\n    steps:\n      - run: echo hi\n");
        const run = (args: string[]) => spawnSync(process.execPath, [path.join(root, "tools", "run.js"), "tools/lint-workflows.ts", ...args], { cwd: root, encoding: "utf8" });
        const failed = run([bad]);
        expect(failed.status, failed.stdout + failed.stderr).to.equal(1);
        expect(failed.stdout).to.match(/bad\.yml:3:3: .*"runs-on" section is missing/);
    });
});

describe("GitHub workflows: every action pinned", () => {
    const lines = workflowFiles().flatMap((f) => fs.readFileSync(f, "utf8").split("\n").map((text, i) => ({ where: `${path.basename(f)}:${i + 1}`, text })))
        .filter((l) => /^\s*(-\s+)?uses:/.test(l.text));

    it("to a full commit SHA, with its version in a comment", () => {
        expect(lines.length).to.be.greaterThan(10);
        for (const l of lines) expect(l.text, l.where).to.match(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    });

    it("one SHA per action across the workflows", () => {
        const shas = new Map<string, Set<string>>();
        for (const l of lines) {
            const [, action, sha] = /uses: ([^@]+)@(\S+)/.exec(l.text)!;
            shas.set(action, (shas.get(action) ?? new Set()).add(sha));
        }
        for (const [action, set] of shas) expect([...set], action).to.have.length(1);
        expect([...shas.keys()].sort()).to.deep.equal(["actions/checkout", "actions/github-script", "actions/setup-node", "aws-actions/configure-aws-credentials", "pulumi/actions"]);
    });
});

describe("GitHub workflows: pull-request.yml", () => {
    const plan: { permissions: any; env: Record<string, string>; steps: Step[] } = pr.jobs.plan;
    const preview: { permissions: any; env: Record<string, string>; steps: Step[]; strategy: any } = pr.jobs.preview;
    const marker = plan.env.MARKER;

    it("runs on pull requests: npm ci and npm test", () => {
        expect(Object.keys(pr.on)).to.deep.equal(["pull_request"]);
        expect(pr.jobs.test.steps.map((s: Step) => s.run).filter(Boolean)).to.deep.equal(["npm ci", "npm test"]);
    });

    it("asks for the least permissions: read by default, pull-requests: write only to comment, id-token only to preview", () => {
        expect(pr.permissions).to.deep.equal({ contents: "read" });
        expect(pr.jobs.test.permissions).to.equal(undefined);
        expect(plan.permissions).to.deep.equal({ contents: "read", "pull-requests": "write" });
        expect(preview.permissions).to.deep.equal({ contents: "read", "id-token": "write" });
    });

    it("plans dev and prod on the base commit, then on the head with --compare and --markdown", () => {
        const base = plan.steps.find((s) => s.name === "Plan the base")!.run!;
        const head = plan.steps.find((s) => s.name === "Plan the head and compare")!.run!;
        expect(base).to.match(/^\s*cd base$/m).and.to.contain("for stack in dev prod")
            .and.to.contain('npm run plan -- --stack "$stack" --json "$PLANS/base-$stack.json" --no-tree');
        expect(head).to.match(/^\s*cd head$/m).and.to.contain("for stack in dev prod")
            .and.to.contain('--compare "$PLANS/base-$stack.json"').and.to.contain('--json "$PLANS/head-$stack.json"')
            .and.to.contain('--markdown "$PLANS/$stack.md"');
        const checkouts = uses(plan.steps, "actions/checkout").map((s) => s.with);
        expect(checkouts).to.deep.equal([
            { path: "head", "fetch-depth": 2, "persist-credentials": false },
            { ref: "${{ steps.base.outputs.sha }}", path: "base", "persist-credentials": false },
        ]);
        expect(plan.steps.find((s) => s.id === "base")!.run).to.contain("rev-parse HEAD^1");
    });

    it("keeps a base plan that exits 1 but wrote its --json (a mandatory violation on the base), drops one that wrote none", () => {
        const step = plan.steps.find((s) => s.name === "Plan the base")!;
        const plans = fs.mkdtempSync(path.join(os.tmpdir(), "wf-plans-"));
        // A stand-in npm: dev plans with a mandatory violation (writes its JSON, exits 1), prod fails before planning (exit 2).
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "wf-bin-"));
        fs.writeFileSync(path.join(bin, "npm"), [
            "#!/bin/bash",
            'stack="$5"; json="$7"',
            'if [ "$stack" = dev ]; then echo \'{"project":"p","stack":"dev"}\' > "$json"; exit 1; fi',
            "exit 2",
        ].join("\n"), { mode: 0o755 });
        const r = runStep(`mkdir base\n${step.run!}`, { PLANS: plans, PATH: `${bin}:${process.env.PATH}` });
        expect(r.status, r.stderr).to.equal(0);
        expect(fs.readdirSync(plans).sort()).to.deep.equal(["base-dev.json"]);
        expect(r.stdout.trim().split("\n")).to.deep.equal(["::warning::the base branch does not plan prod; its head plan is shown without a comparison"]);
    });

    it("writes one comment for both stacks, starting with the hidden marker", () => {
        expect(marker).to.match(/^<!-- [\w:.-]+ -->$/);
        const write = plan.steps.find((s) => s.name === "Write the comment")!;
        const plans = fs.mkdtempSync(path.join(os.tmpdir(), "wf-plans-"));
        fs.writeFileSync(path.join(plans, "dev.md"), "DEV REPORT\n");
        const r = runStep(write.run!, { MARKER: marker, PLANS: plans, HEAD_SHA: "0123456789abcdef", BASE_SHA: "fedcba9876543210" });
        expect(r.status, r.stderr).to.equal(0);
        const comment = fs.readFileSync(path.join(plans, "comment.md"), "utf8");
        expect(comment.split("\n")[0]).to.equal(marker);
        expect(comment).to.contain("`0123456`").and.to.contain("`fedcba9`").and.to.contain("DEV REPORT")
            .and.to.contain("<b>prod</b>").and.to.contain("The plan of prod did not run to its report");
        expect(r.summary).to.equal(comment);
    });

    it("cuts a comment longer than GitHub takes, linking to the job summary", () => {
        const write = plan.steps.find((s) => s.name === "Write the comment")!;
        const plans = fs.mkdtempSync(path.join(os.tmpdir(), "wf-plans-"));
        fs.writeFileSync(path.join(plans, "dev.md"), "x".repeat(70000));
        const r = runStep(write.run!, { MARKER: marker, PLANS: plans, HEAD_SHA: "a", BASE_SHA: "b", GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "o/r", GITHUB_RUN_ID: "7" });
        expect(r.status, r.stderr).to.equal(0);
        const comment = fs.readFileSync(path.join(plans, "comment.md"), "utf8");
        expect(comment.length).to.be.lessThan(65536);
        expect(comment).to.contain("https://github.com/o/r/actions/runs/7");
        expect(r.summary.length).to.be.greaterThan(70000);
    });

    describe("the comment step updates its previous comment instead of adding another", () => {
        const step = one(plan.steps, "actions/github-script");
        const plans = fs.mkdtempSync(path.join(os.tmpdir(), "wf-comment-"));
        fs.writeFileSync(path.join(plans, "comment.md"), `${marker}\nnew plan`);
        const context = { repo: { owner: "o", repo: "r" }, issue: { number: 13 } };
        const fakeGithub = (existing: any[]) => {
            const calls: any[] = [];
            const listComments = () => undefined;
            return {
                calls,
                paginate: (fn: unknown, args: any) => { expect(fn).to.equal(listComments); calls.push(["list", args]); return Promise.resolve(existing); },
                rest: { issues: {
                    listComments,
                    updateComment: (args: any) => { calls.push(["update", args]); return Promise.resolve({ data: {} }); },
                    createComment: (args: any) => { calls.push(["create", args]); return Promise.resolve({ data: {} }); },
                } },
            };
        };

        it("runs only on pull requests of this repository (a fork's token cannot comment)", () => {
            expect(step.if).to.contain("github.event.pull_request.head.repo.full_name == github.repository");
        });

        it("edits the bot's comment that carries the marker", async () => {
            const gh = fakeGithub([
                { id: 1, user: { type: "User" }, body: `quoting ${marker}` },
                { id: 2, user: { type: "Bot" }, body: "another bot" },
                { id: 3, user: { type: "Bot" }, body: `${marker}\nold plan` },
            ]);
            await runScript(step.with!.script, gh, context, { MARKER: marker, PLANS: plans });
            expect(gh.calls).to.deep.equal([
                ["list", { owner: "o", repo: "r", issue_number: 13, per_page: 100 }],
                ["update", { owner: "o", repo: "r", comment_id: 3, body: `${marker}\nnew plan` }],
            ]);
        });

        it("creates the comment when there is none yet", async () => {
            const gh = fakeGithub([{ id: 1, user: { type: "User" }, body: "LGTM" }]);
            await runScript(step.with!.script, gh, context, { MARKER: marker, PLANS: plans });
            expect(gh.calls[1]).to.deep.equal(["create", { owner: "o", repo: "r", issue_number: 13, body: `${marker}\nnew plan` }]);
        });
    });

    describe("pulumi preview", () => {
        const creds = preview.steps[0];
        const later = preview.steps.slice(1);

        it("previews both stacks with both policy packs through pulumi/actions, after OIDC to the preview role", () => {
            expect(preview.strategy.matrix.stack).to.deep.equal(["dev", "prod"]);
            const aws = one(preview.steps, "aws-actions/configure-aws-credentials");
            expect(aws.with!["role-to-assume"]).to.equal("${{ vars.AWS_PREVIEW_ROLE_ARN }}");
            const pulumi = one(preview.steps, "pulumi/actions");
            expect(pulumi.with).to.include({ command: "preview", "stack-name": "${{ matrix.stack }}" });
            expect(pulumi.with!.policyPacks.trim().split("\n")).to.deep.equal(["policies/aws", "policies/kubernetes"]);
            expect(preview.steps.indexOf(aws)).to.be.lessThan(preview.steps.indexOf(pulumi));
        });

        it("every step after the check is skipped without credentials", () => {
            expect(creds.id).to.equal("creds");
            for (const s of later) expect(s.if, s.name ?? s.uses ?? s.run).to.equal("${{ steps.creds.outputs.enabled == 'true' }}");
        });

        it("without credentials: a notice, and enabled=false", () => {
            for (const env of [{}, { AWS_ROLE_ARN: "arn:aws:iam::111122223333:role/preview" }, { PULUMI_ACCESS_TOKEN: "pul-x" }] as Record<string, string>[]) {
                const r = runStep(creds.run!, env);
                expect(r.status, r.stderr).to.equal(0);
                expect(r.output.trim(), JSON.stringify(env)).to.equal("enabled=false");
                expect(r.stdout).to.match(/^::notice title=pulumi preview skipped::no cloud credentials/);
            }
        });

        it("with a role and a backend (Pulumi Cloud token or self-managed URL): enabled=true", () => {
            for (const backend of [{ PULUMI_ACCESS_TOKEN: "pul-x" }, { PULUMI_BACKEND_URL: "s3://state" }] as Record<string, string>[]) {
                const r = runStep(creds.run!, { AWS_ROLE_ARN: "arn:aws:iam::111122223333:role/preview", ...backend });
                expect(r.output.trim()).to.equal("enabled=true");
                expect(r.stdout).to.equal("");
            }
            expect(preview.env).to.include({ AWS_ROLE_ARN: "${{ vars.AWS_PREVIEW_ROLE_ARN }}", PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" });
        });
    });
});

describe("GitHub workflows: deploy.yml", () => {
    const stacks = ["dev", "prod"] as const;

    it("runs on pushes to main and by hand", () => {
        expect(deploy.on).to.deep.equal({ push: { branches: ["main"] }, workflow_dispatch: null });
        expect(deploy.permissions).to.deep.equal({ contents: "read" });
    });

    it("tests first, then dev, then prod", () => {
        expect(deploy.jobs.test.steps.map((s: Step) => s.run).filter(Boolean)).to.deep.equal(["npm ci", "npm test"]);
        expect(deploy.jobs.dev.needs).to.equal("test");
        expect(deploy.jobs.prod.needs).to.equal("dev");
    });

    it("prod waits in the protected prod environment; dev has its own", () => {
        expect(deploy.jobs.prod.environment).to.equal("prod");
        expect(deploy.jobs.dev.environment).to.equal("dev");
    });

    for (const stack of stacks) {
        it(`${stack}: one update at a time (concurrency deploy-${stack}, never cancelled)`, () => {
            expect(deploy.jobs[stack].concurrency).to.deep.equal({ group: `deploy-${stack}`, "cancel-in-progress": false });
            expect(deploy.concurrency).to.equal(undefined);
        });

        it(`${stack}: pulumi up with both policy packs, after OIDC to the deploy role`, () => {
            const job = deploy.jobs[stack];
            expect(job.permissions).to.deep.equal({ contents: "read", "id-token": "write" });
            const aws = one(job.steps, "aws-actions/configure-aws-credentials");
            expect(aws.with!["role-to-assume"]).to.equal("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
            const pulumi = one(job.steps, "pulumi/actions");
            expect(pulumi.with).to.include({ command: "up", "stack-name": stack });
            expect(pulumi.with!.policyPacks.trim().split("\n")).to.deep.equal(["policies/aws", "policies/kubernetes"]);
            expect(job.env).to.include({ PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}", PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}" });
            for (const s of job.steps.slice(1)) expect(s.if).to.equal("${{ steps.creds.outputs.enabled == 'true' }}");
            const r = runStep(job.steps[0].run, {});
            expect(r.output.trim()).to.equal("enabled=false");
            expect(r.stdout).to.match(new RegExp(`^::warning title=${stack} not deployed::`));
        });

        it(`${stack}: after pulumi up, releases the functions through CodeDeploy from this stack's output`, () => {
            const steps = deploy.jobs[stack].steps;
            const up = steps.indexOf(one(steps, "pulumi/actions"));
            const release = steps.findIndex((s: Step) => s.name === "Release the functions through CodeDeploy");
            expect(release).to.equal(up + 1);
            expect(steps[release].run!.trim().split("\n")).to.deep.equal([
                `pulumi stack output functionDeployments --json --stack ${stack} > function-deployments.json`,
                "npm run deploy:functions -- function-deployments.json",
            ]);
        });
    }
});
