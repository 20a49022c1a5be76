/**
 * The release step of the functions: after `pulumi up` has published new versions, move each function's `live` alias
 * to its newest version through CodeDeploy (the group's canary or linear configuration, rollback on its alarm).
 *
 *   pulumi stack output functionDeployments --json --stack prod > function-deployments.json
 *   npm run deploy:functions -- function-deployments.json [--alias live] [--no-wait]      (tools/deploy/cli.ts)
 *
 * For every deployment group of the stack output (a group is named after its function): read the alias; when it
 * already points at the newest published version, nothing to do; when CodeDeploy is shifting it (the alias has
 * weights), refuse: a deployment is in flight; otherwise create a deployment whose AppSpec names the alias and both
 * versions, then wait for every deployment to end. Exit 0 when every alias is on its newest version; 1 when a
 * deployment failed or was stopped (rolled back) or an alias is mid-shift; 2 for a bad input file.
 */
import { CodeDeployClient, CreateDeploymentCommand, GetDeploymentCommand } from "@aws-sdk/client-codedeploy";
import { GetAliasCommand, LambdaClient, ListVersionsByFunctionCommand } from "@aws-sdk/client-lambda";
import * as fs from "fs";

/** The stack output `functionDeployments`. */
export interface FunctionDeploymentsOutput {
    applicationName: string;
    /** Function key → deployment group name (the function's name). */
    groupNames: Record<string, string>;
}

/** What the release step asks of AWS (the SDK clients in production, fakes in tests). */
export interface ReleaseApi {
    /** The alias's version and, while CodeDeploy shifts it, its extra version's weights. */
    getAlias(functionName: string, alias: string): Promise<{ version: string; weights?: Record<string, number> }>;
    /** The function's published versions (numbers; `$LATEST` excluded). */
    listVersions(functionName: string): Promise<number[]>;
    /** Start a deployment; returns its id. */
    createDeployment(applicationName: string, groupName: string, appSpec: string, description: string): Promise<string>;
    /** A deployment's status: Created, Queued, InProgress, Baking, Ready, Succeeded, Failed, Stopped. */
    deploymentStatus(id: string): Promise<{ status: string; message?: string }>;
}

/** What happened to one function. */
export type Outcome =
    | { fn: string; result: "current"; version: string }
    | { fn: string; result: "shifting"; version: string; weights: Record<string, number> }
    | { fn: string; result: "deployed"; from: string; to: string; deploymentId: string; status: string; message?: string };

/** The AppSpec of a Lambda deployment moving `alias` of `fn` from `current` to `target` (JSON text). */
export function lambdaAppSpec(fn: string, alias: string, current: string, target: string): string {
    return JSON.stringify({
        // The string "0.0": a JS number 0.0 serializes as `0`, which is not the AppSpec version CodeDeploy documents.
        version: "0.0",
        Resources: [{ [fn.replace(/[^A-Za-z0-9]/g, "")]: {
            Type: "AWS::Lambda::Function",
            Properties: { Name: fn, Alias: alias, CurrentVersion: current, TargetVersion: target },
        } }],
    });
}

/** Parse and check the stack output; throws naming the field. */
export function parseFunctionDeployments(text: string): FunctionDeploymentsOutput {
    let value: unknown;
    try { value = JSON.parse(text); } catch (e) { throw new Error(`not JSON: ${(e as Error).message}`); }
    const v = value as Partial<FunctionDeploymentsOutput>;
    if (!v || typeof v !== "object" || typeof v.applicationName !== "string" || !v.applicationName) {
        throw new Error("applicationName: expected the CodeDeploy application's name (the stack output functionDeployments)");
    }
    if (!v.groupNames || typeof v.groupNames !== "object" || !Object.values(v.groupNames).every((g) => typeof g === "string" && g)) {
        throw new Error("groupNames: expected { <function key>: <deployment group name> }");
    }
    return { applicationName: v.applicationName, groupNames: v.groupNames };
}

const FINAL = new Set(["Succeeded", "Failed", "Stopped"]);

/**
 * Release every function of the output: start the deployments that are needed, then (unless `wait` is false) poll
 * until each ends. Deployments of different functions run at once (one group per function: they are independent).
 */
export async function releaseFunctions(out: FunctionDeploymentsOutput, api: ReleaseApi,
    opts: { alias?: string; wait?: boolean; pollMs?: number; commit?: string } = {}): Promise<Outcome[]> {
    const alias = opts.alias ?? "live";
    const outcomes: Outcome[] = [];
    for (const fn of Object.values(out.groupNames).sort()) {
        const current = await api.getAlias(fn, alias);
        if (current.weights && Object.keys(current.weights).length) {
            outcomes.push({ fn, result: "shifting", version: current.version, weights: current.weights });
            continue;
        }
        const versions = await api.listVersions(fn);
        const newest = versions.length ? String(Math.max(...versions)) : current.version;
        if (newest === current.version || Number(newest) < Number(current.version)) {
            outcomes.push({ fn, result: "current", version: current.version });
            continue;
        }
        const description = `${fn}:${alias} ${current.version} -> ${newest}${opts.commit ? ` (${opts.commit})` : ""}`;
        const deploymentId = await api.createDeployment(out.applicationName, fn, lambdaAppSpec(fn, alias, current.version, newest), description);
        outcomes.push({ fn, result: "deployed", from: current.version, to: newest, deploymentId, status: "Created" });
    }
    if (opts.wait === false) return outcomes;
    for (const o of outcomes) {
        if (o.result !== "deployed") continue;
        for (;;) {
            const { status, message } = await api.deploymentStatus(o.deploymentId);
            o.status = status;
            o.message = message;
            if (FINAL.has(status)) break;
            await new Promise((r) => setTimeout(r, opts.pollMs ?? 15000));
        }
    }
    return outcomes;
}

/** True when every alias is (or is being moved, with --no-wait) on its newest version. */
export function released(outcomes: Outcome[], waited: boolean): boolean {
    return outcomes.every((o) => o.result === "current" || (o.result === "deployed" && (waited ? o.status === "Succeeded" : true)));
}

/** One line per function, for the job's log. */
export function describeOutcome(o: Outcome): string {
    switch (o.result) {
        case "current": return `= ${o.fn}: live is on the newest version ${o.version}`;
        case "shifting": return `! ${o.fn}: live is being shifted (${JSON.stringify(o.weights)}): a deployment is in flight, not started again`;
        case "deployed": return `${o.status === "Succeeded" ? "+" : o.status === "Created" ? ">" : "x"} ${o.fn}: ${o.from} -> ${o.to}, ` +
            `deployment ${o.deploymentId} ${o.status}${o.message ? `: ${o.message}` : ""}`;
    }
}

/** The ReleaseApi over the AWS SDK (region and credentials from the environment, as the workflow sets them). */
export function awsReleaseApi(): ReleaseApi {
    const lambda = new LambdaClient({});
    const codedeploy = new CodeDeployClient({});
    return {
        async getAlias(fn, alias) {
            const a = await lambda.send(new GetAliasCommand({ FunctionName: fn, Name: alias }));
            return { version: a.FunctionVersion!, weights: a.RoutingConfig?.AdditionalVersionWeights };
        },
        async listVersions(fn) {
            const versions: number[] = [];
            let marker: string | undefined;
            do {
                const page = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: fn, Marker: marker }));
                for (const v of page.Versions ?? []) if (v.Version && /^\d+$/.test(v.Version)) versions.push(Number(v.Version));
                marker = page.NextMarker;
            } while (marker);
            return versions;
        },
        async createDeployment(applicationName, groupName, appSpec, description) {
            const d = await codedeploy.send(new CreateDeploymentCommand({
                applicationName, deploymentGroupName: groupName, description,
                revision: { revisionType: "AppSpecContent", appSpecContent: { content: appSpec } },
            }));
            return d.deploymentId!;
        },
        async deploymentStatus(id) {
            const d = await codedeploy.send(new GetDeploymentCommand({ deploymentId: id }));
            return { status: d.deploymentInfo?.status ?? "Unknown", message: d.deploymentInfo?.errorInformation?.message };
        },
    };
}

/** The command (tools/deploy/cli.ts): returns the exit code. */
export async function main(argv: string[], api: ReleaseApi = awsReleaseApi(), pollMs = 15000): Promise<number> {
    const aliasAt = argv.indexOf("--alias");
    const file = argv.find((a, i) => !a.startsWith("--") && !(aliasAt >= 0 && i === aliasAt + 1));
    if (!file) {
        console.error("usage: npm run deploy:functions -- <functionDeployments.json> [--alias live] [--no-wait]");
        return 2;
    }
    let out: FunctionDeploymentsOutput;
    try {
        out = parseFunctionDeployments(fs.readFileSync(file, "utf8"));
    } catch (e) {
        console.error(`${file}: ${(e as Error).message}`);
        return 2;
    }
    const wait = !argv.includes("--no-wait");
    const outcomes = await releaseFunctions(out, api, {
        alias: aliasAt >= 0 ? argv[aliasAt + 1] : undefined, wait, pollMs, commit: process.env.GITHUB_SHA?.slice(0, 12),
    });
    for (const o of outcomes) console.log(describeOutcome(o));
    return released(outcomes, wait) ? 0 : 1;
}
