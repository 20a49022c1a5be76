/**
 * Queue (`platform:integration:Queue`): an SQS queue with its dead-letter queue, both encrypted with the events
 * domain's customer-managed key, each with a resource policy that refuses requests without TLS.
 *
 * The dead-letter queue `<name>-dlq` keeps failed messages 14 days (SQS's maximum) and accepts redrives from the main
 * queue only (`redriveAllowPolicy` byQueue). That policy names the main queue's ARN, computed from the partition,
 * region, account and name: taking it from the main queue resource would make the DLQ depend on the queue that
 * depends on it. The main queue moves a message to the DLQ after `maxReceiveCount` receives.
 *
 * SNS topics given in `snsTopicArns` may send to the main queue (`sqs:SendMessage` for `sns.amazonaws.com` with
 * `aws:SourceArn` equal to each topic): what a Topic subscription needs to deliver. Nothing else is granted in the
 * queue policy; producers and consumers in the account get IAM permissions (the compute layer's needs policy).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { QueueReference } from "../compute/needs-policy";
import { checkKeyArn } from "../data/checks";
import { ArgsChecker, ComponentContext, componentContext, policyJson, Statement, Tags } from "../shared";

/** SQS's limits and the platform's defaults for the settings a Queue exposes. */
export const QUEUE_LIMITS = {
    /** Receives before a message moves to the DLQ. */
    maxReceiveCount: { min: 1, max: 1000, default: 5 },
    /** Seconds a received message stays invisible to other consumers. */
    visibilityTimeoutSeconds: { min: 0, max: 43200, default: 30 },
    /** Days the main queue keeps a message (SQS: 60 s to 14 days). */
    messageRetentionDays: { min: 1, max: 14, default: 4 },
    /** Seconds every message is delayed. */
    delaySeconds: { min: 0, max: 900, default: 0 },
} as const;
/** Days the dead-letter queue keeps a message: SQS's maximum, so that a failure can be looked at after a long weekend. */
export const DEAD_LETTER_RETENTION_DAYS = 14;
/** Seconds SQS reuses a data key before asking KMS again (the default; fewer KMS calls, same protection). */
export const DATA_KEY_REUSE_SECONDS = 300;
/** A queue name SQS accepts (the DLQ appends `-dlq`, so the main queue's name may have at most 76 characters). */
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,76}$/;
/** An SNS topic ARN. */
const TOPIC_ARN = /^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

const DAY_SECONDS = 86400;

export interface QueueArgs {
    /** The main queue's physical name: 1-76 letters, digits, '-' or '_' (SQS allows 80; the DLQ appends `-dlq`). */
    queueName: string;
    /** The events domain's customer-managed KMS key, for both queues (never an AWS-managed key). */
    kmsKeyArn: pulumi.Input<string>;
    /** Receives of a message before it moves to the dead-letter queue, 1-1000. Defaults to 5. */
    maxReceiveCount?: number;
    /** Seconds a received message stays invisible to other consumers, 0-43200. Defaults to 30. */
    visibilityTimeoutSeconds?: number;
    /** Days the main queue keeps a message, 1-14. Defaults to 4 (the dead-letter queue always keeps 14). */
    messageRetentionDays?: number;
    /** Seconds every message is delayed, 0-900. Defaults to 0. */
    delaySeconds?: number;
    /** SNS topics allowed to send to the main queue (by aws:SourceArn): the topics that subscribe it. Defaults to none. */
    snsTopicArns?: pulumi.Input<string>[];
    /** Pulumi `protect` on both queues (deleting a queue loses its messages). Defaults to false (dev). */
    protect?: boolean;
    /** Tags merged into both queues'. */
    tags?: Tags;
}

export class Queue extends pulumi.ComponentResource {
    readonly queue: aws.sqs.Queue;
    readonly deadLetterQueue: aws.sqs.Queue;
    /** The main queue's ARN. */
    readonly arn: pulumi.Output<string>;
    /** The main queue's URL. */
    readonly url: pulumi.Output<string>;
    /** The main queue's name. */
    readonly name: pulumi.Output<string>;
    /** The dead-letter queue's ARN. */
    readonly deadLetterArn: pulumi.Output<string>;
    /** What a Microservice's `queue` need resolves to. */
    readonly reference: QueueReference;

    constructor(name: string, args: QueueArgs, opts?: pulumi.ComponentResourceOptions) {
        validateQueueArgs(args);
        super("platform:integration:Queue", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const protect = args.protect ?? false;
        const mainName = args.queueName;
        const dlqName = deadLetterName(mainName);
        const mainArn = queueArn(ctx, mainName);
        const dlqArn = queueArn(ctx, dlqName);
        const encryption = { kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: DATA_KEY_REUSE_SECONDS };

        this.deadLetterQueue = new aws.sqs.Queue(`${name}-dlq`, {
            name: dlqName,
            ...encryption,
            messageRetentionSeconds: DEAD_LETTER_RETENTION_DAYS * DAY_SECONDS,
            redriveAllowPolicy: pulumi.jsonStringify({ redrivePermission: "byQueue", sourceQueueArns: [mainArn] }),
            tags: ctx.tags({ Name: dlqName }),
        }, { parent: this, protect });
        this.queue = new aws.sqs.Queue(name, {
            name: mainName,
            ...encryption,
            visibilityTimeoutSeconds: args.visibilityTimeoutSeconds ?? QUEUE_LIMITS.visibilityTimeoutSeconds.default,
            messageRetentionSeconds: (args.messageRetentionDays ?? QUEUE_LIMITS.messageRetentionDays.default) * DAY_SECONDS,
            delaySeconds: args.delaySeconds ?? QUEUE_LIMITS.delaySeconds.default,
            redrivePolicy: pulumi.jsonStringify({
                deadLetterTargetArn: this.deadLetterQueue.arn,
                maxReceiveCount: args.maxReceiveCount ?? QUEUE_LIMITS.maxReceiveCount.default,
            }),
            tags: ctx.tags({ Name: mainName }),
        }, { parent: this, protect });

        new aws.sqs.QueuePolicy(`${name}-dlq`, {
            queueUrl: this.deadLetterQueue.url,
            policy: policyJson(queuePolicyStatements(dlqArn, [])),
        }, { parent: this });
        new aws.sqs.QueuePolicy(name, {
            queueUrl: this.queue.url,
            policy: policyJson(queuePolicyStatements(mainArn, args.snsTopicArns ?? [])),
        }, { parent: this });

        this.arn = this.queue.arn;
        this.url = this.queue.url;
        this.name = this.queue.name;
        this.deadLetterArn = this.deadLetterQueue.arn;
        this.reference = { arn: this.arn, url: this.url, name: this.name };
        this.registerOutputs({ arn: this.arn, url: this.url, name: this.name, deadLetterArn: this.deadLetterArn, reference: this.reference });
    }
}

/** The dead-letter queue's name for a main queue. */
export const deadLetterName = (queueName: string) => `${queueName}-dlq`;

/** A queue's ARN from the stack's partition, region and account: known before the queue exists. */
function queueArn(ctx: ComponentContext, queueName: string): pulumi.Output<string> {
    return pulumi.interpolate`arn:${ctx.partition}:sqs:${ctx.region}:${ctx.accountId}:${queueName}`;
}

/**
 * A queue's resource policy: deny every request without TLS; when topics are given, let SNS send from exactly
 * those topics. Pure (but for the Inputs it carries).
 */
export function queuePolicyStatements(arn: pulumi.Input<string>, snsTopicArns: readonly pulumi.Input<string>[]): Statement[] {
    const statements: Statement[] = [{
        Sid: "DenyWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    }];
    if (snsTopicArns.length) {
        statements.push({
            Sid: "SnsTopicsSend",
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: arn,
            Condition: { ArnEquals: { "aws:SourceArn": [...snsTopicArns] } },
        });
    }
    return statements;
}

/** Validate QueueArgs; throws ComponentArgsError listing every problem. */
export function validateQueueArgs(args: QueueArgs): void {
    const check = new ArgsChecker("Queue");
    check.require(typeof args.queueName === "string" && QUEUE_NAME.test(args.queueName), "queueName", args.queueName,
        "expected 1-76 letters, digits, '-' or '_' (SQS allows 80 and the dead-letter queue appends '-dlq')");
    checkKeyArn(check, "kmsKeyArn", args.kmsKeyArn);
    for (const field of ["maxReceiveCount", "visibilityTimeoutSeconds", "messageRetentionDays", "delaySeconds"] as const) {
        if (args[field] !== undefined) check.integer(field, args[field], QUEUE_LIMITS[field].min, QUEUE_LIMITS[field].max);
    }
    const topics = args.snsTopicArns;
    if (topics !== undefined) {
        if (!Array.isArray(topics)) {
            check.require(false, "snsTopicArns", topics, "expected a list of SNS topic ARNs");
        } else {
            topics.forEach((t, i) => check.require(typeof t !== "string" || TOPIC_ARN.test(t), `snsTopicArns[${i}]`, t,
                "expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)"));
        }
    }
    check.done();
}
