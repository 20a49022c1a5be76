/**
 * CodeDeploy canaries of the fulfilment functions in the composed prod plan (planned once, read by every test here):
 * one group per function with the stack's strategy (Canary10Percent5Minutes in prod, AllAtOnce in dev), rolled back
 * on its own alias's errors; every caller invokes the `live` alias CodeDeploy shifts, never $LATEST.
 */
import { expect } from "chai";
import { FUNCTION_NAMES, TASK_FUNCTIONS } from "../apps/functions/contract";
import { taskResources } from "../components/integration/fulfilment-definition";
import { Recording } from "../tools/plan/recorder";
import { plannedStack } from "../tools/testing/stack-plans";
import { stackConfig } from "../tools/testing/stacks";
import { parsePlatformConfig } from "./config";

const ACCOUNT = "123456789012";
const P = "ecommerce-platform-prod";

describe("stacks: function deployments (CodeDeploy) in the prod plan", function () {
    this.timeout(180000);
    let rec: Recording;
    let region: string;
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const aliasArn = (fn: string) => `arn:aws:lambda:${region}:${ACCOUNT}:function:${P}-${fn}:live`;
    before(async () => {
        rec = await plannedStack("prod");
        region = stackConfig("prod")["aws:region"];
    });

    it("has one Lambda application under the integration layer, and one group per function", () => {
        const apps = of("aws:codedeploy/application:Application");
        expect(apps.map((a) => a.inputs)).to.deep.equal([{ name: `${P}-functions`, computePlatform: "Lambda", tags: apps[0].inputs.tags }]);
        const component = of("platform:delivery:FunctionDeployments")[0];
        const layer = rec.resources.find((r) => r.urn === component.parent)!;
        expect(layer.type).to.equal("platform:integration:IntegrationLayer");
        const groups = of("aws:codedeploy/deploymentGroup:DeploymentGroup");
        expect(groups.map((g) => g.inputs.deploymentGroupName).sort()).to.deep.equal(FUNCTION_NAMES.map((n) => `${P}-${n}`).sort());
    });

    it("shifts prod by a 10% canary for 5 minutes, dev all at once (the functionDeployment key)", () => {
        for (const g of of("aws:codedeploy/deploymentGroup:DeploymentGroup")) {
            expect(g.inputs.deploymentConfigName).to.equal("CodeDeployDefault.LambdaCanary10Percent5Minutes");
        }
        expect(parsePlatformConfig(stackConfig("prod"), "prod").integration.functionDeployment).to.equal("Canary10Percent5Minutes");
        expect(parsePlatformConfig(stackConfig("dev"), "dev").integration.functionDeployment).to.equal("AllAtOnce");
    });

    it("rolls each group back on failure and on its alarm, and the alarm is on that function's alias errors", () => {
        const alarms = of("aws:cloudwatch/metricAlarm:MetricAlarm");
        for (const g of of("aws:codedeploy/deploymentGroup:DeploymentGroup")) {
            const fn = g.inputs.deploymentGroupName as string;
            expect(g.inputs.autoRollbackConfiguration).to.deep.equal({ enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] });
            const config = g.inputs.alarmConfiguration as { enabled: boolean; alarms: string[] };
            expect(config.enabled).to.equal(true);
            expect(config.alarms).to.have.length(1);
            const alarm = alarms.find((a) => a.inputs.name === config.alarms[0])!;
            expect(alarm.inputs).to.deep.include({ namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: fn, Resource: `${fn}:live` } });
        }
    });

    it("the service role is CodeDeploy's, under the workload boundary, and scoped to the functions", () => {
        const role = of("aws:iam/role:Role").find((r) => r.name === `${P}-functions-codedeploy`)!;
        const boundary = of("aws:iam/policy:Policy").find((r) => r.name.endsWith("-workload-boundary"))!;
        expect(role.propertyDependencies.permissionsBoundary).to.deep.equal([boundary.urn]);
        const policy = JSON.parse(of("aws:iam/rolePolicy:RolePolicy").find((r) => r.name === `${P}-functions-codedeploy`)!.inputs.policy as string);
        const lambda = policy.Statement.find((s: { Sid: string }) => s.Sid === "ShiftTheFunctionsAliases");
        expect(lambda.Resource).to.have.length(2 * FUNCTION_NAMES.length);
        expect(JSON.stringify(policy)).to.not.include("\"*\"");
    });

    it("every caller invokes the live alias: the workflow's tasks, the event source mapping, the API's integrations and permissions", () => {
        const [sm] = of("aws:sfn/stateMachine:StateMachine");
        const lambdaTasks = taskResources(JSON.parse(sm.inputs.definition as string)).filter((t) => t.resource.includes(":lambda:"));
        expect([...new Set(lambdaTasks.map((t) => t.target))].sort()).to.deep.equal(TASK_FUNCTIONS.map(aliasArn).sort());
        const smPolicy = JSON.parse(of("aws:iam/rolePolicy:RolePolicy").find((r) => r.name === `${P}-order-fulfilment`)!.inputs.policy as string);
        const invoke = smPolicy.Statement.find((s: { Sid: string }) => s.Sid === "InvokeTaskFunctions");
        expect([...invoke.Resource].sort()).to.deep.equal(TASK_FUNCTIONS.map(aliasArn).sort());
        expect(of("aws:lambda/eventSourceMapping:EventSourceMapping").map((e) => e.inputs.functionName)).to.deep.equal([aliasArn("archive-order-events")]);
        const uris = of("aws:apigateway/integration:Integration").map((i) => String(i.inputs.uri));
        for (const partner of ["payment", "shipping"]) expect(uris.some((u) => u.includes(`${aliasArn(`${partner}-webhook`)}/invocations`)), partner).to.equal(true);
        const permissions = of("aws:lambda/permission:Permission").filter((p) => String(p.inputs.function).includes(`${P}-`));
        expect(permissions.length).to.be.at.least(2);
        for (const p of permissions) expect(p.inputs.qualifier, p.name).to.equal("live");
        for (const a of of("aws:lambda/alias:Alias")) expect(a.options.ignoreChanges).to.have.members(["functionVersion", "routingConfig"]);
        expect(of("aws:lambda/alias:Alias")).to.have.length(FUNCTION_NAMES.length);
    });

    it("outputs the application and each function's group", () => {
        expect(rec.outputs.functionDeployments).to.deep.equal({
            applicationName: `${P}-functions`,
            groupNames: Object.fromEntries(FUNCTION_NAMES.map((n) => [n, `${P}-${n}`])),
        });
    });
});
