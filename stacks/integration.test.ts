/**
 * The integration layer in the composed prod plan (planned once, read by every test here): the queues with their
 * DLQs, the topic and its subscriptions, the state machine started by the pipe from order-events, the functions on the
 * data layer's workflow table and data lake, the partner API behind its web ACL, and the Glue job; the AWS pack finds
 * nothing mandatory (at up here; a first preview in `npm test`'s plan step). And dev with the optional AppFlow import on: the flow, and the data-lake bucket's
 * policy admitting it.
 */
import { expect } from "chai";
import { FUNCTION_NAMES } from "../apps/functions/contract";
import { evaluatePacks } from "../tools/plan/evaluate";
import { Recording } from "../tools/plan/recorder";
import { loadAwsPackWithRepositoryWaivers } from "../tools/testing/policies";
import { plannedStack, recordStack } from "../tools/testing/stack-plans";
import { stackConfig } from "../tools/testing/stacks";

const ACCOUNT = "123456789012";

describe("stacks: the integration layer in the prod plan", function () {
    this.timeout(180000);
    let rec: Recording;
    let region: string;
    const P = "ecommerce-platform-prod";
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    before(async () => {
        rec = await plannedStack("prod");
        region = stackConfig("prod")["aws:region"];
    });

    it("has the three queues with their DLQs, the topic and its two filtered subscriptions", () => {
        const queues = of("aws:sqs/queue:Queue").map((q) => String(q.inputs.name)).filter((n) => n.startsWith(`${P}-order-`)).sort();
        expect(queues).to.deep.equal(["analytics", "analytics-dlq", "events", "events-dlq", "notifications", "notifications-dlq"].map((n) => `${P}-order-${n}`));
        // The integration layer's topics (the alarm topics are the observability layer's).
        expect(of("aws:sns/topic:Topic").map((t) => String(t.inputs.name)).filter((n) => n.startsWith(`${P}-order-`))).to.deep.equal([`${P}-order-status`]);
        const orderSubscriptions = of("aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.protocol === "sqs");
        expect(orderSubscriptions).to.have.length(2);
        expect(orderSubscriptions.every((s) => typeof s.inputs.filterPolicy === "string")).to.equal(true);
    });

    it("starts the state machine from order-events through the pipe, and runs every function of apps/functions", () => {
        const [sm] = of("aws:sfn/stateMachine:StateMachine");
        expect(sm.inputs).to.deep.include({ name: `${P}-order-fulfilment`, type: "STANDARD" });
        const [pipe] = of("aws:pipes/pipe:Pipe");
        expect(pipe.inputs.source).to.equal(`arn:aws:sqs:${region}:${ACCOUNT}:${P}-order-events`);
        expect(pipe.inputs.target).to.equal(`arn:aws:states:${region}:${ACCOUNT}:stateMachine:${P}-order-fulfilment`);
        expect(of("aws:lambda/function:Function").map((f) => f.inputs.name).sort()).to.deep.equal(FUNCTION_NAMES.map((n) => `${P}-${n}`).sort());
    });

    it("points the functions at the data layer's workflow table and data lake", () => {
        const fn = (n: string) => of("aws:lambda/function:Function").find((f) => f.inputs.name === `${P}-${n}`)!;
        const vars = (n: string) => (fn(n).inputs.environment as { variables: Record<string, string> }).variables;
        const table = of("aws:dynamodb/table:Table").find((t) => String(t.inputs.name).endsWith("-workflow"))!;
        expect(vars("validate-order").WORKFLOW_TABLE).to.equal(table.inputs.name);
        const lake = of("aws:s3/bucket:Bucket").find((b) => String(b.inputs.bucket).includes("-data-lake"))!;
        expect(vars("archive-order-events").DATA_LAKE_BUCKET).to.equal(lake.inputs.bucket);
    });

    it("associates the partner API's stage with the regional web ACL, whose logs redact the signature", () => {
        const [stage] = of("aws:apigateway/stage:Stage");
        const associations = of("aws:wafv2/webAclAssociation:WebAclAssociation");
        expect(associations.some((a) => a.dependencies.includes(stage.urn))).to.equal(true);
        const [acl] = of("aws:wafv2/webAcl:WebAcl");
        expect(acl.inputs.scope).to.equal("REGIONAL");
        const logging = of("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration")[0];
        expect(JSON.stringify(logging.inputs.redactedFields)).to.include("x-signature");
    });

    it("runs the Glue job on the data lake with its security configuration, and crawls the raw events", () => {
        const [job] = of("aws:glue/job:Job");
        expect(job.inputs.securityConfiguration).to.equal(of("aws:glue/securityConfiguration:SecurityConfiguration")[0].inputs.name);
        expect(String((job.inputs.command as { scriptLocation: string }).scriptLocation)).to.match(/^s3:\/\/ecommerce-platform-prod-data-lake[^/]*\/glue\/scripts\//);
        expect(of("aws:glue/crawler:Crawler")).to.have.length(1);
        expect(of("aws:appflow/flow:Flow")).to.have.length(0);
    });

    // A first preview is evaluated by `npm test`'s plan step (tools/plan: both phases, fails on a mandatory finding).
    it("finds nothing mandatory at up", async () => {
        const evaluation = await evaluatePacks([loadAwsPackWithRepositoryWaivers()], rec.resources);
        expect(evaluation.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy} ${v.urn}`)).to.deep.equal([]);
    });
});

describe("stacks: the optional AppFlow import (dev, appFlow set)", function () {
    this.timeout(180000);
    it("creates the flow into the data lake, and the bucket's policy admits AppFlow to that prefix only", async () => {
        const rec = await recordStack("dev", { appFlow: { connectorProfileName: "salesforce-prod", object: "Order", scheduleExpression: "rate(1days)" } });
        const flows = rec.resources.filter((r) => r.type === "aws:appflow/flow:Flow");
        expect(flows).to.have.length(1);
        const policy = rec.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name.includes("-data-lake"))!;
        const statements = JSON.parse(policy.inputs.policy as string).Statement as { Sid: string; Principal?: { Service?: string }; Resource: string }[];
        const appflow = statements.filter((s) => s.Principal?.Service === "appflow.amazonaws.com");
        expect(appflow.map((s) => s.Sid)).to.deep.equal(["AppFlowWritesRaw", "AppFlowChecksBucket"]);
        expect(appflow[0].Resource).to.match(/:::ecommerce-platform-dev-data-lake[^/]*\/raw\/ecommerce-platform-dev-salesforce-orders\/\*$/);
    });
});
