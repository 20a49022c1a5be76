/**
 * refund-payment (compensation): input `{orderId}`, output RefundResult. Refunds only a `succeeded` payment: asks the
 * payment partner (POST /refunds, idempotency key `refund-<orderId>`, so a retry after a crash is one refund at the
 * partner), then sets the record `refunded`. A refunded payment answers `refunded` again; anything else (no payment,
 * pending, failed) is `nothing-to-refund`. A partner refusal throws RefundRefused (the workflow retries, then fails).
 */
import { ENV, RECORDS } from "./contract";
import type { RefundResult } from "./contract";
import { dynamoWorkflowStore } from "./lib/aws/dynamodb";
import { requireEnv } from "./lib/env";
import { invocationLogger, lazyHandler, systemClock } from "./lib/entry";
import { namedError } from "./lib/errors";
import { askPartner } from "./lib/partner";
import { defaultPartnerClient } from "./lib/partner-deps";
import type { BaseDeps, InvocationContext, PartnerClient, WorkflowStore } from "./lib/ports";
import { recordKey, stringField } from "./lib/records";
import { parseWith, refundRequest } from "./lib/validate";

export interface RefundPaymentDeps extends BaseDeps {
    store: WorkflowStore;
    partner: PartnerClient;
}

/** The error refund-payment throws when the partner refuses a refund. */
export const REFUND_REFUSED = "RefundRefused";

export function createHandler(deps: RefundPaymentDeps) {
    return async (input: unknown, context?: InvocationContext): Promise<RefundResult> => {
        const { orderId } = parseWith(refundRequest, input, "Invalid refund request");
        const logger = invocationLogger("refund-payment", deps, context).child({ orderId });
        const key = recordKey(orderId, RECORDS.payment);
        const payment = await deps.store.get(key);
        if (payment?.status === "refunded") {
            logger.info("payment already refunded");
            return { status: "refunded" };
        }
        if (payment?.status !== "succeeded") {
            logger.info("nothing to refund", { paymentStatus: payment?.status ?? "none" });
            return { status: "nothing-to-refund" };
        }
        const reference = `refund-${orderId}`;
        const verdict = await askPartner(
            deps.partner,
            "/refunds",
            { orderId, paymentId: stringField(payment, "paymentId") ?? `payment-${orderId}`, amount: payment.total ?? 0, reference },
            reference,
        );
        if (!verdict.accepted) {
            logger.error("refund refused by the partner", { httpStatus: verdict.status, reason: verdict.reason });
            throw namedError(REFUND_REFUSED, `The payment partner refused the refund: ${verdict.reason}`);
        }
        await deps.store.updateIfStatus(key, ["succeeded"], { status: "refunded", refundedAt: new Date(deps.clock.now()).toISOString() });
        logger.info("payment refunded");
        return { status: "refunded" };
    };
}

export const handler = lazyHandler(createHandler, () => ({
    store: dynamoWorkflowStore(requireEnv(ENV.workflowTable)),
    partner: defaultPartnerClient("refund-payment", systemClock),
    clock: systemClock,
}));
