/**
 * FulfilmentWorkflow (`platform:integration:FulfilmentWorkflow`): the order-fulfilment Step Functions state machine
 * (STANDARD; definition from fulfilmentDefinition), its execution role, and the EventBridge Pipe that starts one
 * execution per order message of the order-events queue.
 *
 * The state machine is encrypted with the events key (CUSTOMER_MANAGED_KMS_KEY), traced with X-Ray, and logs every
 * event (level ALL) to `/aws/vendedlogs/states/<name>` (logs key, retention) WITHOUT execution data: the states carry
 * the order, and the order holds the customer's name and email, which must not be copied into logs (the execution
 * history, encrypted with the events key, keeps them for the executions' retention). The pack's sfn-logging-tracing
 * rule asks for execution data by default; this is the one finding the component knowingly raises.
 *
 * The execution role (trusted by states.amazonaws.com for this account and this state machine only) may invoke
 * exactly the task functions (and their qualified versions), publish to the order-status topic, use the events key
 * for the topic (through SNS) and for this state machine's own data (encryption context), set up the vended log
 * delivery and write X-Ray traces (the last two have no resource-level permissions: Resource "*").
 *
 * The pipe reads the queue one message at a time (batch size 1: one message, one execution, one delete), keeps only
 * messages whose JSON body has `order.id`, and starts the workflow FIRE_AND_FORGET (a STANDARD workflow cannot be
 * started synchronously) with the input `{"messageId": <$.messageId>, "body": <$.body>}` (apps/functions/contract.ts
 * WorkflowInput). Its role may receive, delete and read the attributes of that queue, decrypt through SQS, start this
 * state machine, and write its own log group (level ERROR, no execution data).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkKeyArn } from "../data/checks";
import { ArgsChecker, ComponentContext, componentContext, isLogRetention, LOG_RETENTION_DAYS, policyJson, serviceTrustPolicy, Statement, Tags } from "../shared";
import {
    checkFulfilmentOptions, checkFunctionArns, isQualifiedLambdaArn, FulfilmentOptions, fulfilmentDefinition, TaskFunction, TOPIC_ARN,
} from "./fulfilment-definition";
import { TASK_FUNCTIONS } from "../../apps/functions/contract";

export interface FulfilmentWorkflowArgs {
    /**
     * The state machine's and the pipe's name, such as `ecommerce-platform-dev-order-fulfilment`: 1-64 letters, digits,
     * '-' or '_' (a pipe's limit). The log groups are `/aws/vendedlogs/states/<name>` and `/aws/vendedlogs/pipes/<name>`.
     */
    stateMachineName: string;
    /**
     * The task functions' ARNs, by name (every one of TASK_FUNCTIONS, no other): each function's `live` alias ARN (the
     * role may invoke that alias only), or an unqualified ARN (the role may invoke it and its versions and aliases).
     */
    functionArns: Record<TaskFunction, pulumi.Input<string>>;
    /** The order-status SNS topic's ARN (encrypted with the events key). */
    orderStatusTopicArn: pulumi.Input<string>;
    /** The order-events SQS queue's ARN: the pipe's source. */
    orderEventsQueueArn: pulumi.Input<string>;
    /** The events domain's key: the state machine's, the queue's and the topic's encryption, and the pipe's. */
    eventsKeyArn: pulumi.Input<string>;
    /** The logs domain's key, for both log groups. */
    logsKeyArn: pulumi.Input<string>;
    /** Days the log groups keep events (a CloudWatch Logs retention value). Defaults to 30. */
    logRetentionDays?: number;
    /** The permissions boundary of both roles (the security layer's workload boundary). Required. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** The definition's timeouts (payment wait, heartbeat, task and publish timeouts). Defaults: fulfilmentDefinition's. */
    options?: FulfilmentOptions;
    /** Pulumi `protect` on the log groups (stateful). Defaults to false (dev). */
    protect?: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

/** Seconds Step Functions reuses a data key of the events key (its default; fewer KMS calls, same protection). */
export const SFN_DATA_KEY_REUSE_SECONDS = 300;
/** The pipe's input template: the contract's WorkflowInput. */
export const PIPE_INPUT_TEMPLATE = "{\"messageId\": <$.messageId>, \"body\": <$.body>}";
/** The pipe's filter: only messages whose JSON body carries `order.id` start a workflow. */
export const PIPE_FILTER_PATTERN = { body: { order: { id: [{ exists: true }] } } };
/** The actions AWS requires of a state machine's role to deliver its logs to CloudWatch Logs (no resource-level permissions). */
export const SFN_LOG_DELIVERY_ACTIONS = [
    "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries",
    "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
];
/** X-Ray's actions for a traced state machine (no resource-level permissions). */
export const XRAY_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"];

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const QUEUE_ARN = /^arn:aws(-cn|-us-gov)?:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/;
const POLICY_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:policy\/[\w+=,.@/-]+$/;
const DEFAULT_RETENTION_DAYS = 30;

export class FulfilmentWorkflow extends pulumi.ComponentResource {
    readonly stateMachine: aws.sfn.StateMachine;
    readonly role: aws.iam.Role;
    readonly pipe: aws.pipes.Pipe;
    /** The state machine's ARN (for the payment webhook's states:SendTaskSuccess/SendTaskFailure grant). */
    readonly stateMachineArn: pulumi.Output<string>;
    /** The execution role's ARN. */
    readonly roleArn: pulumi.Output<string>;
    /** The pipe's ARN. */
    readonly pipeArn: pulumi.Output<string>;
    /** The state machine's log group name. */
    readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: FulfilmentWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
        validateFulfilmentWorkflowArgs(args);
        super("platform:integration:FulfilmentWorkflow", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const protect = args.protect ?? false;
        const retentionInDays = args.logRetentionDays ?? DEFAULT_RETENTION_DAYS;
        const machineName = args.stateMachineName;
        // Known before the state machine and the pipe exist: the roles' policies name them without a cycle.
        const machineArn = pulumi.interpolate`arn:${ctx.partition}:states:${ctx.region}:${ctx.accountId}:stateMachine:${machineName}`;
        const pipeArn = pulumi.interpolate`arn:${ctx.partition}:pipes:${ctx.region}:${ctx.accountId}:pipe/${machineName}`;

        const logGroup = new aws.cloudwatch.LogGroup(name, {
            name: `/aws/vendedlogs/states/${machineName}`, kmsKeyId: args.logsKeyArn, retentionInDays,
            tags: ctx.tags({ Name: machineName }),
        }, { parent: this, protect });
        const pipeLogGroup = new aws.cloudwatch.LogGroup(`${name}-pipe`, {
            name: `/aws/vendedlogs/pipes/${machineName}`, kmsKeyId: args.logsKeyArn, retentionInDays,
            tags: ctx.tags({ Name: `${machineName}-pipe` }),
        }, { parent: this, protect });

        this.role = new aws.iam.Role(name, {
            description: `Execution role of the ${machineName} state machine`,
            assumeRolePolicy: serviceTrustPolicy("states.amazonaws.com", ctx.accountId, machineArn),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags: ctx.tags({ Name: machineName }),
        }, { parent: this });
        const rolePolicy = new aws.iam.RolePolicy(name, {
            role: this.role.id,
            policy: policyJson(executionRoleStatements(ctx, args, machineArn)),
        }, { parent: this });

        const definition = pulumi.all([pulumi.all(args.functionArns), pulumi.output(args.orderStatusTopicArn)]).apply(([functionArns, topic]) =>
            JSON.stringify(fulfilmentDefinition({ functionArns: functionArns as Record<TaskFunction, string>, orderStatusTopicArn: topic }, args.options ?? {})));
        this.stateMachine = new aws.sfn.StateMachine(name, {
            name: machineName,
            type: "STANDARD",
            roleArn: this.role.arn,
            definition,
            loggingConfiguration: {
                level: "ALL",
                // Order data holds customers' names and emails: never copied into logs.
                includeExecutionData: false,
                logDestination: pulumi.interpolate`${logGroup.arn}:*`,
            },
            tracingConfiguration: { enabled: true },
            encryptionConfiguration: {
                type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: args.eventsKeyArn, kmsDataKeyReusePeriodSeconds: SFN_DATA_KEY_REUSE_SECONDS,
            },
            tags: ctx.tags({ Name: machineName }),
            // Step Functions checks the role's log-delivery permissions when the state machine is created.
        }, { parent: this, dependsOn: [rolePolicy] });

        const pipeRole = new aws.iam.Role(`${name}-pipe`, {
            description: `Role of the ${machineName} pipe (order-events queue to the state machine)`,
            assumeRolePolicy: serviceTrustPolicy("pipes.amazonaws.com", ctx.accountId, pipeArn),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags: ctx.tags({ Name: `${machineName}-pipe` }),
        }, { parent: this });
        const pipeRolePolicy = new aws.iam.RolePolicy(`${name}-pipe`, {
            role: pipeRole.id,
            policy: policyJson(pipeRoleStatements(ctx, args, machineArn, pipeArn, pipeLogGroup.arn)),
        }, { parent: this });
        this.pipe = new aws.pipes.Pipe(name, {
            name: machineName,
            description: "Starts one order-fulfilment execution per order message",
            roleArn: pipeRole.arn,
            source: args.orderEventsQueueArn,
            sourceParameters: {
                sqsQueueParameters: { batchSize: 1 },
                filterCriteria: { filters: [{ pattern: JSON.stringify(PIPE_FILTER_PATTERN) }] },
            },
            target: this.stateMachine.arn,
            targetParameters: {
                stepFunctionStateMachineParameters: { invocationType: "FIRE_AND_FORGET" },
                inputTemplate: PIPE_INPUT_TEMPLATE,
            },
            kmsKeyIdentifier: args.eventsKeyArn,
            logConfiguration: { level: "ERROR", cloudwatchLogsLogDestination: { logGroupArn: pipeLogGroup.arn } },
            tags: ctx.tags({ Name: machineName }),
        }, { parent: this, dependsOn: [pipeRolePolicy] });

        this.stateMachineArn = this.stateMachine.arn;
        this.roleArn = this.role.arn;
        this.pipeArn = this.pipe.arn;
        this.logGroupName = logGroup.name;
        this.registerOutputs({ stateMachineArn: this.stateMachineArn, roleArn: this.roleArn, pipeArn: this.pipeArn, logGroupName: this.logGroupName });
    }
}

const viaService = (ctx: ComponentContext, service: string) => pulumi.interpolate`${service}.${ctx.region}.amazonaws.com`;

/** The execution role's statements: exact functions, the topic, the events key by route, log delivery, X-Ray. */
export function executionRoleStatements(ctx: ComponentContext, args: FulfilmentWorkflowArgs, machineArn: pulumi.Input<string>): Statement[] {
    // Exactly what the definition invokes: an alias ARN as given; an unqualified ARN with its versions and aliases.
    const functions = pulumi.all(TASK_FUNCTIONS.map((n) => pulumi.output(args.functionArns[n])))
        .apply((arns) => arns.flatMap((arn) => isQualifiedLambdaArn(arn) ? [arn] : [arn, `${arn}:*`]));
    return [
        { Sid: "InvokeTaskFunctions", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: functions },
        { Sid: "PublishOrderStatus", Effect: "Allow", Action: "sns:Publish", Resource: args.orderStatusTopicArn },
        {
            // SNS encrypts each published message with a data key of the topic's key, as the publisher.
            Sid: "EventsKeyThroughSns", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: args.eventsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaService(ctx, "sns"), "kms:CallerAccount": ctx.accountId } },
        },
        {
            // The state machine's own definition and execution history, and nothing else encrypted with the key.
            Sid: "EventsKeyForThisStateMachine", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: args.eventsKeyArn,
            Condition: { StringEquals: { "kms:EncryptionContext:aws:states:stateMachineArn": machineArn } },
        },
        { Sid: "VendedLogDelivery", Effect: "Allow", Action: SFN_LOG_DELIVERY_ACTIONS, Resource: "*" },
        { Sid: "XRayTracing", Effect: "Allow", Action: XRAY_ACTIONS, Resource: "*" },
    ];
}

/** The pipe role's statements: the queue, the key through SQS, starting this state machine, its log group. */
export function pipeRoleStatements(ctx: ComponentContext, args: FulfilmentWorkflowArgs, machineArn: pulumi.Input<string>,
    pipeArn: pulumi.Input<string>, logGroupArn: pulumi.Input<string>): Statement[] {
    return [
        {
            Sid: "ReadOrderEvents", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
            Resource: args.orderEventsQueueArn,
        },
        {
            Sid: "EventsKeyThroughSqs", Effect: "Allow", Action: "kms:Decrypt", Resource: args.eventsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaService(ctx, "sqs"), "kms:CallerAccount": ctx.accountId } },
        },
        { Sid: "StartWorkflow", Effect: "Allow", Action: "states:StartExecution", Resource: machineArn },
        {
            // Starting an execution of a state machine encrypted with a customer-managed key encrypts its input.
            Sid: "EventsKeyForTheStateMachine", Effect: "Allow", Action: "kms:GenerateDataKey", Resource: args.eventsKeyArn,
            Condition: { StringEquals: { "kms:EncryptionContext:aws:states:stateMachineArn": machineArn } },
        },
        {
            // The pipe's own configuration, encrypted with the events key (kmsKeyIdentifier).
            Sid: "EventsKeyForThisPipe", Effect: "Allow", Action: "kms:Decrypt", Resource: args.eventsKeyArn,
            Condition: { StringEquals: { "kms:EncryptionContext:aws:pipe:arn": pipeArn } },
        },
        { Sid: "WritePipeLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${logGroupArn}:*` },
    ];
}

/** Validate FulfilmentWorkflowArgs; throws ComponentArgsError listing every problem. */
export function validateFulfilmentWorkflowArgs(args: FulfilmentWorkflowArgs): void {
    const check = new ArgsChecker("FulfilmentWorkflow");
    check.require(typeof args.stateMachineName === "string" && NAME.test(args.stateMachineName), "stateMachineName", args.stateMachineName,
        "expected 1-64 letters, digits, '-' or '_' (the pipe shares the name; pipes allow 64)");
    checkFunctionArns(check, "functionArns", args.functionArns);
    const arn = (field: keyof FulfilmentWorkflowArgs, pattern: RegExp, allowed: string) => {
        const v = args[field];
        check.require(v !== undefined && v !== null && v !== "" && (typeof v !== "string" || pattern.test(v)), field, v, allowed);
    };
    arn("orderStatusTopicArn", TOPIC_ARN, "expected an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<topic>)");
    arn("orderEventsQueueArn", QUEUE_ARN, "expected an SQS queue ARN (arn:<partition>:sqs:<region>:<account>:<queue>)");
    arn("permissionsBoundaryArn", POLICY_ARN, "expected the workload boundary's managed policy ARN (arn:<partition>:iam::<account>:policy/<name>)");
    checkKeyArn(check, "eventsKeyArn", args.eventsKeyArn);
    checkKeyArn(check, "logsKeyArn", args.logsKeyArn);
    if (args.logRetentionDays !== undefined) {
        check.require(isLogRetention(args.logRetentionDays), "logRetentionDays", args.logRetentionDays,
            `expected a CloudWatch Logs retention: ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    checkFulfilmentOptions(check, args.options ?? {}, "options.");
    check.done();
}
