/**
 * IntegrationLayer on its own: the order events' topology (the orders queue, the status topic fanning out with filter
 * policies, a dead-letter queue behind every queue), the references it hands the compute layer, and protection.
 */
import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram, Recording } from "../../tools/plan/recorder";
import { IntegrationLayer, NOTIFIED_STATUSES, ORDER_STATUSES } from "./layer";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const EVENTS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/66666666-7777-4888-a999-000000000000`;
const P = "ecommerce-platform-prod";

describe("integration/IntegrationLayer", function () {
    this.timeout(60000);
    let rec: Recording;
    let layer!: IntegrationLayer;
    before(async () => {
        rec = await recordProgram(() => {
            layer = new IntegrationLayer(P, { namePrefix: P, keys: { events: EVENTS_KEY }, protect: true, tags: { Team: "orders" } });
        }, { project: "ecommerce-platform", stack: "prod", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
    });
    const of = (type: string) => rec.resources.filter((r) => r.type === type);

    it("creates the three queues, each with its dead-letter queue, all on the events key and protected", () => {
        const queues = of("aws:sqs/queue:Queue");
        expect(queues.map((q) => q.inputs.name).sort()).to.deep.equal(
            ["order-analytics", "order-analytics-dlq", "order-events", "order-events-dlq", "order-notifications", "order-notifications-dlq"].map((n) => `${P}-${n}`));
        for (const q of queues) {
            expect(q.inputs.kmsMasterKeyId, q.name).to.equal(EVENTS_KEY);
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
        expect(of("aws:sns/topic:Topic").map((t) => [t.inputs.name, t.inputs.kmsMasterKeyId])).to.deep.equal([[`${P}-order-status`, EVENTS_KEY]]);
    });

    it("lets only the topic send to the subscribed queues, and nothing but its consumers to order-events", () => {
        const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:${P}-order-status`;
        const policies = of("aws:sqs/queuePolicy:QueuePolicy").map((p) => JSON.parse(p.inputs.policy as string));
        const snsAllowed = policies.filter((d) => d.Statement.some((s: any) => s.Principal?.Service === "sns.amazonaws.com"));
        expect(snsAllowed.map((d) => d.Statement.find((s: any) => s.Principal?.Service).Resource).sort()).to.deep.equal(
            [`arn:aws:sqs:${REGION}:${ACCOUNT}:${P}-order-analytics`, `arn:aws:sqs:${REGION}:${ACCOUNT}:${P}-order-notifications`]);
        for (const d of snsAllowed) expect(d.Statement.find((s: any) => s.Principal?.Service).Condition).to.deep.equal({ ArnEquals: { "aws:SourceArn": [topicArn] } });
    });

    it("hands the compute layer its queues and topic by need name, and the events key with its services", () => {
        expect(Object.keys(layer.references.queues!)).to.deep.equal(["order-events", "order-notifications", "order-analytics"]);
        expect(Object.keys(layer.references.topics!)).to.deep.equal(["order-status"]);
        expect(layer.references.keys).to.deep.equal({ events: { arn: EVENTS_KEY, viaServices: ["sqs", "sns", "states", "lambda"] } });
    });
});
