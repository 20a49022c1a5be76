/**
 * shipping-webhook (POST /webhooks/shipping, API Gateway REST proxy): the shipping partner's progress on a shipment
 * (contract.ts ShippingEvent), signed per the webhook contract. Side effects: the `shipment` record moves forward
 * (requested -> shipped -> delivered; delivered may skip shipped), then `shipped` / `delivered` is published to the
 * order-status topic (message attribute `status`). Responses: 202, 200 duplicate, 400, 401, 404 unknown order, 409
 * (no shipment, another shipmentId, or a step backwards), 503 signing key not configured.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { ENV, RECORDS } from "./contract";
import type { ShippingEvent } from "./contract";
import { dynamoWorkflowStore } from "./lib/aws/dynamodb";
import { secretsManagerSigningKey } from "./lib/aws/secrets";
import { snsStatusPublisher } from "./lib/aws/sns";
import { requireEnv } from "./lib/env";
import { invocationLogger, lazyHandler, systemClock } from "./lib/entry";
import type { InvocationContext, StatusPublisher } from "./lib/ports";
import { recordKey, stringField } from "./lib/records";
import { shippingEvent } from "./lib/validate";
import { handleWebhook } from "./lib/webhook";
import type { Verdict, WebhookDeps, WebhookSpec } from "./lib/webhook";

export interface ShippingWebhookDeps extends WebhookDeps {
    publisher: StatusPublisher;
}

/** The shipment statuses each event may follow. */
const ALLOWED_FROM: Readonly<Record<ShippingEvent["status"], readonly string[]>> = {
    shipped: ["requested"],
    delivered: ["requested", "shipped"],
};

function spec(deps: ShippingWebhookDeps): WebhookSpec<ShippingEvent> {
    return {
        partner: "shipping",
        schema: shippingEvent,
        async decide(event, _order, resumed, logger): Promise<Verdict> {
            const key = recordKey(event.orderId, RECORDS.shipment);
            const shipment = await deps.store.get(key);
            if (shipment === undefined) {
                return { statusCode: 409, error: "no shipment for this order" };
            }
            if (stringField(shipment, "shipmentId") !== event.shipmentId) {
                return { statusCode: 409, error: "shipmentId does not match the order's shipment" };
            }
            const allowedFrom = ALLOWED_FROM[event.status];
            const finishing = resumed && shipment.status === event.status;
            if (!allowedFrom.includes(shipment.status) && !finishing) {
                return { statusCode: 409, error: `shipment is ${shipment.status}, cannot become ${event.status}` };
            }
            return {
                apply: async () => {
                    const at = new Date(deps.clock.now()).toISOString();
                    const fields = { status: event.status, [`${event.status}At`]: at, [`${event.status}By`]: event.eventId };
                    if (!finishing && !(await deps.store.updateIfStatus(key, allowedFrom, fields))) {
                        // Changed since decide(): fail (500) so the partner retries against the new state.
                        throw new Error("the shipment changed while this event was handled");
                    }
                    await deps.publisher.publish({ orderId: event.orderId, status: event.status, at, shipmentId: event.shipmentId });
                    logger.info("shipment progressed", { status: event.status });
                },
            };
        },
    };
}

export function createHandler(deps: ShippingWebhookDeps) {
    const shipping = spec(deps);
    return (request: APIGatewayProxyEvent, context?: InvocationContext): Promise<APIGatewayProxyResult> =>
        handleWebhook(shipping, deps, request, invocationLogger("shipping-webhook", deps, context));
}

export const handler = lazyHandler(createHandler, () => ({
    store: dynamoWorkflowStore(requireEnv(ENV.workflowTable)),
    signingKeys: secretsManagerSigningKey(requireEnv(ENV.partnerSecretArn), systemClock),
    publisher: snsStatusPublisher(requireEnv(ENV.orderStatusTopicArn)),
    clock: systemClock,
}));
