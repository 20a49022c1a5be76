/** What reserve-stock and release-stock share about the `stock` record. */
import type { WorkflowRecord } from "./ports";

/** The reservation's id: derived from the order, so every retry names the same reservation. */
export function reservationId(orderId: string): string {
    return `res-${orderId}`;
}

/** The stored reservation's status (`released` unless it says `reserved`). */
export function stockStatus(record: WorkflowRecord | undefined): "reserved" | "released" {
    return record?.status === "reserved" ? "reserved" : "released";
}
