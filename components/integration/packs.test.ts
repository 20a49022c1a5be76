/**
 * The AWS policy pack, with the repository's waivers file, over a program that builds what the integration layer will
 * for order events: the security layer's keys, the topic `order-status`, the queue `order-events`, and the queues
 * `order-notifications` and `order-analytics` subscribed to the topic with filters on the `status` attribute, in a dev
 * and a prod stack, each recorded as a first `pulumi preview` and as `pulumi up`. The pack must find nothing,
 * mandatory or advisory, waive nothing, and defer nothing (the policies name ARNs known before the resources exist).
 */
import { expect } from "chai";
import { awsPackRunsByStack, packTestStack, PackTestStack } from "../../tools/testing/pack-programs";
import { PackRun } from "../../tools/testing/policies";
import { Queue } from "./queue";
import { Topic } from "./topic";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";

function program(stack: PackTestStack) {
    const { prod, prefix, security } = packTestStack(stack);
    const common = { kmsKeyArn: security.keyArn("events"), protect: prod, tags: { Environment: stack } };
    const topic = new Topic(`${prefix}-order-status`, { ...common, topicName: `${prefix}-order-status` });
    new Queue(`${prefix}-order-events`, { ...common, queueName: `${prefix}-order-events`, maxReceiveCount: 3 });
    const notifications = new Queue(`${prefix}-order-notifications`, {
        ...common, queueName: `${prefix}-order-notifications`, snsTopicArns: [topic.arn],
    });
    const analytics = new Queue(`${prefix}-order-analytics`, {
        ...common, queueName: `${prefix}-order-analytics`, snsTopicArns: [topic.arn], messageRetentionDays: 14,
    });
    topic.subscribe(`${prefix}-order-notifications`, notifications, { status: ["shipped", "delivered", "cancelled"] });
    topic.subscribe(`${prefix}-order-analytics`, analytics, { status: ["placed", "paid", "shipped", "delivered", "cancelled"] });
}

describe("integration: the AWS pack over the order-status topic and the order queues, with the repository's waivers", function () {
    this.timeout(120000);
    let results: Record<string, PackRun>;
    const eventsKeyPolicy = (key: string) => JSON.parse(results[key].resources.find((r) => r.type === "aws:kms/key:Key" && r.name.endsWith("-events"))!.inputs.policy as string);
    before(async () => {
        results = await awsPackRunsByStack(program);
    });

    for (const stack of ["dev", "prod"] as const) {
        for (const phase of ["preview", "up"] as const) {
            const key = `${stack} ${phase}`;
            it(`records one topic with its policy and two subscriptions, three queues with their DLQs and six queue policies (${key})`, () => {
                expect(results[key].counts).to.deep.include({
                    "aws:sns/topic:Topic": 1, "aws:sns/topicPolicy:TopicPolicy": 1, "aws:sns/topicSubscription:TopicSubscription": 2,
                    "aws:sqs/queue:Queue": 6, "aws:sqs/queuePolicy:QueuePolicy": 6,
                });
            });
            it(`finds no violation, mandatory or advisory, and waives nothing (${key})`, () => {
                expect(results[key].mandatory).to.deep.equal([]);
                expect(results[key].advisory).to.deep.equal([]);
                expect(results[key].waived).to.deep.equal([]);
            });
            it(`defers no check in either phase (${key})`, () => {
                expect(results[key].deferred).to.deep.equal([]);
            });
            it(`the events key lets SNS use it for this account's topics (${key})`, () => {
                const statements = (eventsKeyPolicy(key) as { Statement: { Sid: string; Condition: unknown }[] }).Statement;
                expect(statements.find((s) => s.Sid === "SnsTopics")?.Condition).to.deep.equal({
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": `arn:aws:sns:${REGION}:${ACCOUNT}:*` },
                });
            });
        }
    }
});
