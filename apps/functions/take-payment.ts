/**
 * take-payment (invoked with `.waitForTaskToken`): input `{taskToken, orderId, total}`. Stores the task token in the
 * `payment` record (status `pending`) and asks the payment partner (POST /payments, idempotency key
 * `payment-<orderId>`); the payment webhook later completes the task. A replay with the same token does not ask
 * twice; a new token (the state retried) replaces the stored one and asks again with the same idempotency key.
 * The partner refusing the request marks the payment `failed` and throws PaymentDeclined. If the payment is already
 * settled (the webhook beat a retry), the new task is completed at once (SendTaskSuccess / SendTaskFailure).
 */
import { ENV, RECORDS, WORKFLOW_ERRORS } from "./contract";
import { dynamoWorkflowStore } from "./lib/aws/dynamodb";
import { sfnTaskCallbacks } from "./lib/aws/sfn";
import { requireEnv } from "./lib/env";
import { invocationLogger, lazyHandler, systemClock } from "./lib/entry";
import { namedError } from "./lib/errors";
import { askPartner } from "./lib/partner";
import { defaultPartnerClient } from "./lib/partner-deps";
import type { BaseDeps, InvocationContext, JsonValue, PartnerClient, TaskCallbacks, WorkflowStore } from "./lib/ports";
import { newRecord, recordKey, stringField } from "./lib/records";
import { parseWith, paymentRequest } from "./lib/validate";

export interface TakePaymentDeps extends BaseDeps {
    store: WorkflowStore;
    partner: PartnerClient;
    callbacks: TaskCallbacks;
}

/** take-payment's output (ignored by a `.waitForTaskToken` state; useful in logs and tests). */
export interface TakePaymentOutput {
    status: "requested" | "already-requested" | "settled";
    reference: string;
}

export function createHandler(deps: TakePaymentDeps) {
    return async (input: unknown, context?: InvocationContext): Promise<TakePaymentOutput> => {
        const { taskToken, orderId, total } = parseWith(paymentRequest, input, "Invalid payment request");
        const logger = invocationLogger("take-payment", deps, context).child({ orderId });
        const key = recordKey(orderId, RECORDS.payment);
        const reference = `payment-${orderId}`;
        const payment = (await deps.store.putIfAbsent(newRecord(key, "pending", deps.clock.now(), { taskToken, total, reference })))
            ? undefined
            : await deps.store.get(key);
        if (payment !== undefined && payment.status !== "pending") {
            const paymentId = stringField(payment, "paymentId") ?? reference;
            if (payment.status === "succeeded") {
                await deps.callbacks.succeed(taskToken, { paymentId, status: "succeeded" });
            } else {
                await deps.callbacks.fail(taskToken, WORKFLOW_ERRORS.paymentDeclined, `payment ${payment.status}`);
            }
            logger.info("payment already settled: task completed", { status: payment.status });
            return { status: "settled", reference };
        }
        if (payment !== undefined && stringField(payment, "requestedToken") === taskToken) {
            logger.info("payment already requested for this task: not asking again");
            return { status: "already-requested", reference };
        }
        if (payment !== undefined && stringField(payment, "taskToken") !== taskToken) {
            await deps.store.updateIfStatus(key, ["pending"], { taskToken });
            logger.info("new task token stored (the state was retried)");
        }
        const verdict = await askPartner(deps.partner, "/payments", { orderId, amount: total, reference }, reference);
        if (!verdict.accepted) {
            await deps.store.updateIfStatus(key, ["pending"], { status: "failed", reason: verdict.reason });
            logger.warn("payment refused by the partner", { httpStatus: verdict.status, reason: verdict.reason });
            throw namedError(WORKFLOW_ERRORS.paymentDeclined, `The payment partner refused the payment: ${verdict.reason}`);
        }
        const fields: Record<string, JsonValue> = { requestedToken: taskToken, requestedAt: new Date(deps.clock.now()).toISOString() };
        if (typeof verdict.body.paymentId === "string") {
            fields.paymentId = verdict.body.paymentId;
        }
        await deps.store.updateIfStatus(key, ["pending"], fields);
        logger.info("payment requested", { total });
        return { status: "requested", reference };
    };
}

export const handler = lazyHandler(createHandler, () => ({
    store: dynamoWorkflowStore(requireEnv(ENV.workflowTable)),
    partner: defaultPartnerClient("take-payment", systemClock),
    callbacks: sfnTaskCallbacks(),
    clock: systemClock,
}));
