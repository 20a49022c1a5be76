/**
 * IntegrationLayer (`platform:integration:IntegrationLayer`): the integration layer of the platform. Today its events:
 *
 * - `order-events`: the SQS queue the orders service sends each new order to (the orders image's `sqs` messaging
 *   provider), the fulfilment workflow's input;
 * - `order-status`: the SNS topic order status changes are published to, fanning out with filter policies on the
 *   `status` message attribute to `order-notifications` (what a customer is told: shipped, delivered, cancelled) and
 *   `order-analytics` (every status, for the data lake);
 *
 * every queue with its dead-letter queue and redrive, all on the `events` domain key, with TLS-only policies that name
 * their publishers. It takes from the other layers only the `events` key, and hands the compute layer the references
 * the apps' needs resolve to (queues, topics and the events key by name).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformReferences } from "../compute";
import { keyViaServices } from "../security/key-domains";
import { Tags } from "../shared";
import { Queue } from "./queue";
import { Topic } from "./topic";

/** The order statuses the orders domain publishes (the `status` message attribute of order-status). */
export const ORDER_STATUSES = ["created", "paid", "shipped", "delivered", "cancelled"] as const;
/** The statuses a customer is notified of. */
export const NOTIFIED_STATUSES = ["shipped", "delivered", "cancelled"] as const;

export interface IntegrationLayerArgs {
    /** Prefix of names unique per stack, `<project>-<stack>`: every queue's and topic's name starts with it. */
    namePrefix: string;
    /** From the security layer: the `events` domain key (queues and topics). */
    keys: { events: pulumi.Input<string> };
    /** Protect the queues and topics (prod): messages in flight are the shop's orders. */
    protect: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

export class IntegrationLayer extends pulumi.ComponentResource {
    /** The orders service's output, the workflow's input. */
    readonly orderEvents: Queue;
    /** Order status changes. */
    readonly orderStatus: Topic;
    /** What customers are told (subscribed to order-status: shipped, delivered, cancelled). */
    readonly orderNotifications: Queue;
    /** Every status change, for analytics (subscribed to order-status: every status). */
    readonly orderAnalytics: Queue;
    /** What the apps' needs resolve to: queues and topics by need name, the events key. */
    readonly references: PlatformReferences;

    constructor(name: string, args: IntegrationLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:integration:IntegrationLayer", name, {}, opts);
        const p = args.namePrefix;
        const parent = { parent: this };
        const common = { kmsKeyArn: args.keys.events, protect: args.protect, tags: args.tags };
        this.orderStatus = new Topic(`${p}-order-status`, { topicName: `${p}-order-status`, ...common }, parent);
        // The orders image delays each send by 10 s and the workflow starts within seconds: a minute's visibility
        // covers a consumer's retry; four days of retention cover a long outage of the workflow.
        this.orderEvents = new Queue(`${p}-order-events`, { queueName: `${p}-order-events`, visibilityTimeoutSeconds: 60, ...common }, parent);
        const fromTopic = { snsTopicArns: [this.orderStatus.arn], ...common };
        this.orderNotifications = new Queue(`${p}-order-notifications`, { queueName: `${p}-order-notifications`, ...fromTopic }, parent);
        this.orderAnalytics = new Queue(`${p}-order-analytics`, { queueName: `${p}-order-analytics`, messageRetentionDays: 14, ...fromTopic }, parent);
        this.orderStatus.subscribe(`${p}-order-notifications`, this.orderNotifications, { status: [...NOTIFIED_STATUSES] });
        this.orderStatus.subscribe(`${p}-order-analytics`, this.orderAnalytics, { status: [...ORDER_STATUSES] });

        this.references = {
            queues: {
                "order-events": this.orderEvents.reference,
                "order-notifications": this.orderNotifications.reference,
                "order-analytics": this.orderAnalytics.reference,
            },
            topics: { "order-status": this.orderStatus.reference },
            keys: { events: { arn: args.keys.events, viaServices: keyViaServices("events") } },
        };
        this.registerOutputs({});
    }
}
