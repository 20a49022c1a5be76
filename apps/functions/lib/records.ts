/** Idempotency helpers for the workflow table: keys, TTL and records (contract.ts RECORDS). */
import { RECORDS } from "../contract";
import type { Partner } from "../contract";
import type { JsonValue, RecordKey, WorkflowRecord } from "./ports";

const DAY_SECONDS = 24 * 60 * 60;

/** The TTL attribute of a record written at `nowMs`: now + RECORDS.retentionDays, epoch seconds. */
export function expiresAt(nowMs: number): number {
    return Math.floor(nowMs / 1000) + RECORDS.retentionDays * DAY_SECONDS;
}

/** The key of one of an order's records. */
export function recordKey(orderId: string, sk: string): RecordKey {
    return { pk: RECORDS.orderKey(orderId), sk };
}

/** The key of a handled partner webhook event. */
export function webhookEventKey(orderId: string, partner: Partner, eventId: string): RecordKey {
    return recordKey(orderId, RECORDS.webhookEvent(partner, eventId));
}

/** A new record with its TTL and `createdAt`, ready for putIfAbsent. */
export function newRecord(key: RecordKey, status: string, nowMs: number, fields: Record<string, JsonValue> = {}): WorkflowRecord {
    return { ...fields, ...key, status, createdAt: new Date(nowMs).toISOString(), expiresAt: expiresAt(nowMs) };
}

/** A string field of a record, undefined when absent or not a string. */
export function stringField(record: WorkflowRecord | undefined, field: string): string | undefined {
    const value = record?.[field];
    return typeof value === "string" ? value : undefined;
}
