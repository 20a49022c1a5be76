import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram, Recording } from "../../tools/plan/recorder";
import { simulateWorkload } from "../../tools/testing/iam";
import { FunctionDeployments, FunctionDeploymentsArgs, validateFunctionDeploymentsArgs } from "./function-deployment";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/shop/dev/shop-dev-workload-boundary`;
const fnArn = (n: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-dev-${n}`;
const T = {
    app: "aws:codedeploy/application:Application", group: "aws:codedeploy/deploymentGroup:DeploymentGroup",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm", role: "aws:iam/role:Role", rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    component: "platform:delivery:FunctionDeployments",
};

function args(over: Partial<FunctionDeploymentsArgs> = {}): FunctionDeploymentsArgs {
    return {
        applicationName: "shop-dev-functions",
        functions: {
            "validate-order": { functionName: "shop-dev-validate-order", functionArn: fnArn("validate-order") },
            "payment-webhook": { functionName: "shop-dev-payment-webhook", functionArn: fnArn("payment-webhook"), aliasName: "live" },
        },
        deploymentConfig: "Canary10Percent5Minutes",
        permissionsBoundaryArn: BOUNDARY,
        tags: { Team: "platform" },
        ...over,
    };
}

function record(a: FunctionDeploymentsArgs): Promise<Recording> {
    return recordProgram(() => { new FunctionDeployments("shop-dev-functions", a); }, {
        project: "test", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT),
    });
}

function problems(a: unknown): string[] {
    try {
        validateFunctionDeploymentsArgs(a as FunctionDeploymentsArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("delivery/FunctionDeployments", () => {
    let rec: Recording;
    const all = (type: string) => rec.resources.filter((r) => r.type === type);
    before(async () => { rec = await record(args()); });

    it("creates one Lambda application, one role with one policy, and per function an alarm and a group, all under the component", () => {
        const component = all(T.component)[0];
        expect(rec.resources.filter((r) => r.custom).map((r) => r.type).sort()).to.deep.equal(
            [T.app, T.role, T.rolePolicy, T.alarm, T.alarm, T.group, T.group].sort());
        for (const r of rec.resources.filter((x) => x.custom)) expect(r.parent, r.name).to.equal(component.urn);
        expect(all(T.app)[0].inputs).to.deep.include({ name: "shop-dev-functions", computePlatform: "Lambda" });
    });

    it("names each group after its function, with the configured predefined config, blue/green with traffic control", () => {
        const groups = all(T.group);
        expect(groups.map((g) => g.inputs.deploymentGroupName).sort()).to.deep.equal(["shop-dev-payment-webhook", "shop-dev-validate-order"]);
        for (const g of groups) {
            expect(g.inputs).to.deep.include({
                appName: "shop-dev-functions", deploymentConfigName: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
                deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
                autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
            });
            expect(g.inputs.serviceRoleArn).to.equal(all(T.role)[0].outputs.arn);
            expect(g.options.dependsOn).to.deep.equal([all(T.rolePolicy)[0].urn]);
        }
    });

    it("attaches to each group the alarm on its own function's alias errors", () => {
        for (const g of all(T.group)) {
            const fn = g.inputs.deploymentGroupName as string;
            const alarm = all(T.alarm).find((a) => a.inputs.name === `${fn}-live-errors`)!;
            expect(g.inputs.alarmConfiguration).to.deep.equal({ enabled: true, alarms: [`${fn}-live-errors`] });
            expect(alarm.inputs).to.deep.include({
                namespace: "AWS/Lambda", metricName: "Errors", statistic: "Sum", period: 60, evaluationPeriods: 1, threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold", treatMissingData: "notBreaching",
                dimensions: { FunctionName: fn, Resource: `${fn}:live` },
            });
        }
    });

    it("the service role: CodeDeploy of this account, the boundary, no managed policy", () => {
        const role = all(T.role)[0];
        expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement).to.deep.equal([{
            Effect: "Allow", Principal: { Service: "codedeploy.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        }]);
        expect(role.inputs.permissionsBoundary).to.equal(BOUNDARY);
        expect(role.inputs).to.not.have.property("managedPolicyArns");
        expect(all("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.deep.equal([]);
    });

    it("the service role may shift these functions' aliases and read their alarms, nothing else (simulated)", async () => {
        const policy = JSON.parse(all(T.rolePolicy)[0].inputs.policy as string);
        const decide = (action: string, resource: string) => simulateWorkload({ accountId: ACCOUNT, policy }, action, resource);
        for (const action of ["lambda:UpdateAlias", "lambda:GetAlias", "lambda:GetFunction"]) {
            expect(await decide(action, fnArn("validate-order")), action).to.equal("Allowed");
            expect(await decide(action, `${fnArn("validate-order")}:live`), action).to.equal("Allowed");
            expect(await decide(action, fnArn("refund-payment")), action).to.equal("ImplicitlyDenied");
        }
        // CodeDeploy invokes lifecycle hooks only (none here), never the function it shifts.
        expect(await decide("lambda:InvokeFunction", fnArn("validate-order"))).to.equal("ImplicitlyDenied");
        expect(await decide("lambda:InvokeFunction", `${fnArn("validate-order")}:live`)).to.equal("ImplicitlyDenied");
        expect(await decide("lambda:UpdateFunctionCode", fnArn("validate-order"))).to.equal("ImplicitlyDenied");
        expect(await decide("cloudwatch:DescribeAlarms", `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:shop-dev-validate-order-live-errors`)).to.equal("Allowed");
        expect(await decide("cloudwatch:DescribeAlarms", `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:other`)).to.equal("ImplicitlyDenied");
        expect(JSON.stringify(policy)).to.not.include("\"*\"");
    });

    it("AllAtOnce (dev) uses CodeDeployDefault.LambdaAllAtOnce, and the threshold is configurable", async () => {
        const r = await record(args({ deploymentConfig: "AllAtOnce", errorThreshold: 3, evaluationPeriods: 2 }));
        expect(r.resources.filter((x) => x.type === T.group)).to.have.length(2);
        expect(r.resources.filter((x) => x.type === T.alarm)).to.have.length(2);
        for (const g of r.resources.filter((x) => x.type === T.group)) expect(g.inputs.deploymentConfigName).to.equal("CodeDeployDefault.LambdaAllAtOnce");
        for (const a of r.resources.filter((x) => x.type === T.alarm)) expect(a.inputs).to.deep.include({ threshold: 3, evaluationPeriods: 2 });
    });

    it("outputs the application's name and each group's name by key", () => {
        expect(rec.outputs).to.deep.equal({});
        const component = all(T.component)[0];
        expect(component.outputs).to.deep.include({ applicationName: "shop-dev-functions" });
        expect(component.outputs.groupNames).to.deep.equal({ "validate-order": "shop-dev-validate-order", "payment-webhook": "shop-dev-payment-webhook" });
    });

    describe("validation (before any resource is registered)", () => {
        it("accepts the example", () => expect(problems(args())).to.deep.equal([]));
        it("names every bad argument with its value and what is allowed", () => {
            expect(problems(args({
                applicationName: "shop dev", deploymentConfig: "Canary50Percent" as never, permissionsBoundaryArn: "", errorThreshold: 0,
                functions: { "Validate": { functionName: "bad name", functionArn: `${fnArn("x")}:live`, aliasName: "123" } },
            }))).to.deep.equal([
                "applicationName: 'shop dev' is not allowed; expected 1-100 letters, digits, '.', '_', '+' or '-'",
                "functions.Validate: 'Validate' is not allowed; expected a key of lowercase letters, digits or '-', starting with a letter",
                "functions.Validate.functionName: 'bad name' is not allowed; expected 1-64 letters, digits, '-' or '_'",
                `functions.Validate.functionArn: '${fnArn("x")}:live' is not allowed; expected the function's unqualified ARN (arn:aws:lambda:<region>:<account>:function:<name>)`,
                "functions.Validate.aliasName: '123' is not allowed; expected an alias name: 1-128 letters, digits, '-' or '_', not only digits",
                "deploymentConfig: 'Canary50Percent' is not allowed; expected one of CodeDeploy's predefined Lambda configurations (CodeDeployDefault.Lambda<name>): "
                + "AllAtOnce, Canary10Percent5Minutes, Canary10Percent10Minutes, Canary10Percent15Minutes, Canary10Percent30Minutes, Linear10PercentEvery1Minute, "
                + "Linear10PercentEvery2Minutes, Linear10PercentEvery3Minutes, Linear10PercentEvery10Minutes",
                "permissionsBoundaryArn: '' is not allowed; the CodeDeploy service role carries the platform's permissions boundary",
                "errorThreshold: '0' is not allowed; expected a whole number from 1 to 1000",
            ]);
            expect(problems(args({ functions: {} }))).to.deep.equal(["functions: '{}' is not allowed; expected at least one function { functionName, functionArn } by key"]);
        });
        it("registers nothing when the arguments are wrong", async () => {
            let error: unknown;
            const r = await recordProgram(() => {
                try { new FunctionDeployments("bad", args({ deploymentConfig: "Fast" as never })); } catch (e) { error = e; }
            }, { project: "test", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect(r.resources.filter((x) => x.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
        });
    });
});
