/**
 * release-stock (compensation): input `{orderId, items?}`, output StockResult `{reservationId, status: "released"}`.
 * Releases only a `reserved` stock record (conditional update reserved -> released). Releasing nothing is fine: it
 * writes a `released` tombstone, so a late reserve-stock retry cannot reserve for a cancelled order. Idempotent.
 */
import { ENV, RECORDS } from "./contract";
import type { StockResult } from "./contract";
import { dynamoWorkflowStore } from "./lib/aws/dynamodb";
import { requireEnv } from "./lib/env";
import { invocationLogger, lazyHandler, systemClock } from "./lib/entry";
import type { BaseDeps, InvocationContext, WorkflowStore } from "./lib/ports";
import { newRecord, recordKey } from "./lib/records";
import { reservationId } from "./lib/stock";
import { parseWith, releaseRequest } from "./lib/validate";

export interface ReleaseStockDeps extends BaseDeps {
    store: WorkflowStore;
}

export function createHandler(deps: ReleaseStockDeps) {
    return async (input: unknown, context?: InvocationContext): Promise<StockResult> => {
        const { orderId } = parseWith(releaseRequest, input, "Invalid stock request");
        const logger = invocationLogger("release-stock", deps, context).child({ orderId });
        const key = recordKey(orderId, RECORDS.stock);
        const id = reservationId(orderId);
        const releasedAt = new Date(deps.clock.now()).toISOString();
        if (await deps.store.updateIfStatus(key, ["reserved"], { status: "released", releasedAt })) {
            logger.info("stock released", { reservationId: id });
        } else if (await deps.store.putIfAbsent(newRecord(key, "released", deps.clock.now(), { reservationId: id, releasedAt }))) {
            logger.info("nothing reserved: released tombstone written", { reservationId: id });
        } else {
            const status = (await deps.store.get(key))?.status;
            if (status === "reserved") {
                // Reserved between our two writes: release it now.
                await deps.store.updateIfStatus(key, ["reserved"], { status: "released", releasedAt });
            }
            logger.info("stock already released", { reservationId: id });
        }
        return { reservationId: id, status: "released" };
    };
}

export const handler = lazyHandler(createHandler, () => ({ store: dynamoWorkflowStore(requireEnv(ENV.workflowTable)), clock: systemClock }));
