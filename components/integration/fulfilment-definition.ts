/**
 * The order-fulfilment state machine's definition (Amazon States Language, JSONPath query language), built as typed
 * data from plain ARNs: pure, so it is tested on its own and the FulfilmentWorkflow component only renders it.
 *
 * JSONPath rather than JSONata: every state only selects and places fields (Parameters, ResultSelector, ResultPath),
 * which JSONPath does without an expression language, and the handlers' shapes (apps/functions/contract.ts) are
 * already what the states pass on.
 *
 * The flow (integration-design.md):
 *   ValidateOrder -> IsDuplicate? -> AlreadyAccepted (Succeed)
 *   -> PublishCreated -> ReserveStock -> TakePayment (waits for the payment webhook's task token) -> PublishPaid
 *   -> ArrangeShipping -> OrderFulfilled (Succeed).
 * Compensation: a failure of ReserveStock, TakePayment (declined, or a failure of the invoke) -> ReleaseStock ->
 * PublishCancelled -> OrderCancelled (Fail); a failure once the payment may have been taken (PublishPaid,
 * ArrangeShipping, and TakePayment timing out: the partner may still take the payment late) -> RefundPayment ->
 * ReleaseStock -> PublishCancelled -> OrderCancelled. InvalidOrder -> OrderInvalid (Fail), never retried. A
 * compensation that fails after its retries -> CompensationFailed (Fail): an operator must finish it by hand.
 * Every Catch keeps the state (`ResultPath: "$.error"`), so the compensations still see `$.order`.
 *
 * Retries: Lambda's transient errors on every Lambda task (the invoke failed or was throttled); `States.Timeout`
 * too where the handler is idempotent (validate, reserve, release, refund, ship: conditional writes on the workflow
 * table), never on TakePayment (its timeout is the payment wait, and a second invoke would hand the partner a second
 * token); SNS publishes on `States.TaskFailed`/`States.Timeout` (a repeated status message is harmless: SNS delivers at
 * least once anyway).
 */
import { ArgsChecker } from "../shared";
import { OrderStatus, TASK_FUNCTIONS, WORKFLOW_ERRORS } from "../../apps/functions/contract";

/** A task function of the workflow (invoked by the state machine). */
export type TaskFunction = (typeof TASK_FUNCTIONS)[number];

/** The ARNs the definition names: plain strings (the component resolves its Outputs with pulumi.all). */
export interface FulfilmentRefs {
    /**
     * Each task function's ARN, by name: the `live` alias's (`arn:<partition>:lambda:<region>:<account>:function:<name>:live`,
     * what CodeDeploy shifts) or, unqualified, $LATEST.
     */
    functionArns: Readonly<Record<TaskFunction, string>>;
    /** The order-status SNS topic the workflow publishes `created`, `paid` and `cancelled` to. */
    orderStatusTopicArn: string;
}

/** Timeouts of the definition's tasks. */
export interface FulfilmentOptions {
    /** Seconds TakePayment waits for the payment webhook (SendTaskSuccess/Failure), 60-604800. Defaults to 3600. */
    paymentTimeoutSeconds?: number;
    /**
     * Seconds between heartbeats take-payment's side must send (SendTaskHeartbeat) while the payment is pending, 1 to
     * paymentTimeoutSeconds - 1. Defaults to none (no heartbeat required).
     */
    paymentHeartbeatSeconds?: number;
    /** Seconds each Lambda task (but TakePayment) may run, 1-900 (Lambda's maximum). Defaults to 60. */
    taskTimeoutSeconds?: number;
    /** Seconds each SNS publish may take, 1-300. Defaults to 30. */
    publishTimeoutSeconds?: number;
}

/** The limits and defaults of FulfilmentOptions. */
export const FULFILMENT_LIMITS = {
    paymentTimeoutSeconds: { min: 60, max: 604800, default: 3600 },
    taskTimeoutSeconds: { min: 1, max: 900, default: 60 },
    publishTimeoutSeconds: { min: 1, max: 300, default: 30 },
} as const;

/** Lambda's transient errors, as the `lambda:invoke` integration names them. */
export const LAMBDA_TRANSIENT_ERRORS = [
    "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException",
] as const;

// --- Amazon States Language, the part this definition uses (JSONPath) ---

/** A retrier (exponential backoff with full jitter). */
export interface Retrier {
    ErrorEquals: string[];
    IntervalSeconds: number;
    BackoffRate: number;
    MaxAttempts: number;
    MaxDelaySeconds?: number;
    JitterStrategy: "FULL" | "NONE";
}
/** A catcher. */
export interface Catcher {
    ErrorEquals: string[];
    Next: string;
    ResultPath: string | null;
}
/** A Task state. */
export interface TaskState {
    Type: "Task";
    Comment?: string;
    Resource: string;
    Parameters: Record<string, unknown>;
    ResultSelector?: Record<string, string>;
    ResultPath: string | null;
    TimeoutSeconds: number;
    HeartbeatSeconds?: number;
    Retry: Retrier[];
    Catch: Catcher[];
    Next?: string;
    End?: true;
}
/** A Choice state (boolean rules only). */
export interface ChoiceState {
    Type: "Choice";
    Comment?: string;
    Choices: { Variable: string; BooleanEquals: boolean; Next: string }[];
    Default: string;
}
/** A Succeed state. */
export interface SucceedState { Type: "Succeed"; Comment?: string }
/** A Fail state (a fixed Error, a fixed Cause or one taken from the state). */
export interface FailState { Type: "Fail"; Comment?: string; Error: string; Cause?: string; CausePath?: string }
export type State = TaskState | ChoiceState | SucceedState | FailState;
/** A state machine definition. */
export interface StateMachineDefinition {
    Comment: string;
    QueryLanguage: "JSONPath";
    StartAt: string;
    TimeoutSeconds: number;
    States: Record<string, State>;
}

/** A Task state's resource and what it calls (a function ARN or the topic ARN): for tests and IAM checks. */
export interface TaskResource {
    /** The state's name. */
    state: string;
    /** The state's Resource (a service integration ARN). */
    resource: string;
    /** The function (lambda:invoke) or topic (sns:publish) the task calls. */
    target: string;
}

/** A function ARN, unqualified or qualified with an alias or a version (`...:function:<name>:live`). */
export const INVOKABLE_LAMBDA_ARN = /^arn:(aws|aws-cn|aws-us-gov):lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;
/** True for a function ARN qualified with an alias or a version. */
export const isQualifiedLambdaArn = (arn: string) => INVOKABLE_LAMBDA_ARN.test(arn) && arn.split(":").length === 8;
export const TOPIC_ARN = /^arn:(aws|aws-cn|aws-us-gov):sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const CATCH_ALL = "States.ALL";

const lambdaRetry: Retrier = {
    ErrorEquals: [...LAMBDA_TRANSIENT_ERRORS], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 6, MaxDelaySeconds: 60, JitterStrategy: "FULL",
};
const timeoutRetry: Retrier = {
    ErrorEquals: ["States.Timeout"], IntervalSeconds: 5, BackoffRate: 2, MaxAttempts: 2, JitterStrategy: "FULL",
};
const publishRetry: Retrier = {
    ErrorEquals: ["States.TaskFailed", "States.Timeout"], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 4, MaxDelaySeconds: 30, JitterStrategy: "FULL",
};
/** A partner that is down (PartnerUnavailable): minutes of patience before the order is compensated. */
const partnerRetry: Retrier = {
    ErrorEquals: [WORKFLOW_ERRORS.partnerUnavailable], IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 5, MaxDelaySeconds: 300, JitterStrategy: "FULL",
};
/** Compensations try harder: their failure leaves money or stock for an operator. */
const compensationRetry: Retrier = {
    ErrorEquals: [...LAMBDA_TRANSIENT_ERRORS, "States.Timeout", "States.TaskFailed", WORKFLOW_ERRORS.partnerUnavailable], IntervalSeconds: 5, BackoffRate: 2, MaxAttempts: 8,
    MaxDelaySeconds: 300, JitterStrategy: "FULL",
};
const catchTo = (next: string, errors: string[] = [CATCH_ALL]): Catcher => ({ ErrorEquals: errors, Next: next, ResultPath: "$.error" });

/**
 * The definition of the order-fulfilment state machine. Throws a ComponentArgsError naming every bad reference or
 * option (a missing function ARN, a timeout out of range).
 */
export function fulfilmentDefinition(refs: FulfilmentRefs, options: FulfilmentOptions = {}): StateMachineDefinition {
    validateFulfilmentInputs(refs, options);
    const fn = refs.functionArns;
    const partition = fn["validate-order"].split(":")[1];
    const invoke = `arn:${partition}:states:::lambda:invoke`;
    const taskTimeout = options.taskTimeoutSeconds ?? FULFILMENT_LIMITS.taskTimeoutSeconds.default;
    const publishTimeout = options.publishTimeoutSeconds ?? FULFILMENT_LIMITS.publishTimeoutSeconds.default;
    const paymentTimeout = options.paymentTimeoutSeconds ?? FULFILMENT_LIMITS.paymentTimeoutSeconds.default;

    const lambdaTask = (name: TaskFunction, payload: Record<string, unknown>, rest: Partial<TaskState> & Pick<TaskState, "Retry" | "Catch" | "ResultPath">): TaskState => ({
        Type: "Task", Resource: invoke,
        Parameters: { FunctionName: fn[name], Payload: payload },
        TimeoutSeconds: taskTimeout,
        ...rest,
    });
    const publish = (status: OrderStatus, next: string, onError: string): TaskState => ({
        Type: "Task", Comment: `Publishes status '${status}' to order-status`,
        Resource: `arn:${partition}:states:::sns:publish`,
        Parameters: {
            TopicArn: refs.orderStatusTopicArn,
            // The contract's OrderStatusMessage: the order, the status, when it changed.
            Message: { "orderId.$": "$.order.orderId", status, "at.$": "$$.State.EnteredTime" },
            MessageAttributes: { status: { DataType: "String", StringValue: status } },
        },
        ResultPath: null, TimeoutSeconds: publishTimeout,
        Retry: [publishRetry], Catch: [catchTo(onError)], Next: next,
    });
    const order = { "orderId.$": "$.order.orderId" };

    const takePayment: TaskState = {
        Type: "Task", Comment: "Asks the payment partner for the payment; the payment webhook completes the task with its token",
        Resource: `${invoke}.waitForTaskToken`,
        Parameters: { FunctionName: fn["take-payment"], Payload: { "taskToken.$": "$$.Task.Token", ...order, "total.$": "$.order.total" } },
        ResultPath: "$.payment", TimeoutSeconds: paymentTimeout,
        ...(options.paymentHeartbeatSeconds !== undefined ? { HeartbeatSeconds: options.paymentHeartbeatSeconds } : {}),
        Retry: [lambdaRetry, partnerRetry],
        Catch: [catchTo("RefundPayment", ["States.Timeout"]), catchTo("ReleaseStock")],
        Next: "PublishPaid",
    };

    return {
        Comment: "Order fulfilment: validate, reserve stock, take payment, arrange shipping; compensate on failure",
        QueryLanguage: "JSONPath",
        StartAt: "ValidateOrder",
        // The payment wait plus a day for everything else: an execution never outlives its purpose.
        TimeoutSeconds: paymentTimeout + 86400,
        States: {
            ValidateOrder: lambdaTask("validate-order", { "messageId.$": "$.messageId", "body.$": "$.body" }, {
                Comment: "Parses and records the order (a redelivered message comes back with duplicate: true)",
                ResultSelector: {
                    "orderId.$": "$.Payload.orderId", "customer.$": "$.Payload.customer", "items.$": "$.Payload.items",
                    "total.$": "$.Payload.total", "duplicate.$": "$.Payload.duplicate",
                },
                ResultPath: "$.order",
                Retry: [lambdaRetry, timeoutRetry],
                Catch: [catchTo("OrderInvalid", [WORKFLOW_ERRORS.invalidOrder]), catchTo("OrderFailed")],
                Next: "IsDuplicate",
            }),
            IsDuplicate: {
                Type: "Choice",
                Choices: [{ Variable: "$.order.duplicate", BooleanEquals: true, Next: "AlreadyAccepted" }],
                Default: "PublishCreated",
            },
            AlreadyAccepted: { Type: "Succeed", Comment: "A redelivered message: the first execution handles the order" },
            PublishCreated: publish("created", "ReserveStock", "OrderFailed"),
            ReserveStock: lambdaTask("reserve-stock", { ...order, "items.$": "$.order.items" }, {
                ResultSelector: { "reservationId.$": "$.Payload.reservationId", "status.$": "$.Payload.status" },
                ResultPath: "$.stock",
                Retry: [lambdaRetry, timeoutRetry],
                // A reservation that failed half-way (or timed out) may hold stock: release is idempotent.
                Catch: [catchTo("ReleaseStock")],
                Next: "TakePayment",
            }),
            TakePayment: takePayment,
            PublishPaid: publish("paid", "ArrangeShipping", "RefundPayment"),
            ArrangeShipping: lambdaTask("arrange-shipping", { ...order, "customer.$": "$.order.customer", "items.$": "$.order.items" }, {
                ResultSelector: { "shipmentId.$": "$.Payload.shipmentId", "status.$": "$.Payload.status" },
                ResultPath: "$.shipment",
                Retry: [lambdaRetry, timeoutRetry, partnerRetry],
                Catch: [catchTo("RefundPayment")],
                Next: "OrderFulfilled",
            }),
            OrderFulfilled: { Type: "Succeed", Comment: "Shipping requested; the shipping webhook publishes shipped/delivered" },
            RefundPayment: lambdaTask("refund-payment", order, {
                Comment: "Compensation: refunds the payment if one was taken (nothing-to-refund otherwise)",
                ResultSelector: { "status.$": "$.Payload.status" },
                ResultPath: "$.refund",
                Retry: [compensationRetry],
                Catch: [catchTo("CompensationFailed")],
                Next: "ReleaseStock",
            }),
            ReleaseStock: lambdaTask("release-stock", { ...order, "items.$": "$.order.items" }, {
                Comment: "Compensation: releases the reservation (idempotent, also when nothing was reserved)",
                ResultSelector: { "reservationId.$": "$.Payload.reservationId", "status.$": "$.Payload.status" },
                ResultPath: "$.release",
                Retry: [compensationRetry],
                Catch: [catchTo("CompensationFailed")],
                Next: "PublishCancelled",
            }),
            PublishCancelled: publish("cancelled", "OrderCancelled", "CompensationFailed"),
            OrderCancelled: { Type: "Fail", Comment: "Compensated", Error: "OrderCancelled", CausePath: "$.error.Cause" },
            OrderInvalid: { Type: "Fail", Error: WORKFLOW_ERRORS.invalidOrder, CausePath: "$.error.Cause" },
            OrderFailed: { Type: "Fail", Comment: "Failed before any stock or payment was touched", Error: "OrderFailed", CausePath: "$.error.Cause" },
            CompensationFailed: {
                Type: "Fail", Comment: "A compensation failed after its retries: an operator must finish it",
                Error: "CompensationFailed", CausePath: "$.error.Cause",
            },
        },
    };
}

/** The Task states of a definition, each with its resource and the function or topic it calls. */
export function taskResources(def: StateMachineDefinition): TaskResource[] {
    return Object.entries(def.States).flatMap(([state, s]) => {
        if (s.Type !== "Task") return [];
        const target = (s.Parameters.FunctionName ?? s.Parameters.TopicArn) as string;
        return [{ state, resource: s.Resource, target }];
    });
}

/** Validate the references and options; throws a ComponentArgsError listing every problem. */
export function validateFulfilmentInputs(refs: FulfilmentRefs, options: FulfilmentOptions): void {
    const check = new ArgsChecker("fulfilmentDefinition");
    checkFunctionArns(check, "functionArns", refs?.functionArns);
    const fns = (refs?.functionArns ?? {}) as Record<string, unknown>;
    const partitions = new Set(TASK_FUNCTIONS.map((n) => fns[n]).filter((a): a is string => typeof a === "string" && INVOKABLE_LAMBDA_ARN.test(a)).map((a) => a.split(":")[1]));
    check.require(partitions.size <= 1, "functionArns", [...partitions], "expected every function in one partition");
    check.require(typeof refs?.orderStatusTopicArn === "string" && TOPIC_ARN.test(refs.orderStatusTopicArn), "orderStatusTopicArn",
        refs?.orderStatusTopicArn, "expected an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<topic>)");
    checkFulfilmentOptions(check, options);
    check.done();
}

/**
 * The task functions' ARNs: every task function present, no other function; a plain string must be a function ARN,
 * unqualified or qualified with an alias or version (an Output is checked when the definition is built).
 */
export function checkFunctionArns(check: ArgsChecker, field: string, value: unknown): void {
    const fns = (value ?? {}) as Record<string, unknown>;
    for (const name of TASK_FUNCTIONS) {
        const arn = fns[name];
        const given = arn !== undefined && arn !== null && arn !== "";
        check.require(given && (typeof arn !== "string" || INVOKABLE_LAMBDA_ARN.test(arn)), `${field}.${name}`, arn,
            "expected the function's alias ARN (arn:<partition>:lambda:<region>:<account>:function:<name>:live) or its unqualified ARN");
    }
    for (const name of Object.keys(fns).filter((n) => !(TASK_FUNCTIONS as readonly string[]).includes(n))) {
        check.require(false, `${field}.${name}`, fns[name], `not a task function of the workflow; expected only: ${TASK_FUNCTIONS.join(", ")}`);
    }
}

/** The definition's options (fields named with `prefix`): timeouts within their limits, a heartbeat shorter than the payment wait. */
export function checkFulfilmentOptions(check: ArgsChecker, options: FulfilmentOptions, prefix = ""): void {
    for (const field of ["paymentTimeoutSeconds", "taskTimeoutSeconds", "publishTimeoutSeconds"] as const) {
        if (options[field] !== undefined) check.integer(prefix + field, options[field], FULFILMENT_LIMITS[field].min, FULFILMENT_LIMITS[field].max);
    }
    if (options.paymentHeartbeatSeconds !== undefined) {
        const timeout = options.paymentTimeoutSeconds ?? FULFILMENT_LIMITS.paymentTimeoutSeconds.default;
        check.integer(prefix + "paymentHeartbeatSeconds", options.paymentHeartbeatSeconds, 1, Math.max(1, timeout - 1));
    }
}
