/**
 * reserve-stock: input `{orderId, items}`, output StockResult `{reservationId, status}`. Side effect: the `stock`
 * record (conditional put, status `reserved`). A replay returns the stored record's status without writing; a
 * reservation already released (release-stock ran first, leaving a tombstone) stays released.
 */
import { ENV, RECORDS } from "./contract";
import type { StockResult } from "./contract";
import { dynamoWorkflowStore } from "./lib/aws/dynamodb";
import { requireEnv } from "./lib/env";
import { invocationLogger, lazyHandler, systemClock } from "./lib/entry";
import type { BaseDeps, InvocationContext, WorkflowStore } from "./lib/ports";
import { newRecord, recordKey } from "./lib/records";
import { reservationId, stockStatus } from "./lib/stock";
import { parseWith, stockRequest } from "./lib/validate";

export interface ReserveStockDeps extends BaseDeps {
    store: WorkflowStore;
}

export function createHandler(deps: ReserveStockDeps) {
    return async (input: unknown, context?: InvocationContext): Promise<StockResult> => {
        const { orderId, items } = parseWith(stockRequest, input, "Invalid stock request");
        const logger = invocationLogger("reserve-stock", deps, context).child({ orderId });
        const key = recordKey(orderId, RECORDS.stock);
        const id = reservationId(orderId);
        const lines = items.map((line) => ({ productId: line.productId, quantity: line.quantity }));
        if (await deps.store.putIfAbsent(newRecord(key, "reserved", deps.clock.now(), { reservationId: id, items: lines }))) {
            logger.info("stock reserved", { reservationId: id, lines: lines.length });
            return { reservationId: id, status: "reserved" };
        }
        const status = stockStatus(await deps.store.get(key));
        logger.info("stock reservation already recorded", { reservationId: id, status });
        return { reservationId: id, status };
    };
}

export const handler = lazyHandler(createHandler, () => ({ store: dynamoWorkflowStore(requireEnv(ENV.workflowTable)), clock: systemClock }));
