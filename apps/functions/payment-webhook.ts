/**
 * payment-webhook (POST /webhooks/payment, API Gateway REST proxy): the payment partner's verdict on a payment
 * (contract.ts PaymentEvent), signed per the webhook contract. Side effects for a `pending` payment: SendTaskSuccess
 * (PaymentResult) or SendTaskFailure (error PaymentDeclined) with the stored task token, then the `payment` record set
 * `succeeded` / `failed`. Responses: 202, 200 duplicate, 400, 401, 404 unknown order, 409 (no pending payment, or
 * another paymentId), 503 signing key not configured.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { ENV, RECORDS, WORKFLOW_ERRORS } from "./contract";
import type { PaymentEvent } from "./contract";
import { dynamoWorkflowStore } from "./lib/aws/dynamodb";
import { secretsManagerSigningKey } from "./lib/aws/secrets";
import { sfnTaskCallbacks } from "./lib/aws/sfn";
import { requireEnv } from "./lib/env";
import { invocationLogger, lazyHandler, systemClock } from "./lib/entry";
import type { InvocationContext, JsonValue, TaskCallbacks } from "./lib/ports";
import { recordKey, stringField } from "./lib/records";
import { paymentEvent } from "./lib/validate";
import { handleWebhook } from "./lib/webhook";
import type { Verdict, WebhookDeps, WebhookSpec } from "./lib/webhook";

export interface PaymentWebhookDeps extends WebhookDeps {
    callbacks: TaskCallbacks;
}

function spec(deps: PaymentWebhookDeps): WebhookSpec<PaymentEvent> {
    return {
        partner: "payment",
        schema: paymentEvent,
        async decide(event, _order, resumed, logger): Promise<Verdict> {
            const key = recordKey(event.orderId, RECORDS.payment);
            const payment = await deps.store.get(key);
            if (payment === undefined) {
                return { statusCode: 409, error: "no payment for this order" };
            }
            const knownId = stringField(payment, "paymentId");
            if (knownId !== undefined && knownId !== event.paymentId) {
                return { statusCode: 409, error: "paymentId does not match the order's payment" };
            }
            const finishing = resumed && payment.status === event.status && stringField(payment, "settledBy") === event.eventId;
            if (payment.status !== "pending" && !finishing) {
                return { statusCode: 409, error: `payment is ${payment.status}, not pending` };
            }
            const taskToken = stringField(payment, "taskToken");
            return {
                apply: async () => {
                    if (finishing) {
                        return;
                    }
                    if (taskToken !== undefined) {
                        const outcome =
                            event.status === "succeeded"
                                ? await deps.callbacks.succeed(taskToken, { paymentId: event.paymentId, status: "succeeded" })
                                : await deps.callbacks.fail(taskToken, WORKFLOW_ERRORS.paymentDeclined, event.reason ?? "declined by the payment partner");
                        if (outcome === "closed") {
                            logger.error("the payment task is no longer waiting (timed out?): reconcile this payment", { status: event.status });
                        }
                    }
                    const fields: Record<string, JsonValue> = {
                        status: event.status,
                        paymentId: event.paymentId,
                        settledBy: event.eventId,
                        settledAt: new Date(deps.clock.now()).toISOString(),
                    };
                    if (event.reason !== undefined) {
                        fields.reason = event.reason;
                    }
                    await deps.store.updateIfStatus(key, ["pending"], fields);
                    logger.info("payment settled", { status: event.status });
                },
            };
        },
    };
}

export function createHandler(deps: PaymentWebhookDeps) {
    const payment = spec(deps);
    return (request: APIGatewayProxyEvent, context?: InvocationContext): Promise<APIGatewayProxyResult> =>
        handleWebhook(payment, deps, request, invocationLogger("payment-webhook", deps, context));
}

export const handler = lazyHandler(createHandler, () => ({
    store: dynamoWorkflowStore(requireEnv(ENV.workflowTable)),
    signingKeys: secretsManagerSigningKey(requireEnv(ENV.partnerSecretArn), systemClock),
    callbacks: sfnTaskCallbacks(),
    clock: systemClock,
}));
