/**
 * The AWS policy pack, with the repository's waivers file, over a small program of LambdaFunctions as the fulfilment
 * flow uses them, on the security layer's keys and workload boundary: a Step Functions task (validate-order: a table
 * and its key, nothing to invoke it), a partner webhook behind API Gateway that reads its signing secret and completes
 * task tokens (payment-webhook), an SQS consumer writing to the data lake (archive-order-events, from the Queue
 * order-analytics), and an asynchronously invoked function with a failure queue (an EventBridge schedule). Dev and
 * prod, each as a first `pulumi preview` and as `pulumi up`.
 *
 * The pack finds nothing, mandatory or advisory. The webhook's Resource "*" for states:SendTaskSuccess /
 * SendTaskFailure / SendTaskHeartbeat passes iam-no-service-wildcards: those actions have no resource-level permissions
 * (the task token is the capability; a statement naming a state machine ARN never matches them: see the IAM simulation
 * in function.test.ts) and the rule allow-lists them. In a first preview the
 * roles' policies name keys whose ARNs are not known yet, so the identity-policy rules are deferred there (and run at
 * `pulumi up`).
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { awsPackRunsByStack, packTestStack, PackTestStack } from "../../tools/testing/pack-programs";
import { PackRun } from "../../tools/testing/policies";
import { LambdaFunction } from "./function";
import { Queue } from "./queue";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const PROJECT = "ecommerce-platform";

function program(stack: PackTestStack) {
    const { prod, prefix, security } = packTestStack(stack);
    const events = security.keyArn("events");
    const analytics = new Queue(`${prefix}-order-analytics`, { queueName: `${prefix}-order-analytics`, kmsKeyArn: events, protect: prod, visibilityTimeoutSeconds: 180 });
    const failures = new Queue(`${prefix}-fn-failures`, { queueName: `${prefix}-fn-failures`, kmsKeyArn: events, protect: prod });
    const table = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${prefix}-workflow`;
    const secret = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${prefix}/payment-partner-AbCdEf`;
    const code = new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") });
    const common = {
        code, kmsKeyArn: events, logsKmsKeyArn: security.keyArn("logs"), logRetentionDays: prod ? 365 : 30,
        permissionsBoundaryArn: security.workloadBoundary.arn, tags: { Environment: stack },
    };
    const workflowPlatform = {
        tables: { workflow: { arn: table, name: `${prefix}-workflow` } },
        keys: { carts: { arn: security.keyArn("carts"), viaServices: ["dynamodb"] } },
    };
    const workflowNeeds = [{ kind: "table" as const, name: "workflow", access: "read-write" as const }, { kind: "key" as const, domain: "carts" }];

    new LambdaFunction(`${prefix}-validate-order`, {
        ...common, functionName: `${prefix}-validate-order`, reservedConcurrentExecutions: 10,
        environment: { WORKFLOW_TABLE: `${prefix}-workflow`, LOG_LEVEL: "info" }, needs: workflowNeeds, platform: workflowPlatform,
    });
    new LambdaFunction(`${prefix}-payment-webhook`, {
        ...common, functionName: `${prefix}-payment-webhook`, reservedConcurrentExecutions: 5,
        environment: { WORKFLOW_TABLE: `${prefix}-workflow`, PARTNER_SECRET_ARN: secret, LOG_LEVEL: "info" },
        needs: workflowNeeds, platform: workflowPlatform,
        secrets: [{ arn: secret, keyArn: security.keyArn("secrets") }], taskCallbacks: true,
        invokers: [{ principal: "apigateway.amazonaws.com", sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5/*/POST/webhooks/payment` }],
    });
    new LambdaFunction(`${prefix}-archive-order-events`, {
        ...common, functionName: `${prefix}-archive-order-events`, reservedConcurrentExecutions: 4, timeoutSeconds: 30,
        environment: { DATA_LAKE_BUCKET: `${prefix}-data-lake`, RAW_PREFIX: "raw/order-events/", LOG_LEVEL: "info" },
        needs: [{ kind: "bucket", name: "data-lake", access: "read-write", prefix: "raw/order-events/" }, { kind: "key", domain: "assets" }],
        platform: {
            buckets: { "data-lake": { arn: `arn:aws:s3:::${prefix}-data-lake`, name: `${prefix}-data-lake` } },
            keys: { assets: { arn: security.keyArn("assets"), viaServices: ["s3", "glue"] } },
        },
        eventSource: { queueArn: analytics.arn, batchSize: 50, maximumBatchingWindowSeconds: 10 },
    });
    new LambdaFunction(`${prefix}-nightly-report`, {
        ...common, functionName: `${prefix}-nightly-report`, reservedConcurrentExecutions: 1,
        invokers: [{ principal: "events.amazonaws.com", sourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${prefix}-nightly` }],
        asyncFailure: { queueArn: failures.arn },
    });
}

describe("integration: the AWS pack over LambdaFunctions (task, webhook, SQS consumer, async), with the repository's waivers", function () {
    this.timeout(120000);
    let results: Record<string, PackRun>;

    before(async () => {
        results = await awsPackRunsByStack(program);
    });

    const FUNCTIONS = ["validate-order", "payment-webhook", "nightly-report", "archive-order-events"];
    const IDENTITY_RULES = ["iam-no-admin-wildcard", "iam-no-service-wildcards", "iam-sensitive-actions-scoped"];

    for (const stack of ["dev", "prod"] as const) {
        const prefix = `${PROJECT}-${stack}`;
        for (const phase of ["preview", "up"] as const) {
            const key = `${stack} ${phase}`;
            it(`records four functions, each with its role, one inline policy and log group, one mapping, one invoke config, two permissions (${key})`, () => {
                expect(results[key].counts).to.deep.include({
                    "platform:integration:LambdaFunction": 4, "aws:lambda/function:Function": 4, "aws:iam/role:Role": 4, "aws:iam/rolePolicy:RolePolicy": 4,
                    "aws:cloudwatch/logGroup:LogGroup": 4, "aws:lambda/eventSourceMapping:EventSourceMapping": 1,
                    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": 1, "aws:lambda/permission:Permission": 2,
                });
                expect(results[key].counts).not.to.have.property("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
            });
            it(`finds no mandatory violation and waives nothing (${key})`, () => {
                expect(results[key].mandatory).to.deep.equal([]);
                expect(results[key].waived).to.deep.equal([]);
            });
            if (phase === "up") {
                it(`finds no advisory violation: the task callbacks on Resource "*" are allow-listed (${key})`, () => {
                    expect(results[key].advisory).to.deep.equal([]);
                });
                it(`defers no check (${key})`, () => {
                    expect(results[key].deferred).to.deep.equal([]);
                });
            } else {
                // A first preview does not know the keys' ARNs, so the roles' policies (which name them) are unknown: the
                // CLI reports those checks as "can't run policy during preview"; `pulumi up` runs them (above).
                it(`finds no advisory violation, and defers exactly the identity-policy rules on the four role policies (${key})`, () => {
                    expect(results[key].advisory).to.deep.equal([]);
                    expect([...results[key].deferred].sort()).to.deep.equal(
                        IDENTITY_RULES.flatMap((rule) => FUNCTIONS.map((f) => `${rule} ${prefix}-${f}`)).sort());
                });
            }
        }
    }
});
