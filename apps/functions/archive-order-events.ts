/**
 * archive-order-events: SQS event from the order-analytics queue (SNS raw message delivery: the body is the
 * order-status message, its `status` a message attribute). Writes each record as one JSON line (contract.ts
 * ArchivedOrderEvent) to `<RAW_PREFIX>dt=YYYY-MM-DD/<messageId>.json` in DATA_LAKE_BUCKET, the date being the day
 * the message was sent (UTC), so a redelivery overwrites the same object. Returns `batchItemFailures` naming the
 * records that failed (the event source mapping needs `ReportBatchItemFailures`), so only those are retried.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { ENV } from "./contract";
import type { ArchivedOrderEvent } from "./contract";
import { s3ObjectStore } from "./lib/aws/s3";
import { requireEnv } from "./lib/env";
import { invocationLogger, lazyHandler, systemClock } from "./lib/entry";
import type { BaseDeps, InvocationContext, ObjectStore } from "./lib/ports";

export interface ArchiveOrderEventsDeps extends BaseDeps {
    objects: ObjectStore;
    /** RAW_PREFIX, ending with `/`. */
    rawPrefix: string;
}

/** The archived form of one record, and where it goes. */
export function archiveRecord(record: SQSRecord, rawPrefix: string, nowMs: number): { key: string; line: string } {
    const sentMs = Number(record.attributes?.SentTimestamp);
    const sentAt = new Date(Number.isFinite(sentMs) && sentMs > 0 ? sentMs : nowMs).toISOString();
    let message: unknown = record.body;
    try {
        message = JSON.parse(record.body) as unknown;
    } catch {
        // Not JSON: archived as text.
    }
    const orderId = typeof message === "object" && message !== null ? (message as Record<string, unknown>).orderId : undefined;
    const archived: ArchivedOrderEvent = {
        messageId: record.messageId,
        sentAt,
        status: record.messageAttributes?.status?.stringValue ?? null,
        orderId: typeof orderId === "string" ? orderId : null,
        message,
    };
    const safeId = record.messageId.replace(/[^A-Za-z0-9-]/g, "_");
    return { key: `${rawPrefix}dt=${sentAt.slice(0, 10)}/${safeId}.json`, line: `${JSON.stringify(archived)}\n` };
}

export function createHandler(deps: ArchiveOrderEventsDeps) {
    return async (event: SQSEvent, context?: InvocationContext): Promise<SQSBatchResponse> => {
        const logger = invocationLogger("archive-order-events", deps, context);
        const prefix = deps.rawPrefix === "" || deps.rawPrefix.endsWith("/") ? deps.rawPrefix : `${deps.rawPrefix}/`;
        const records = event.Records ?? [];
        const results = await Promise.allSettled(
            records.map(async (record) => {
                const { key, line } = archiveRecord(record, prefix, deps.clock.now());
                await deps.objects.put(key, line, "application/json");
                return key;
            }),
        );
        const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
        results.forEach((result, i) => {
            if (result.status === "rejected") {
                batchItemFailures.push({ itemIdentifier: records[i].messageId });
                logger.error("cannot archive a record", { messageId: records[i].messageId, error: result.reason as unknown });
            }
        });
        logger.info("records archived", { archived: records.length - batchItemFailures.length, failed: batchItemFailures.length });
        return { batchItemFailures };
    };
}

export const handler = lazyHandler(createHandler, () => ({
    objects: s3ObjectStore(requireEnv(ENV.dataLakeBucket)),
    rawPrefix: requireEnv(ENV.rawPrefix),
    clock: systemClock,
}));
