/**
 * The AWS policy pack, with the repository's waivers file, over a program that builds the fulfilment workflow as the
 * integration layer will: the security layer's keys and boundary, the order-status topic, the order-events queue, and
 * the FulfilmentWorkflow (its task functions named by ARN: they are the function helper's), in a dev and a prod stack,
 * each recorded as a first `pulumi preview` and as `pulumi up`.
 *
 * The pack finds nothing, mandatory or advisory: includeExecutionData is false on purpose (the order carries the
 * customer's name and email) and sfn-logging-tracing requires execution data only when configured to; the log-delivery
 * actions Step Functions requires for CloudWatch Logs (logs:CreateLogDelivery, ...) name no resource type, and
 * iam-no-service-wildcards allow-lists them on Resource "*". The role policies name the keys' ARNs, unknown in a first
 * preview, so their IAM checks are deferred there and run at `pulumi up`.
 */
import { expect } from "chai";
import { TASK_FUNCTIONS } from "../../apps/functions/contract";
import { awsPackRunsByStack, packTestStack, PackTestStack } from "../../tools/testing/pack-programs";
import { PackRun } from "../../tools/testing/policies";
import { TaskFunction } from "./fulfilment-definition";
import { FulfilmentWorkflow } from "./fulfilment-workflow";
import { Queue } from "./queue";
import { Topic } from "./topic";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const PROJECT = "ecommerce-platform";

function program(stack: PackTestStack) {
    const { prod, prefix, security } = packTestStack(stack);
    const common = { kmsKeyArn: security.keyArn("events"), protect: prod, tags: { Environment: stack } };
    const topic = new Topic(`${prefix}-order-status`, { ...common, topicName: `${prefix}-order-status` });
    const events = new Queue(`${prefix}-order-events`, { ...common, queueName: `${prefix}-order-events`, maxReceiveCount: 3 });
    const functionArns = Object.fromEntries(TASK_FUNCTIONS.map((n) => [n, `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${prefix}-${n}`])) as Record<TaskFunction, string>;
    new FulfilmentWorkflow(`${prefix}-order-fulfilment`, {
        stateMachineName: `${prefix}-order-fulfilment`, functionArns, orderStatusTopicArn: topic.arn, orderEventsQueueArn: events.arn,
        eventsKeyArn: security.keyArn("events"), logsKeyArn: security.keyArn("logs"), logRetentionDays: prod ? 365 : 30,
        permissionsBoundaryArn: security.workloadBoundary.arn, protect: prod, tags: { Environment: stack },
    });
}

describe("integration: the AWS pack over the fulfilment workflow, with the repository's waivers", function () {
    this.timeout(120000);
    let results: Record<string, PackRun>;

    before(async () => {
        results = await awsPackRunsByStack(program);
    });

    for (const stack of ["dev", "prod"] as const) {
        for (const phase of ["preview", "up"] as const) {
            const key = `${stack} ${phase}`;
            const prefix = `${PROJECT}-${stack}-order-fulfilment`;
            it(`records the state machine, its pipe, two roles with their policies and two log groups (${key})`, () => {
                expect(results[key].counts).to.deep.include({
                    "platform:integration:FulfilmentWorkflow": 1, "aws:sfn/stateMachine:StateMachine": 1, "aws:pipes/pipe:Pipe": 1,
                    "aws:iam/rolePolicy:RolePolicy": 2, "aws:cloudwatch/logGroup:LogGroup": 2,
                });
            });
            it(`finds no mandatory violation and waives nothing (${key})`, () => {
                expect(results[key].mandatory).to.deep.equal([]);
                expect(results[key].waived).to.deep.equal([]);
            });
            it(`finds no advisory violation (${key})`, () => {
                expect(results[key].advisory).to.deep.equal([]);
            });
            it(`defers only the IAM checks of the two role policies in a first preview (they name the keys' ARNs), none in the up phase (${key})`, () => {
                const deferred = phase === "up" ? [] : ["iam-no-admin-wildcard", "iam-no-service-wildcards", "iam-sensitive-actions-scoped"]
                    .flatMap((rule) => [`${rule} ${prefix}`, `${rule} ${prefix}-pipe`]);
                expect(results[key].deferred).to.deep.equal(deferred);
            });
        }
    }
});
