import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import { Queue, QueueArgs, validateQueueArgs } from "./queue";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-00000000000a`;
const QUEUE = "aws:sqs/queue:Queue";
const QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
const COMPONENT = "platform:integration:Queue";
const TOPIC_A = `arn:aws:sns:${REGION}:${ACCOUNT}:shop-dev-order-status`;
const TOPIC_B = `arn:aws:sns:${REGION}:${ACCOUNT}:shop-dev-returns`;
const arnOf = (name: string, region = REGION, partition = "aws") => `arn:${partition}:sqs:${region}:${ACCOUNT}:${name}`;
const urlOf = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;

function args(over: Partial<QueueArgs> = {}): QueueArgs {
    return { queueName: "shop-dev-order-events", kmsKeyArn: KEY, tags: { Team: "platform" }, ...over };
}

function record(program: () => unknown, stack = "dev", region = REGION): Promise<Recording> {
    return recordProgram(program, { project: "test", stack, config: { "aws:region": region }, cloud: cloudContextFor(region, ACCOUNT) });
}

async function build(a: QueueArgs, stack = "dev", region = REGION) {
    const rec = await record(() => {
        const q = new Queue(a.queueName, a);
        return { arn: q.arn, url: q.url, name: q.name, deadLetterArn: q.deadLetterArn, reference: q.reference };
    }, stack, region);
    const queues = rec.resources.filter((r) => r.type === QUEUE);
    const policies = rec.resources.filter((r) => r.type === QUEUE_POLICY);
    expect(queues.map((q) => q.name)).to.deep.equal([`${a.queueName}-dlq`, a.queueName]);
    expect(policies).to.have.length(2);
    const [dlq, main] = queues;
    const policyOf = (q: PlanResource) => {
        const found = policies.filter((p) => p.inputs.queueUrl === q.outputs.url);
        expect(found, q.name).to.have.length(1);
        return JSON.parse(found[0].inputs.policy as string);
    };
    return {
        rec, dlq, main, policies, policyOf,
        component: rec.resources.find((r) => r.type === COMPONENT)!,
        outputs: rec.outputs as Record<string, any>,
    };
}

function problems(a: unknown): string[] {
    try {
        validateQueueArgs(a as QueueArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("integration/Queue", () => {
    describe("defaults (dev), no topic", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(args()); });

        it("creates the queue and its <name>-dlq under the component, one policy each", () => {
            expect(b.main.inputs.name).to.equal("shop-dev-order-events");
            expect(b.dlq.inputs.name).to.equal("shop-dev-order-events-dlq");
            for (const r of [b.main, b.dlq, ...b.policies]) expect(r.parent, r.name).to.equal(b.component.urn);
        });
        it("encrypts both queues with the given key, reusing data keys for 300 s", () => {
            for (const q of [b.main, b.dlq]) {
                expect(q.inputs.kmsMasterKeyId, q.name).to.equal(KEY);
                expect(q.inputs.kmsDataKeyReusePeriodSeconds, q.name).to.equal(300);
                expect(q.inputs, q.name).not.to.have.property("sqsManagedSseEnabled");
            }
        });
        it("redrives to the DLQ after 5 receives, keeps messages 4 days (the DLQ 14), 30 s visibility, no delay", () => {
            expect(JSON.parse(b.main.inputs.redrivePolicy as string)).to.deep.equal({
                deadLetterTargetArn: arnOf("shop-dev-order-events-dlq"), maxReceiveCount: 5,
            });
            expect(b.main.inputs.messageRetentionSeconds).to.equal(4 * 86400);
            expect(b.main.inputs.visibilityTimeoutSeconds).to.equal(30);
            expect(b.main.inputs.delaySeconds).to.equal(0);
            expect(b.dlq.inputs.messageRetentionSeconds).to.equal(14 * 86400);
            expect(b.dlq.inputs).not.to.have.property("redrivePolicy");
        });
        it("lets only the main queue redrive into the DLQ, naming its ARN without depending on it", () => {
            expect(JSON.parse(b.dlq.inputs.redriveAllowPolicy as string)).to.deep.equal({
                redrivePermission: "byQueue", sourceQueueArns: [arnOf("shop-dev-order-events")],
            });
            expect(b.main.inputs).not.to.have.property("redriveAllowPolicy");
            expect(b.dlq.dependencies).not.to.include(b.main.urn);
            expect(b.main.dependencies).to.include(b.dlq.urn);
        });
        it("each queue's policy denies every request without TLS, and grants nothing", () => {
            for (const q of [b.main, b.dlq]) {
                expect(b.policyOf(q), q.name).to.deep.equal({
                    Version: "2012-10-17",
                    Statement: [{
                        Sid: "DenyWithoutTls", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: arnOf(q.name),
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    }],
                });
            }
        });
        it("is not protected in dev, and tags both queues with their Name", () => {
            for (const q of [b.main, b.dlq]) {
                expect(q.options.protect, q.name).to.equal(false);
                expect(q.inputs.tags, q.name).to.deep.equal({ Team: "platform", Name: q.name });
            }
        });
        it("exposes the main queue's ARN, URL and name, the same as its QueueReference, and the DLQ's ARN", () => {
            expect(b.outputs.arn).to.equal(arnOf("shop-dev-order-events"));
            expect(b.outputs.url).to.equal(urlOf("shop-dev-order-events"));
            expect(b.outputs.name).to.equal("shop-dev-order-events");
            expect(b.outputs.reference).to.deep.equal({ arn: b.outputs.arn, url: b.outputs.url, name: b.outputs.name });
            expect(b.outputs.deadLetterArn).to.equal(arnOf("shop-dev-order-events-dlq"));
        });
    });

    describe("prod, subscribed by two topics, tuned", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => {
            b = await build(args({
                queueName: "shop-prod-order-events", protect: true, snsTopicArns: [TOPIC_A, TOPIC_B],
                maxReceiveCount: 3, visibilityTimeoutSeconds: 120, messageRetentionDays: 7, delaySeconds: 10,
            }), "prod");
        });

        it("protects both queues (policies are not stateful)", () => {
            expect(b.main.options.protect).to.equal(true);
            expect(b.dlq.options.protect).to.equal(true);
            for (const p of b.policies) expect(p.options.protect, p.name).to.equal(false);
        });
        it("applies the given receive count, visibility, retention and delay", () => {
            expect(JSON.parse(b.main.inputs.redrivePolicy as string).maxReceiveCount).to.equal(3);
            expect(b.main.inputs).to.deep.include({ visibilityTimeoutSeconds: 120, messageRetentionSeconds: 7 * 86400, delaySeconds: 10 });
            expect(b.dlq.inputs.messageRetentionSeconds).to.equal(14 * 86400);
        });
        it("lets SNS send to the main queue from exactly the given topics; the DLQ's policy grants nothing", () => {
            const statements = b.policyOf(b.main).Statement;
            expect(statements.map((s: any) => s.Sid)).to.deep.equal(["DenyWithoutTls", "SnsTopicsSend"]);
            expect(statements[1]).to.deep.equal({
                Sid: "SnsTopicsSend", Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage",
                Resource: arnOf("shop-prod-order-events"), Condition: { ArnEquals: { "aws:SourceArn": [TOPIC_A, TOPIC_B] } },
            });
            expect(b.policyOf(b.dlq).Statement.map((s: any) => s.Sid)).to.deep.equal(["DenyWithoutTls"]);
        });
    });

    it("computes the ARNs in the stack's partition (China)", async () => {
        const region = "cn-north-1";
        const b = await build(args(), "dev", region);
        expect(JSON.parse(b.dlq.inputs.redriveAllowPolicy as string).sourceQueueArns).to.deep.equal([arnOf("shop-dev-order-events", region, "aws-cn")]);
    });

    describe("validation", () => {
        it("accepts the defaults and the limits", () => {
            expect(problems(args())).to.deep.equal([]);
            expect(problems(args({ queueName: "a".repeat(76), maxReceiveCount: 1000, visibilityTimeoutSeconds: 43200, messageRetentionDays: 14, delaySeconds: 900 })))
                .to.deep.equal([]);
        });
        it("refuses a name SQS refuses or that leaves no room for -dlq, naming the value", () => {
            expect(problems(args({ queueName: "orders.fifo" }))).to.deep.equal([
                "queueName: 'orders.fifo' is not allowed; expected 1-76 letters, digits, '-' or '_' (SQS allows 80 and the dead-letter queue appends '-dlq')",
            ]);
            expect(problems(args({ queueName: "a".repeat(77) }))).to.have.length(1);
            expect(problems(args({ queueName: "" }))).to.have.length(1);
        });
        it("refuses out-of-range numbers, an alias for the key and a topic ARN that is not one", () => {
            expect(problems(args({
                maxReceiveCount: 0, visibilityTimeoutSeconds: 43201, messageRetentionDays: 15, delaySeconds: 1.5,
                kmsKeyArn: "alias/aws/sqs", snsTopicArns: [TOPIC_A, "arn:aws:sqs:eu-west-1:123456789012:q"],
            }))).to.deep.equal([
                "kmsKeyArn: 'alias/aws/sqs' is not allowed; expected the ARN of a customer-managed KMS key "
                + "(arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
                "maxReceiveCount: '0' is not allowed; expected a whole number from 1 to 1000",
                "visibilityTimeoutSeconds: '43201' is not allowed; expected a whole number from 0 to 43200",
                "messageRetentionDays: '15' is not allowed; expected a whole number from 1 to 14",
                "delaySeconds: '1.5' is not allowed; expected a whole number from 0 to 900",
                "snsTopicArns[1]: 'arn:aws:sqs:eu-west-1:123456789012:q' is not allowed; expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)",
            ]);
        });
        it("registers nothing when the arguments are wrong", async () => {
            let error: unknown;
            const rec = await record(() => {
                try { new Queue("bad", args({ queueName: "bad name" })); } catch (e) { error = e; }
            });
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as Error).message).to.match(/^Queue: invalid arguments:\n {2}- queueName: 'bad name' is not allowed/);
            expect(rec.resources.filter((r) => r.type === QUEUE || r.type === QUEUE_POLICY || r.type === COMPONENT)).to.deep.equal([]);
        });
    });
});
