import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import { Queue } from "./queue";
import { FilterPolicy, Topic, TopicArgs, validateTopicArgs } from "./topic";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-00000000000a`;
const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const COMPONENT = "platform:integration:Topic";
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:shop-dev-order-status`;

function args(over: Partial<TopicArgs> = {}): TopicArgs {
    return { topicName: "shop-dev-order-status", kmsKeyArn: KEY, tags: { Team: "platform" }, ...over };
}

function record(program: () => unknown, stack = "dev"): Promise<Recording> {
    return recordProgram(program, { project: "test", stack, config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
}

/** A topic with the notifications queue subscribed on status shipped/delivered and the analytics queue unfiltered. */
async function build(a: TopicArgs, stack = "dev") {
    const rec = await record(() => {
        const t = new Topic(a.topicName, a);
        const notifications = new Queue("notifications", { queueName: "shop-notifications", kmsKeyArn: KEY, snsTopicArns: [t.arn] });
        const analytics = new Queue("analytics", { queueName: "shop-analytics", kmsKeyArn: KEY, snsTopicArns: [t.arn] });
        t.subscribe("status-to-notifications", notifications, { status: ["shipped", "delivered"] });
        t.subscribe("status-to-analytics", analytics);
        return { arn: t.arn, name: t.name, reference: t.reference, realArn: t.topic.arn, subscriptions: Object.keys(t.subscriptions) };
    }, stack);
    const one = (type: string) => {
        const found = rec.resources.filter((r) => r.type === type);
        expect(found, type).to.have.length(1);
        return found[0];
    };
    const byName = (name: string) => rec.resources.find((r) => r.name === name && r.type === SUBSCRIPTION)!;
    return {
        rec, topic: one(TOPIC), policy: one(TOPIC_POLICY), component: one(COMPONENT), byName,
        subscriptions: rec.resources.filter((r) => r.type === SUBSCRIPTION), outputs: rec.outputs as Record<string, any>,
    };
}

function problems(a: unknown): string[] {
    try {
        validateTopicArgs(a as TopicArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("integration/Topic", () => {
    describe("a topic with two queues subscribed (dev)", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(args()); });

        it("creates the topic, its policy and the subscriptions under the component", () => {
            expect(b.topic.inputs.name).to.equal("shop-dev-order-status");
            expect(b.subscriptions.map((s) => s.name).sort()).to.deep.equal(["status-to-analytics", "status-to-notifications"]);
            for (const r of [b.topic, b.policy, ...b.subscriptions]) expect(r.parent, r.name).to.equal(b.component.urn);
            expect(b.outputs.subscriptions).to.deep.equal(["status-to-notifications", "status-to-analytics"]);
        });
        it("encrypts the topic with the given key, tags it, and does not protect it in dev", () => {
            expect(b.topic.inputs.kmsMasterKeyId).to.equal(KEY);
            expect(b.topic.inputs.tags).to.deep.equal({ Team: "platform", Name: "shop-dev-order-status" });
            expect(b.topic.options.protect).to.equal(false);
        });
        it("its policy denies publishing without TLS and lets only this account's principals publish", () => {
            expect(b.policy.inputs.arn).to.equal(TOPIC_ARN);
            expect(b.policy.dependencies).to.include(b.topic.urn);
            expect(JSON.parse(b.policy.inputs.policy as string)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [{
                    Sid: "DenyPublishWithoutTls", Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: TOPIC_ARN,
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                }, {
                    Sid: "AccountPublishes", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sns:Publish", Resource: TOPIC_ARN,
                }],
            });
        });
        it("subscribes each queue by its ARN, raw, after the queue (and its policy) exists", () => {
            for (const [sub, queue, component] of [["status-to-notifications", "shop-notifications", "notifications"], ["status-to-analytics", "shop-analytics", "analytics"]]) {
                const s = b.byName(sub);
                expect(s.inputs).to.deep.include({
                    topic: TOPIC_ARN, protocol: "sqs", endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:${queue}`, rawMessageDelivery: true,
                });
                // dependsOn the Queue component: the engine waits for its children, the queue's policy among them.
                const policy = b.rec.resources.find((r) => r.type === "aws:sqs/queuePolicy:QueuePolicy" && r.name === component)!;
                expect(s.dependencies, sub).to.include(policy.urn);
            }
        });
        it("filters on message attributes when a filter policy is given, and not otherwise", () => {
            const filtered = b.byName("status-to-notifications");
            expect(JSON.parse(filtered.inputs.filterPolicy as string)).to.deep.equal({ status: ["shipped", "delivered"] });
            expect(filtered.inputs.filterPolicyScope).to.equal("MessageAttributes");
            const all = b.byName("status-to-analytics");
            expect(all.inputs).not.to.have.property("filterPolicy");
            expect(all.inputs).not.to.have.property("filterPolicyScope");
        });
        it("exposes the ARN (computed, equal to the topic's), the name and the same ARN as its TopicReference", () => {
            expect(b.outputs.arn).to.equal(TOPIC_ARN).and.to.equal(b.outputs.realArn);
            expect(b.outputs.name).to.equal("shop-dev-order-status");
            expect(b.outputs.reference).to.deep.equal({ arn: TOPIC_ARN });
        });
    });

    it("protects the topic when asked (prod), not its policy nor its subscriptions", async () => {
        const b = await build(args({ topicName: "shop-prod-order-status", protect: true }), "prod");
        expect(b.topic.options.protect).to.equal(true);
        expect(b.policy.options.protect).to.equal(false);
        for (const s of b.subscriptions) expect(s.options.protect, s.name).to.equal(false);
    });

    describe("validation", () => {
        it("accepts the platform's topic", () => expect(problems(args())).to.deep.equal([]));
        it("refuses a bad name and an alias for the key, naming the values", () => {
            expect(problems(args({ topicName: "orders.fifo", kmsKeyArn: "alias/aws/sns" }))).to.deep.equal([
                "topicName: 'orders.fifo' is not allowed; expected 1-256 letters, digits, '-' or '_'",
                "kmsKeyArn: 'alias/aws/sns' is not allowed; expected the ARN of a customer-managed KMS key "
                + "(arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
            ]);
        });
        it("registers nothing when the arguments are wrong", async () => {
            let error: unknown;
            const rec = await record(() => {
                try { new Topic("bad", args({ topicName: "" })); } catch (e) { error = e; }
            });
            expect((error as Error).message).to.match(/^Topic: invalid arguments:\n {2}- topicName: '' is not allowed/);
            expect(rec.resources.filter((r) => r.type === TOPIC || r.type === COMPONENT)).to.deep.equal([]);
        });

        async function subscribeErrors(subscribe: (t: Topic, q: Queue) => void): Promise<{ problems: string[]; subscriptions: PlanResource[] }> {
            let error: unknown;
            const rec = await record(() => {
                const t = new Topic("t", args());
                const q = new Queue("q", { queueName: "shop-q", kmsKeyArn: KEY });
                try { subscribe(t, q); } catch (e) { error = e; }
            });
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as Error).message).to.match(/^Topic\.subscribe: invalid arguments:/);
            return { problems: [...(error as ComponentArgsError).problems], subscriptions: rec.resources.filter((r) => r.type === SUBSCRIPTION) };
        }
        it("subscribe refuses a bad or repeated name and something that is not a Queue, creating nothing more", async () => {
            const r = await subscribeErrors((t, q) => {
                t.subscribe("ok", q);
                t.subscribe("ok", q);
            });
            expect(r.problems).to.deep.equal(["name: 'ok' is not allowed; this topic already has a subscription of that name"]);
            expect(r.subscriptions.map((s) => s.name)).to.deep.equal(["ok"]);
            const bad = await subscribeErrors((t) => t.subscribe("-x", { arn: "arn:aws:sqs:eu-west-1:123456789012:q" } as unknown as Queue));
            expect(bad.problems).to.deep.equal([
                "name: '-x' is not allowed; expected 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit",
                "queue: '{\"arn\":\"arn:aws:sqs:eu-west-1:123456789012:q\"}' is not allowed; expected a Queue component",
            ]);
            expect(bad.subscriptions).to.deep.equal([]);
        });
        it("subscribe refuses filter policies SNS refuses: empty, non-string values, more than 5 attributes or 150 combinations", async () => {
            const cases: [unknown, string[]][] = [
                [{}, ["filterPolicy: '{}' is not allowed; expected attribute names, each with the values to accept"]],
                [{ status: [], region: ["eu", 3] }, [
                    "filterPolicy.status: '[]' is not allowed; expected a non-empty list of string values",
                    "filterPolicy.region: '[\"eu\",3]' is not allowed; expected a non-empty list of string values",
                ]],
                [{ a: ["1"], b: ["1"], c: ["1"], d: ["1"], e: ["1"], f: ["1"] }, ["filterPolicy: '6 attributes' is not allowed; at most 5 (SNS's limit)"]],
                [{ a: Array.from({ length: 13 }, (_, i) => `v${i}`), b: Array.from({ length: 12 }, (_, i) => `w${i}`) }, [
                    "filterPolicy: '156 value combinations' is not allowed; at most 150 (SNS's limit: the product of the value lists' lengths)",
                ]],
            ];
            for (const [filter, expected] of cases) {
                const r = await subscribeErrors((t, q) => t.subscribe("s", q, filter as FilterPolicy));
                expect(r.problems, JSON.stringify(filter)).to.deep.equal(expected);
            }
        });
    });
});
