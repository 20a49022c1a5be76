/**
 * arrange-shipping: input `{orderId, customer, items}`, output ShipmentResult `{shipmentId, status: "requested"}`.
 * Writes the `shipment` record (conditional put, status `requested`, shipmentId `shp-<orderId>`) and asks the shipping
 * partner (POST /shipments, idempotency key = shipmentId). A replay after the partner accepted does not ask again; a
 * replay after a failed ask asks again. A partner refusal throws ShippingRefused.
 */
import { ENV, RECORDS, WORKFLOW_ERRORS } from "./contract";
import type { ShipmentResult } from "./contract";
import { dynamoWorkflowStore } from "./lib/aws/dynamodb";
import { requireEnv } from "./lib/env";
import { invocationLogger, lazyHandler, systemClock } from "./lib/entry";
import { namedError } from "./lib/errors";
import { askPartner } from "./lib/partner";
import { defaultPartnerClient } from "./lib/partner-deps";
import type { BaseDeps, InvocationContext, JsonValue, PartnerClient, WorkflowStore } from "./lib/ports";
import { newRecord, recordKey } from "./lib/records";
import { parseWith, shippingRequest } from "./lib/validate";

export interface ArrangeShippingDeps extends BaseDeps {
    store: WorkflowStore;
    partner: PartnerClient;
}

export function createHandler(deps: ArrangeShippingDeps) {
    return async (input: unknown, context?: InvocationContext): Promise<ShipmentResult> => {
        const { orderId, customer, items } = parseWith(shippingRequest, input, "Invalid shipping request");
        const logger = invocationLogger("arrange-shipping", deps, context).child({ orderId });
        const key = recordKey(orderId, RECORDS.shipment);
        const shipmentId = `shp-${orderId}`;
        if (!(await deps.store.putIfAbsent(newRecord(key, "requested", deps.clock.now(), { shipmentId, partnerAccepted: false })))) {
            const existing = await deps.store.get(key);
            if (existing?.partnerAccepted !== false) {
                logger.info("shipment already arranged", { shipmentId, status: existing?.status });
                return { shipmentId, status: "requested" };
            }
        }
        const recipient: Record<string, JsonValue> = { firstName: customer.firstName, lastName: customer.lastName };
        if (customer.email !== undefined) {
            recipient.email = customer.email;
        }
        const lines = items.map((line) => ({ productId: line.productId, quantity: line.quantity }));
        const verdict = await askPartner(deps.partner, "/shipments", { orderId, shipmentId, recipient, items: lines }, shipmentId);
        if (!verdict.accepted) {
            logger.warn("shipment refused by the partner", { httpStatus: verdict.status, reason: verdict.reason });
            throw namedError(WORKFLOW_ERRORS.shippingRefused, `The shipping partner refused the shipment: ${verdict.reason}`);
        }
        await deps.store.updateIfStatus(key, ["requested"], { partnerAccepted: true, requestedAt: new Date(deps.clock.now()).toISOString() });
        logger.info("shipment requested", { shipmentId });
        return { shipmentId, status: "requested" };
    };
}

export const handler = lazyHandler(createHandler, () => ({
    store: dynamoWorkflowStore(requireEnv(ENV.workflowTable)),
    partner: defaultPartnerClient("arrange-shipping", systemClock),
    clock: systemClock,
}));
