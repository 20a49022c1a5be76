import { expect } from "chai";
import { TASK_FUNCTIONS } from "../../apps/functions/contract";
import { ComponentArgsError } from "../shared/validate";
import {
    FulfilmentOptions, fulfilmentDefinition, FulfilmentRefs, LAMBDA_TRANSIENT_ERRORS, State, StateMachineDefinition, TaskFunction,
    taskResources, TaskState,
} from "./fulfilment-definition";
 
const aslValidator = require("asl-validator") as (def: unknown) => { isValid: boolean; errorsText: () => string };

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const fnArn = (name: string, partition = "aws", region = REGION) => `arn:${partition}:lambda:${region}:${ACCOUNT}:function:shop-dev-${name}`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:shop-dev-order-status`;

function refs(over: Partial<Record<string, string>> = {}, partition = "aws", region = REGION): FulfilmentRefs {
    const functionArns = Object.fromEntries(TASK_FUNCTIONS.map((n) => [n, fnArn(n, partition, region)])) as Record<TaskFunction, string>;
    return { functionArns: { ...functionArns, ...over }, orderStatusTopicArn: TOPIC.replace("arn:aws:", `arn:${partition}:`) };
}

/** asl-validator mutates what it checks (it fills in QueryLanguage): give it a copy. */
function validate(def: StateMachineDefinition) {
    return aslValidator(JSON.parse(JSON.stringify(def)));
}

/** Where a state can go next: Next, Default, the Choices' and the Catchers' targets. */
function successors(s: State): string[] {
    switch (s.Type) {
        case "Task": return [...(s.Next ? [s.Next] : []), ...s.Catch.map((c) => c.Next)];
        case "Choice": return [...s.Choices.map((c) => c.Next), s.Default];
        default: return [];
    }
}

/** Where a task's failure matching `error` leads (the first catcher that matches, as Step Functions picks it). */
function catchTarget(s: TaskState, error: string): string | undefined {
    return s.Catch.find((c) => c.ErrorEquals.includes(error) || c.ErrorEquals.includes("States.ALL"))?.Next;
}

/** Follow the unique success path (Next) from a state to its terminal state, listing every state on the way. */
function walk(def: StateMachineDefinition, from: string): string[] {
    const path = [from];
    let s = def.States[from];
    while (s.Type === "Task" && s.Next) {
        path.push(s.Next);
        s = def.States[s.Next];
    }
    return path;
}

function problems(r: FulfilmentRefs, o: FulfilmentOptions = {}): string[] {
    try {
        fulfilmentDefinition(r, o);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("integration/fulfilmentDefinition", () => {
    const def = fulfilmentDefinition(refs());
    const tasks = Object.entries(def.States).filter((e): e is [string, TaskState] => e[1].Type === "Task");

    it("is valid Amazon States Language (asl-validator), in JSONPath", () => {
        const result = validate(def);
        expect(result.isValid, result.errorsText()).to.equal(true);
        expect(def.QueryLanguage).to.equal("JSONPath");
        expect(def.StartAt).to.equal("ValidateOrder");
    });

    it("asl-validator notices a broken definition (the check above can fail)", () => {
        const broken = JSON.parse(JSON.stringify(def)) as StateMachineDefinition;
        (broken.States.PublishPaid as TaskState).Next = "NoSuchState";
        expect(validate(broken).isValid).to.equal(false);
    });

    it("reaches every state from StartAt, and every path ends in Succeed or Fail", () => {
        const seen = new Set<string>();
        const queue = [def.StartAt];
        while (queue.length) {
            const name = queue.shift()!;
            if (seen.has(name)) continue;
            seen.add(name);
            const s = def.States[name];
            expect(s, name).not.to.equal(undefined);
            const next = successors(s);
            if (!next.length) expect(["Succeed", "Fail"], name).to.include(s.Type);
            queue.push(...next);
        }
        expect([...seen].sort()).to.deep.equal(Object.keys(def.States).sort());
        for (const [name, s] of tasks) expect(s.End, name).to.equal(undefined);
    });

    it("has the designed states, in the designed order on the happy path", () => {
        expect(walk(def, "PublishCreated")).to.deep.equal(["PublishCreated", "ReserveStock", "TakePayment", "PublishPaid", "ArrangeShipping", "OrderFulfilled"]);
        expect(def.States.OrderFulfilled.Type).to.equal("Succeed");
        expect(def.States.ValidateOrder).to.include({ Next: "IsDuplicate", ResultPath: "$.order" });
        expect(def.States.IsDuplicate).to.deep.equal({
            Type: "Choice", Choices: [{ Variable: "$.order.duplicate", BooleanEquals: true, Next: "AlreadyAccepted" }], Default: "PublishCreated",
        });
        expect(def.States.AlreadyAccepted.Type).to.equal("Succeed");
    });

    it("selects validate-order's result into $.order and passes each function what the contract says", () => {
        const v = def.States.ValidateOrder as TaskState;
        expect(v.Parameters).to.deep.equal({ FunctionName: fnArn("validate-order"), Payload: { "messageId.$": "$.messageId", "body.$": "$.body" } });
        expect(v.ResultSelector).to.deep.equal({
            "orderId.$": "$.Payload.orderId", "customer.$": "$.Payload.customer", "items.$": "$.Payload.items",
            "total.$": "$.Payload.total", "duplicate.$": "$.Payload.duplicate",
        });
        expect((def.States.ReserveStock as TaskState).Parameters.Payload).to.deep.equal({ "orderId.$": "$.order.orderId", "items.$": "$.order.items" });
        expect((def.States.RefundPayment as TaskState).Parameters.Payload).to.deep.equal({ "orderId.$": "$.order.orderId" });
        expect((def.States.ArrangeShipping as TaskState).Parameters.Payload)
            .to.deep.equal({ "orderId.$": "$.order.orderId", "customer.$": "$.order.customer", "items.$": "$.order.items" });
    });

    it("TakePayment waits for the task token, passing $$.Task.Token, for the payment timeout", () => {
        const t = def.States.TakePayment as TaskState;
        expect(t.Resource).to.equal("arn:aws:states:::lambda:invoke.waitForTaskToken");
        expect(t.Parameters).to.deep.equal({
            FunctionName: fnArn("take-payment"), Payload: { "taskToken.$": "$$.Task.Token", "orderId.$": "$.order.orderId", "total.$": "$.order.total" },
        });
        expect(t.TimeoutSeconds).to.equal(3600);
        expect(t).not.to.have.property("HeartbeatSeconds");
        expect(t.ResultPath).to.equal("$.payment");
        const tuned = fulfilmentDefinition(refs(), { paymentTimeoutSeconds: 7200, paymentHeartbeatSeconds: 600 }).States.TakePayment as TaskState;
        expect(tuned).to.include({ TimeoutSeconds: 7200, HeartbeatSeconds: 600 });
    });

    it("publishes created, paid and cancelled to the topic with the order id and a status attribute, keeping the state", () => {
        for (const [state, status] of [["PublishCreated", "created"], ["PublishPaid", "paid"], ["PublishCancelled", "cancelled"]] as const) {
            const p = def.States[state] as TaskState;
            expect(p.Resource, state).to.equal("arn:aws:states:::sns:publish");
            expect(p.Parameters, state).to.deep.equal({
                TopicArn: TOPIC, Message: { "orderId.$": "$.order.orderId", status, "at.$": "$$.State.EnteredTime" },
                MessageAttributes: { status: { DataType: "String", StringValue: status } },
            });
            expect(p.ResultPath, state).to.equal(null);
            expect(p.TimeoutSeconds, state).to.equal(30);
        }
    });

    it("every Task has a timeout, a retrier with exponential backoff and full jitter, and a catcher keeping the state in $.error", () => {
        expect(tasks.map(([n]) => n)).to.have.length(9);
        for (const [name, s] of tasks) {
            expect(s.TimeoutSeconds, name).to.be.a("number").and.greaterThan(0);
            expect(s.Retry.length, name).to.be.greaterThan(0);
            for (const r of s.Retry) {
                expect(r.BackoffRate, name).to.be.greaterThan(1);
                expect(r.IntervalSeconds, name).to.be.greaterThan(0);
                expect(r.MaxAttempts, name).to.be.greaterThan(0);
                expect(r.JitterStrategy, name).to.equal("FULL");
            }
            expect(s.Catch.length, name).to.be.greaterThan(0);
            for (const c of s.Catch) expect(c.ResultPath, name).to.equal("$.error");
            expect(s.Catch[s.Catch.length - 1].ErrorEquals, name).to.deep.equal(["States.ALL"]);
        }
    });

    it("retries Lambda's transient errors on every Lambda task, and States.Timeout only where the handler is idempotent", () => {
        const lambdaTasks = tasks.filter(([, s]) => s.Resource.includes(":lambda:"));
        expect(lambdaTasks).to.have.length(6);
        const retried = (s: TaskState, e: string) => s.Retry.some((r) => r.ErrorEquals.includes(e));
        for (const [name, s] of lambdaTasks) for (const e of LAMBDA_TRANSIENT_ERRORS) expect(retried(s, e), `${name} ${e}`).to.equal(true);
        const timeoutRetried = lambdaTasks.filter(([, s]) => retried(s, "States.Timeout")).map(([n]) => n).sort();
        expect(timeoutRetried).to.deep.equal(["ArrangeShipping", "RefundPayment", "ReleaseStock", "ReserveStock", "ValidateOrder"]);
        expect(retried(def.States.TakePayment as TaskState, "States.Timeout")).to.equal(false);
    });

    it("never retries InvalidOrder, and fails fast on it", () => {
        const v = def.States.ValidateOrder as TaskState;
        for (const r of v.Retry) {
            expect(r.ErrorEquals).not.to.include("InvalidOrder");
            expect(r.ErrorEquals).not.to.include("States.ALL");
            expect(r.ErrorEquals).not.to.include("States.TaskFailed");
        }
        expect(catchTarget(v, "InvalidOrder")).to.equal("OrderInvalid");
        expect(def.States.OrderInvalid).to.deep.include({ Type: "Fail", Error: "InvalidOrder" });
        expect(catchTarget(v, "Lambda.ServiceException")).to.equal("OrderFailed");
    });

    it("compensates in the designed order: a TakePayment failure releases stock, then publishes cancelled, then fails", () => {
        const take = def.States.TakePayment as TaskState;
        expect(catchTarget(take, "PaymentDeclined")).to.equal("ReleaseStock");
        expect(walk(def, "ReleaseStock")).to.deep.equal(["ReleaseStock", "PublishCancelled", "OrderCancelled"]);
        expect(def.States.OrderCancelled).to.deep.include({ Type: "Fail", Error: "OrderCancelled" });
        // A payment that timed out may still be taken late by the partner: refund (nothing-to-refund otherwise) first.
        expect(catchTarget(take, "States.Timeout")).to.equal("RefundPayment");
        expect(catchTarget(def.States.ReserveStock as TaskState, "Lambda.ServiceException")).to.equal("ReleaseStock");
    });

    it("compensates a failure after the payment with a refund first: ArrangeShipping and PublishPaid", () => {
        expect(catchTarget(def.States.ArrangeShipping as TaskState, "ShippingRefused")).to.equal("RefundPayment");
        expect(catchTarget(def.States.PublishPaid as TaskState, "States.TaskFailed")).to.equal("RefundPayment");
        expect(walk(def, "RefundPayment")).to.deep.equal(["RefundPayment", "ReleaseStock", "PublishCancelled", "OrderCancelled"]);
    });

    it("a compensation that fails after its retries stops at CompensationFailed; an early failure touches nothing", () => {
        for (const name of ["RefundPayment", "ReleaseStock", "PublishCancelled"]) {
            expect(catchTarget(def.States[name] as TaskState, "States.TaskFailed"), name).to.equal("CompensationFailed");
        }
        expect(catchTarget(def.States.PublishCreated as TaskState, "States.TaskFailed")).to.equal("OrderFailed");
        for (const name of ["CompensationFailed", "OrderFailed"]) expect(def.States[name].Type, name).to.equal("Fail");
    });

    it("lists every Task with its resource and target (taskResources)", () => {
        expect(taskResources(def)).to.deep.equal([
            { state: "ValidateOrder", resource: "arn:aws:states:::lambda:invoke", target: fnArn("validate-order") },
            { state: "PublishCreated", resource: "arn:aws:states:::sns:publish", target: TOPIC },
            { state: "ReserveStock", resource: "arn:aws:states:::lambda:invoke", target: fnArn("reserve-stock") },
            { state: "TakePayment", resource: "arn:aws:states:::lambda:invoke.waitForTaskToken", target: fnArn("take-payment") },
            { state: "PublishPaid", resource: "arn:aws:states:::sns:publish", target: TOPIC },
            { state: "ArrangeShipping", resource: "arn:aws:states:::lambda:invoke", target: fnArn("arrange-shipping") },
            { state: "RefundPayment", resource: "arn:aws:states:::lambda:invoke", target: fnArn("refund-payment") },
            { state: "ReleaseStock", resource: "arn:aws:states:::lambda:invoke", target: fnArn("release-stock") },
            { state: "PublishCancelled", resource: "arn:aws:states:::sns:publish", target: TOPIC },
        ]);
    });

    it("names the integrations in the functions' partition (China)", () => {
        const cn = fulfilmentDefinition(refs({}, "aws-cn", "cn-north-1"));
        expect(new Set(taskResources(cn).map((t) => t.resource.split(":")[1]))).to.deep.equal(new Set(["aws-cn"]));
        expect(validate(cn).isValid).to.equal(true);
    });

    it("applies the task and publish timeouts, and bounds the execution by the payment wait plus a day", () => {
        const d = fulfilmentDefinition(refs(), { taskTimeoutSeconds: 120, publishTimeoutSeconds: 10, paymentTimeoutSeconds: 600 });
        expect((d.States.ReserveStock as TaskState).TimeoutSeconds).to.equal(120);
        expect((d.States.PublishPaid as TaskState).TimeoutSeconds).to.equal(10);
        expect(d.TimeoutSeconds).to.equal(600 + 86400);
        expect(def.TimeoutSeconds).to.equal(3600 + 86400);
    });

    describe("bad inputs", () => {
        it("names a missing or malformed function ARN, and a function that is not a task", () => {
            const r = refs({ "take-payment": undefined, "reserve-stock": "arn:aws:lambda:eu-west-1:123456789012:function:x:live:2" });
            delete (r.functionArns as Record<string, string | undefined>)["take-payment"];
            (r.functionArns as Record<string, string>)["payment-webhook"] = fnArn("payment-webhook");
            expect(problems(r)).to.deep.equal([
                "functionArns.reserve-stock: 'arn:aws:lambda:eu-west-1:123456789012:function:x:live:2' is not allowed; "
                + "expected the function's alias ARN (arn:<partition>:lambda:<region>:<account>:function:<name>:live) or its unqualified ARN",
                "functionArns.take-payment: (missing) is not allowed; expected the function's alias ARN (arn:<partition>:lambda:<region>:<account>:function:<name>:live) or its unqualified ARN",
                `functionArns.payment-webhook: '${fnArn("payment-webhook")}' is not allowed; not a task function of the workflow; `
                + `expected only: ${TASK_FUNCTIONS.join(", ")}`,
            ]);
        });
        it("refuses functions in two partitions and a topic ARN that is not one", () => {
            expect(problems({ ...refs({ "release-stock": fnArn("release-stock", "aws-cn", "cn-north-1") }), orderStatusTopicArn: "order-status" })).to.deep.equal([
                "functionArns: '[\"aws\",\"aws-cn\"]' is not allowed; expected every function in one partition",
                "orderStatusTopicArn: 'order-status' is not allowed; expected an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<topic>)",
            ]);
        });
        it("refuses timeouts out of range, and a heartbeat not shorter than the payment wait", () => {
            expect(problems(refs(), { paymentTimeoutSeconds: 30, taskTimeoutSeconds: 901, publishTimeoutSeconds: 1.5, paymentHeartbeatSeconds: 30 })).to.deep.equal([
                "paymentTimeoutSeconds: '30' is not allowed; expected a whole number from 60 to 604800",
                "taskTimeoutSeconds: '901' is not allowed; expected a whole number from 1 to 900",
                "publishTimeoutSeconds: '1.5' is not allowed; expected a whole number from 1 to 300",
                "paymentHeartbeatSeconds: '30' is not allowed; expected a whole number from 1 to 29",
            ]);
            expect(problems(refs(), { paymentTimeoutSeconds: 604800, taskTimeoutSeconds: 900, paymentHeartbeatSeconds: 604799 })).to.deep.equal([]);
        });
        it("throws a message naming the function, not a stack trace", () => {
            const r = refs();
            delete (r.functionArns as Record<string, string | undefined>)["validate-order"];
            expect(() => fulfilmentDefinition(r)).to.throw(/^fulfilmentDefinition: invalid arguments:\n {2}- functionArns\.validate-order: \(missing\)/);
        });
    });
});
