/**
 * IntegrationLayer on its own, with prod's config from the real stack files: the order events' topology, the
 * functions (each shipping the bundle its tests exercised, with exactly the contract's environment), how the workflow,
 * the partner API and the analytics consumer are wired to them, the partners' secrets, the references it hands the
 * compute layer, and protection.
 */
import { expect } from "chai";
import { bundleFunction } from "../../apps/functions/bundle";
import { ENV, FUNCTION_ENV, FUNCTION_NAMES, TASK_FUNCTIONS } from "../../apps/functions/contract";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import { stackConfig } from "../../tools/testing/stacks";
import { parsePlatformConfig } from "../../stacks/config";
import { taskResources } from "./fulfilment-definition";
import { IntegrationLayer, NOTIFIED_STATUSES, ORDER_STATUSES } from "./layer";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const key = (n: number) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/66666666-7777-4888-a999-00000000000${n}`;
const KEYS = { events: key(1), logs: key(2), carts: key(3), assets: key(4), secrets: key(5) };
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/workload-boundary`;
const P = "ecommerce-platform-prod";
const TABLE = { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${P}-workflow`, name: `${P}-workflow` };
const LAKE = { arn: `arn:aws:s3:::${P}-data-lake`, name: `${P}-data-lake` };
const T = {
    fn: "aws:lambda/function:Function",
    queue: "aws:sqs/queue:Queue",
    secret: "aws:secretsmanager/secret:Secret",
    sm: "aws:sfn/stateMachine:StateMachine",
    integration: "aws:apigateway/integration:Integration",
    esm: "aws:lambda/eventSourceMapping:EventSourceMapping",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
};

describe("integration/IntegrationLayer", function () {
    this.timeout(60000);
    let rec: Recording;
    let layer!: IntegrationLayer;
    const config = parsePlatformConfig(stackConfig("prod"), "prod");
    before(async () => {
        rec = await recordProgram(() => {
            layer = new IntegrationLayer(P, {
                config: config.integration, namePrefix: P, keys: KEYS, permissionsBoundaryArn: BOUNDARY,
                data: { workflowTable: TABLE, dataLakeBucket: LAKE }, logRetentionDays: 365, protect: true, tags: { Team: "orders" },
            });
        }, { project: "ecommerce-platform", stack: "prod", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
    });
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const fn = (name: string): PlanResource => of(T.fn).find((f) => f.inputs.name === `${P}-${name}`)!;
    const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${P}-${name}`;

    it("creates the three queues, each with its dead-letter queue, all on the events key and protected", () => {
        const queues = of(T.queue);
        expect(queues.map((q) => q.inputs.name).sort()).to.deep.equal(
            ["order-analytics", "order-analytics-dlq", "order-events", "order-events-dlq", "order-notifications", "order-notifications-dlq"].map((n) => `${P}-${n}`));
        for (const q of queues) {
            expect(q.inputs.kmsMasterKeyId, q.name).to.equal(KEYS.events);
            expect(q.options.protect, q.name).to.equal(true);
        }
        for (const q of queues.filter((x) => !String(x.inputs.name).endsWith("-dlq"))) {
            expect(JSON.parse(q.inputs.redrivePolicy as string).deadLetterTargetArn, q.name).to.equal(`arn:aws:sqs:${REGION}:${ACCOUNT}:${q.inputs.name}-dlq`);
        }
    });

    it("fans order-status out: customers hear of shipped, delivered and cancelled orders; analytics of every status", () => {
        const subs = of("aws:sns/topicSubscription:TopicSubscription");
        const filter = (queue: string) => JSON.parse(subs.find((s) => s.inputs.endpoint === `arn:aws:sqs:${REGION}:${ACCOUNT}:${P}-${queue}`)!.inputs.filterPolicy as string);
        expect(subs).to.have.length(2);
        expect(filter("order-notifications")).to.deep.equal({ status: [...NOTIFIED_STATUSES] });
        expect(filter("order-analytics")).to.deep.equal({ status: [...ORDER_STATUSES] });
        expect(of("aws:sns/topic:Topic").map((t) => [t.inputs.name, t.inputs.kmsMasterKeyId])).to.deep.equal([[`${P}-order-status`, KEYS.events]]);
    });

    it("lets only the topic send to the subscribed queues", () => {
        const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:${P}-order-status`;
        const policies = of("aws:sqs/queuePolicy:QueuePolicy").map((p) => JSON.parse(p.inputs.policy as string));
        const snsAllowed = policies.filter((d) => d.Statement.some((s: any) => s.Principal?.Service === "sns.amazonaws.com"));
        expect(snsAllowed.map((d) => d.Statement.find((s: any) => s.Principal?.Service).Resource).sort()).to.deep.equal(
            [`arn:aws:sqs:${REGION}:${ACCOUNT}:${P}-order-analytics`, `arn:aws:sqs:${REGION}:${ACCOUNT}:${P}-order-notifications`]);
        for (const d of snsAllowed) expect(d.Statement.find((s: any) => s.Principal?.Service).Condition).to.deep.equal({ ArnEquals: { "aws:SourceArn": [topicArn] } });
    });

    it("deploys every function of apps/functions as the bundle its tests exercised (the plan records the bundle's SHA-256)", () => {
        expect(of(T.fn).map((f) => f.inputs.name).sort()).to.deep.equal(FUNCTION_NAMES.map((n) => `${P}-${n}`).sort());
        for (const name of FUNCTION_NAMES) {
            expect(fn(name).inputs.code, name).to.deep.equal({ archive: ["index.js"], sha256: { "index.js": bundleFunction(name).sha256 } });
            expect(fn(name).inputs.handler, name).to.equal("index.handler");
        }
    });

    it("gives each function exactly the contract's variables (sandbox: no partner URL in prod's default config), never a secret's value", () => {
        const secretArn = (partner: string) => layer.partnerSecrets[partner as "payment"].arn;
        expect(config.integration.partnerUrls).to.deep.equal({ payment: "", shipping: "" });
        for (const name of FUNCTION_NAMES) {
            const vars = (fn(name).inputs.environment as { variables: Record<string, string> } | undefined)?.variables ?? {};
            expect(Object.keys(vars).sort(), name).to.deep.equal(FUNCTION_ENV[name].filter((v) => v !== ENV.partnerUrl).sort());
        }
        const vars = (name: string) => (fn(name).inputs.environment as { variables: Record<string, string> }).variables;
        expect(vars("validate-order")).to.deep.equal({ WORKFLOW_TABLE: TABLE.name, LOG_LEVEL: "info" });
        expect(vars("shipping-webhook").ORDER_STATUS_TOPIC_ARN).to.equal(`arn:aws:sns:${REGION}:${ACCOUNT}:${P}-order-status`);
        expect(vars("archive-order-events")).to.deep.equal({ DATA_LAKE_BUCKET: LAKE.name, RAW_PREFIX: "raw/order-events/", LOG_LEVEL: "info" });
        expect(vars("payment-webhook").PARTNER_SECRET_ARN).to.match(/^arn:aws:secretsmanager:.*:secret:ecommerce-platform-prod\/partners\/payment\/signing-key-/);
        expect(secretArn("payment")).to.not.equal(undefined);
    });

    it("reserves each function's concurrency from functionConcurrency (prod: tasks, webhooks, archive)", () => {
        const c = config.integration.functionConcurrency;
        expect(fn("validate-order").inputs.reservedConcurrentExecutions).to.equal(c.tasks);
        expect(fn("take-payment").inputs.reservedConcurrentExecutions).to.equal(c.tasks);
        expect(fn("payment-webhook").inputs.reservedConcurrentExecutions).to.equal(c.webhooks);
        expect(fn("archive-order-events").inputs.reservedConcurrentExecutions).to.equal(c.archive);
    });

    it("grants each function only what it uses: the table to the tasks, the topic to shipping-webhook, the raw prefix to the archive", () => {
        const statements = (name: string) => (JSON.parse(of(T.rolePolicy).find((r) => r.name === `${P}-${name}`)!.inputs.policy as string).Statement as any[]);
        const resources = (name: string) => statements(name).flatMap((s) => [].concat(s.Resource));
        expect(resources("validate-order")).to.include(TABLE.arn);
        expect(resources("validate-order").some((r: string) => r.includes(":secret:"))).to.equal(false);
        expect(resources("take-payment").some((r: string) => r.includes(":secret:ecommerce-platform-prod/partners/payment/"))).to.equal(true);
        expect(resources("take-payment").some((r: string) => r.includes("/partners/shipping/"))).to.equal(false);
        expect(resources("shipping-webhook")).to.include(`arn:aws:sns:${REGION}:${ACCOUNT}:${P}-order-status`);
        expect(resources("payment-webhook")).to.not.include(`arn:aws:sns:${REGION}:${ACCOUNT}:${P}-order-status`);
        expect(resources("archive-order-events")).to.include(`${LAKE.arn}/raw/order-events/*`);
        expect(resources("archive-order-events")).to.not.include(TABLE.arn);
        expect(statements("payment-webhook").some((s) => [].concat(s.Action).includes("states:SendTaskSuccess" as never))).to.equal(true);
        expect(statements("take-payment").some((s) => [].concat(s.Action).includes("states:SendTaskSuccess" as never))).to.equal(true);
        expect(statements("reserve-stock").some((s) => [].concat(s.Action).includes("states:SendTaskSuccess" as never))).to.equal(false);
    });

    it("starts the workflow's tasks on exactly the task functions' live aliases, and the analytics consumer (its alias) on the analytics queue", () => {
        const sm = of(T.sm);
        expect(sm).to.have.length(1);
        const tasks = taskResources(JSON.parse(sm[0].inputs.definition as string));
        const invoked = new Set(tasks.filter((t) => t.resource.includes(":lambda:")).map((t) => t.target));
        expect([...invoked].sort()).to.deep.equal(TASK_FUNCTIONS.map((n) => `${fnArn(n)}:live`).sort());
        const esm = of(T.esm);
        expect(esm.map((e) => [e.inputs.eventSourceArn, e.inputs.functionName])).to.deep.equal([[`arn:aws:sqs:${REGION}:${ACCOUNT}:${P}-order-analytics`, `${fnArn("archive-order-events")}:live`]]);
    });

    it("routes the partners' webhooks to their functions' live aliases, and permits API Gateway on the alias only", () => {
        const uris = of(T.integration).map((i) => String(i.inputs.uri));
        expect(uris).to.have.length(2);
        for (const partner of ["payment", "shipping"]) {
            expect(uris.some((u) => u.includes(`${fnArn(`${partner}-webhook`)}:live/invocations`)), partner).to.equal(true);
        }
        const permissions = of("aws:lambda/permission:Permission").filter((p) => p.inputs.principal === "apigateway.amazonaws.com");
        expect(permissions).to.have.length(2);
        for (const p of permissions) expect(p.inputs.qualifier).to.equal("live");
    });

    it("keeps the partners' signing keys in Secrets Manager under the secrets key, protected, without a value in the program", () => {
        const secrets = of(T.secret);
        expect(secrets.map((s) => s.inputs.name).sort()).to.deep.equal([`${P}/partners/payment/signing-key`, `${P}/partners/shipping/signing-key`]);
        for (const s of secrets) {
            expect(s.inputs.kmsKeyId).to.equal(KEYS.secrets);
            expect(s.options.protect).to.equal(true);
        }
        expect(of("aws:secretsmanager/secretVersion:SecretVersion")).to.have.length(0);
    });

    it("hands the compute layer its queues and topic by need name, and the events key with its services", () => {
        expect(Object.keys(layer.references.queues!)).to.deep.equal(["order-events", "order-notifications", "order-analytics"]);
        expect(Object.keys(layer.references.topics!)).to.deep.equal(["order-status"]);
        expect(layer.references.keys).to.deep.equal({ events: { arn: KEYS.events, viaServices: ["sqs", "sns", "states", "lambda", "pipes"] } });
    });
});
