/**
 * Topic (`platform:integration:Topic`): an SNS topic encrypted with the events domain's customer-managed key, whose
 * resource policy refuses publishes without TLS and lets only this account's principals publish (each still needs an
 * IAM grant: the compute layer's needs policy gives it), with SQS queues subscribed through `subscribe`.
 *
 * Subscriptions deliver the raw message (no SNS envelope) and may filter on message attributes. The queue must let
 * the topic send to it (`snsTopicArns` of its Queue) and the events key must let SNS use it (the `sns` service
 * principal of the `events` key domain), or SNS drops the messages.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { TopicReference } from "../compute/needs-policy";
import { checkKeyArn } from "../data/checks";
import { ArgsChecker, componentContext, policyJson, Statement, Tags } from "../shared";
import { Queue } from "./queue";

/** SNS's limits on a subscription filter policy: attribute keys, and value combinations (product of the lists' lengths). */
export const FILTER_POLICY_LIMITS = { keys: 5, combinations: 150 } as const;
/** A topic name SNS accepts (standard topics). */
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
/** A subscription's resource name. */
const SUBSCRIPTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export interface TopicArgs {
    /** The topic's physical name: 1-256 letters, digits, '-' or '_', unique in the account and region. */
    topicName: string;
    /** The events domain's customer-managed KMS key (never an AWS-managed key). */
    kmsKeyArn: pulumi.Input<string>;
    /** Pulumi `protect` on the topic. Defaults to false (dev). */
    protect?: boolean;
    /** Tags merged into the topic's. */
    tags?: Tags;
}

/** Message attribute name -> the values a subscription accepts (any of them). */
export type FilterPolicy = Record<string, string[]>;

export class Topic extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    /**
     * The topic's ARN, computed from the stack's partition, region and account and the topic's name: the same value
     * the topic gets, known before it exists (so queue policies naming it can be checked in a first preview).
     */
    readonly arn: pulumi.Output<string>;
    /** The topic's name. */
    readonly name: pulumi.Output<string>;
    /** What a Microservice's `topic` need resolves to. */
    readonly reference: TopicReference;
    /** The subscriptions made with subscribe, by name. */
    readonly subscriptions: Record<string, aws.sns.TopicSubscription> = {};

    constructor(name: string, args: TopicArgs, opts?: pulumi.ComponentResourceOptions) {
        validateTopicArgs(args);
        super("platform:integration:Topic", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const arn = pulumi.interpolate`arn:${ctx.partition}:sns:${ctx.region}:${ctx.accountId}:${args.topicName}`;
        this.topic = new aws.sns.Topic(name, {
            name: args.topicName,
            kmsMasterKeyId: args.kmsKeyArn,
            tags: ctx.tags({ Name: args.topicName }),
        }, { parent: this, protect: args.protect ?? false });
        new aws.sns.TopicPolicy(name, {
            arn: this.topic.arn,
            policy: policyJson(topicPolicyStatements(arn, pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:root`)),
        }, { parent: this });
        this.arn = arn;
        this.name = this.topic.name;
        this.reference = { arn: this.arn };
        this.registerOutputs({ arn: this.arn, name: this.name, reference: this.reference });
    }

    /**
     * Subscribe a queue: raw message delivery, and, when given, a filter on message attributes (a message is
     * delivered when, for every attribute of the filter, its value is one of the listed ones). `name` is the
     * subscription's resource name, unique in the stack. The queue must list this topic in its `snsTopicArns`.
     */
    subscribe(name: string, queue: Queue, filterPolicy?: FilterPolicy): aws.sns.TopicSubscription {
        validateSubscription(name, queue, filterPolicy, this.subscriptions);
        const subscription = new aws.sns.TopicSubscription(name, {
            topic: this.topic.arn,
            protocol: "sqs",
            endpoint: queue.arn,
            rawMessageDelivery: true,
            ...(filterPolicy ? { filterPolicy: JSON.stringify(filterPolicy), filterPolicyScope: "MessageAttributes" } : {}),
        }, { parent: this, dependsOn: [queue] });
        this.subscriptions[name] = subscription;
        return subscription;
    }
}

/** A topic's resource policy: deny publishes without TLS; let this account's principals publish. Pure. */
export function topicPolicyStatements(arn: pulumi.Input<string>, accountRoot: pulumi.Input<string>): Statement[] {
    return [{
        Sid: "DenyPublishWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    }, {
        Sid: "AccountPublishes",
        Effect: "Allow",
        Principal: { AWS: accountRoot },
        Action: "sns:Publish",
        Resource: arn,
    }];
}

/** Validate TopicArgs; throws ComponentArgsError listing every problem. */
export function validateTopicArgs(args: TopicArgs): void {
    const check = new ArgsChecker("Topic");
    check.require(typeof args.topicName === "string" && TOPIC_NAME.test(args.topicName), "topicName", args.topicName,
        "expected 1-256 letters, digits, '-' or '_'");
    checkKeyArn(check, "kmsKeyArn", args.kmsKeyArn);
    check.done();
}

function validateSubscription(name: string, queue: unknown, filterPolicy: unknown, existing: Record<string, unknown>): void {
    const check = new ArgsChecker("Topic.subscribe");
    check.require(typeof name === "string" && SUBSCRIPTION_NAME.test(name), "name", name,
        "expected 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit");
    check.require(!(name in existing), "name", name, "this topic already has a subscription of that name");
    check.require(queue instanceof Queue, "queue", queue instanceof pulumi.Resource ? "(another resource)" : queue,
        "expected a Queue component");
    if (filterPolicy !== undefined) {
        const entries = filterPolicy && typeof filterPolicy === "object" && !Array.isArray(filterPolicy)
            ? Object.entries(filterPolicy as Record<string, unknown>) : undefined;
        if (!entries || entries.length === 0) {
            check.require(false, "filterPolicy", filterPolicy, "expected attribute names, each with the values to accept");
        } else {
            check.require(entries.length <= FILTER_POLICY_LIMITS.keys, "filterPolicy", `${entries.length} attributes`,
                `at most ${FILTER_POLICY_LIMITS.keys} (SNS's limit)`);
            let combinations = 1;
            for (const [attribute, values] of entries) {
                const ok = Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === "string");
                check.require(ok, `filterPolicy.${attribute}`, values, "expected a non-empty list of string values");
                if (ok) combinations *= values.length;
            }
            check.require(combinations <= FILTER_POLICY_LIMITS.combinations, "filterPolicy", `${combinations} value combinations`,
                `at most ${FILTER_POLICY_LIMITS.combinations} (SNS's limit: the product of the value lists' lengths)`);
        }
    }
    check.done();
}
