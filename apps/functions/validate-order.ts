/**
 * validate-order: the workflow's first state. Input: contract.ts WorkflowInput (`{messageId, body}`, body the orders
 * service's OrderCreatedEvent, object or JSON string). Output: ValidatedOrder. Side effect: the `order` record
 * (conditional put); a redelivered message finds it and returns the stored order with `duplicate: true`.
 * Throws InvalidOrder (message names the field) for anything that is not an order: the workflow fails fast.
 */
import { ENV, RECORDS, WORKFLOW_ERRORS } from "./contract";
import type { ValidatedOrder } from "./contract";
import { requireEnv } from "./lib/env";
import { invocationLogger, lazyHandler, systemClock } from "./lib/entry";
import { namedError } from "./lib/errors";
import type { BaseDeps, InvocationContext, JsonValue, WorkflowStore } from "./lib/ports";
import { newRecord, recordKey } from "./lib/records";
import { dynamoWorkflowStore } from "./lib/aws/dynamodb";
import { orderCreatedEvent, parseJsonText, parseWith, ValidationError, workflowInput } from "./lib/validate";

export interface ValidateOrderDeps extends BaseDeps {
    store: WorkflowStore;
}

const WHAT = "Invalid order";

function validate(input: unknown): { messageId: string; order: Omit<ValidatedOrder, "duplicate"> } {
    try {
        const { messageId, body } = parseWith(workflowInput, input, WHAT);
        const event = parseWith(orderCreatedEvent, typeof body === "string" ? parseJsonText(body, "body", WHAT) : body, WHAT);
        const { id, firstName, lastName, email, orderItems } = event.order;
        const total = orderItems.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
        const customer = email === undefined ? { firstName, lastName } : { firstName, lastName, email };
        return { messageId, order: { orderId: id, customer, items: orderItems, total } };
    } catch (error) {
        throw error instanceof ValidationError ? namedError(WORKFLOW_ERRORS.invalidOrder, error.message) : error;
    }
}

export function createHandler(deps: ValidateOrderDeps) {
    return async (input: unknown, context?: InvocationContext): Promise<ValidatedOrder> => {
        const logger = invocationLogger("validate-order", deps, context);
        let validated: ReturnType<typeof validate>;
        try {
            validated = validate(input);
        } catch (error) {
            logger.warn("invalid order", { error });
            throw error;
        }
        const { messageId, order } = validated;
        const log = logger.child({ orderId: order.orderId, messageId });
        const key = recordKey(order.orderId, RECORDS.order);
        const stored = { ...order, customer: { ...order.customer }, items: order.items.map((line) => ({ ...line })) } as unknown as JsonValue;
        if (await deps.store.putIfAbsent(newRecord(key, "accepted", deps.clock.now(), { order: stored, messageId }))) {
            log.info("order accepted", { items: order.items.length, total: order.total });
            return { ...order, duplicate: false };
        }
        const existing = await deps.store.get(key);
        const previous = existing?.order as unknown as Omit<ValidatedOrder, "duplicate"> | undefined;
        log.info("duplicate order: already accepted", { firstMessageId: existing?.messageId });
        return { ...(previous ?? order), duplicate: true };
    };
}

export const handler = lazyHandler(createHandler, () => ({ store: dynamoWorkflowStore(requireEnv(ENV.workflowTable)), clock: systemClock }));
