/**
 * AlarmTopic (`platform:observability:AlarmTopic`): the SNS topic CloudWatch alarms notify, in one region.
 *
 * - Encrypted with a customer-managed key whose policy lets `cloudwatch.amazonaws.com` use it (GenerateDataKey*,
 *   Decrypt: the `cloudwatch` service principal of the key domain), or the alarms' notifications are dropped.
 * - Its policy lets only this account's CloudWatch alarms in the topic's region publish (aws:SourceAccount and
 *   aws:SourceArn), and refuses any request without TLS.
 * - Email subscriptions, one per address (each address confirms once, from the email SNS sends).
 *
 * An alarm's SNS action must be a topic of the alarm's region: CloudFront's alarms (us-east-1) need a topic there
 * (create the component with a us-east-1 provider).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkKeyArn } from "../data/checks";
import { ArgsChecker, componentContext, policyJson, Statement, Tags } from "../shared";
import { EMAIL_ADDRESS } from "./config";

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

export interface AlarmTopicArgs {
    /** The topic's physical name: 1-256 letters, digits, '-' or '_'. */
    topicName: string;
    /** The customer-managed KMS key (of the topic's region) whose policy admits the `cloudwatch` service principal. */
    kmsKeyArn: pulumi.Input<string>;
    /** Email addresses subscribed to the topic. Defaults to none. */
    emails?: string[];
    /**
     * Pulumi `protect` on the topic (prod). Replacing it would drop every email subscription's confirmation: on-call
     * would receive nothing until each address confirmed again. Defaults to false.
     */
    protect?: boolean;
    /** Tags merged into the topic's. */
    tags?: Tags;
}

export class AlarmTopic extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    readonly policy: aws.sns.TopicPolicy;
    readonly subscriptions: aws.sns.TopicSubscription[];
    /** The topic's ARN, computed from its name, region and account (known before the topic exists). */
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAlarmTopicArgs(args);
        super("platform:observability:AlarmTopic", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        this.arn = pulumi.interpolate`arn:${ctx.partition}:sns:${ctx.region}:${ctx.accountId}:${args.topicName}`;
        this.topic = new aws.sns.Topic(name, {
            name: args.topicName,
            kmsMasterKeyId: args.kmsKeyArn,
            tags: ctx.tags({ Name: args.topicName }),
        }, { parent: this, protect: args.protect ?? false });
        this.policy = new aws.sns.TopicPolicy(name, {
            arn: this.topic.arn,
            policy: policyJson(alarmTopicStatements(this.arn, {
                accountId: ctx.accountId,
                alarmArns: pulumi.interpolate`arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:*`,
            })),
        }, { parent: this });
        this.subscriptions = (args.emails ?? []).map((email, i) => new aws.sns.TopicSubscription(`${name}-email-${i}`, {
            topic: this.topic.arn, protocol: "email", endpoint: email,
        }, { parent: this }));
        this.registerOutputs({ arn: this.arn });
    }
}

/** The topic's policy: TLS only; publish only by this account's alarms of the topic's region. Pure. */
export function alarmTopicStatements(arn: pulumi.Input<string>, c: { accountId: pulumi.Input<string>; alarmArns: pulumi.Input<string> }): Statement[] {
    return [{
        Sid: "DenyWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    }, {
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: arn,
        Condition: { StringEquals: { "aws:SourceAccount": c.accountId }, ArnLike: { "aws:SourceArn": c.alarmArns } },
    }];
}

/** Validate AlarmTopicArgs; throws ComponentArgsError listing every problem. */
export function validateAlarmTopicArgs(args: AlarmTopicArgs): void {
    const check = new ArgsChecker("AlarmTopic");
    check.require(typeof args.topicName === "string" && TOPIC_NAME.test(args.topicName), "topicName", args.topicName,
        "expected 1-256 letters, digits, '-' or '_'");
    checkKeyArn(check, "kmsKeyArn", args.kmsKeyArn);
    for (const [i, e] of (args.emails ?? []).entries()) {
        check.require(typeof e === "string" && EMAIL_ADDRESS.test(e), `emails[${i}]`, e, "expected an email address such as oncall@example.com");
    }
    check.done();
}
