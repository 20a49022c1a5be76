/**
 * The small interfaces the handlers depend on. Handlers receive them in `createHandler(deps)`; `aws/*.ts` implements
 * them with the AWS SDK v3, tests with in-memory fakes (apps/functions/testing/fakes.ts).
 */
import type { OrderStatusMessage } from "../contract";
import type { Logger } from "./log";

/** A value a workflow record can hold (stored as a DynamoDB attribute value). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The key of a workflow-table record. */
export interface RecordKey {
    /** `order#<orderId>` (contract.ts RECORDS.orderKey). */
    pk: string;
    /** The record kind: `order`, `stock`, `payment`, `shipment`, `webhook#<partner>#<eventId>`. */
    sk: string;
}

/** A workflow-table record: key, TTL (`expiresAt`, epoch seconds), `status` and the record's own fields. */
export interface WorkflowRecord extends RecordKey {
    expiresAt: number;
    status: string;
    [field: string]: JsonValue;
}

/** The workflow table. */
export interface WorkflowStore {
    /** Writes the record unless one with its key exists (`attribute_not_exists(pk)`); false when it existed. */
    putIfAbsent(record: WorkflowRecord): Promise<boolean>;
    /** The record (strongly consistent read), undefined when absent. */
    get(key: RecordKey): Promise<WorkflowRecord | undefined>;
    /**
     * Sets `fields` on the record when it exists and its `status` is one of `expectedStatus`; false otherwise (the
     * record changed under us or is missing).
     */
    updateIfStatus(key: RecordKey, expectedStatus: readonly string[], fields: Record<string, JsonValue>): Promise<boolean>;
}

/** What happened to a task callback: delivered, or the task was already closed (completed, timed out, unknown). */
export type CallbackOutcome = "sent" | "closed";

/** Step Functions task callbacks (SendTaskSuccess / SendTaskFailure). */
export interface TaskCallbacks {
    succeed(taskToken: string, output: Record<string, JsonValue>): Promise<CallbackOutcome>;
    fail(taskToken: string, error: string, cause: string): Promise<CallbackOutcome>;
}

/** The order-status topic (SNS Publish, message attribute `status`). */
export interface StatusPublisher {
    publish(message: OrderStatusMessage): Promise<void>;
}

/** The data-lake bucket (S3 PutObject). */
export interface ObjectStore {
    put(key: string, body: string, contentType: string): Promise<void>;
}

/** The partner's signing key (Secrets Manager, JSON field `signingKey`); undefined when not configured. */
export interface SigningKeySource {
    signingKey(): Promise<string | undefined>;
}

/** A partner's answer. */
export interface PartnerResponse {
    /** HTTP status (2xx accepted, 4xx refused, anything else unavailable). */
    status: number;
    /** The parsed JSON answer, undefined when empty or not JSON. */
    body: unknown;
}

/** The partner's API (HTTPS POST with a signed JSON body). */
export interface PartnerClient {
    post(path: string, body: Record<string, JsonValue>, idempotencyKey: string): Promise<PartnerResponse>;
}

/** Time, injected so tests control TTLs, timestamps and signatures. */
export interface Clock {
    /** Milliseconds since the epoch. */
    now(): number;
}

/** What every handler receives besides its ports. */
export interface BaseDeps {
    clock: Clock;
    /** Defaults to a JSON logger on stdout at LOG_LEVEL. */
    logger?: Logger;
}

/** The part of the Lambda context the handlers read. */
export interface InvocationContext {
    awsRequestId?: string;
}
