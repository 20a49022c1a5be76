/** In-memory fakes of the ports (lib/ports.ts) that record every side effect, for the handlers' tests. */
import { createHmac } from "node:crypto";
import type { APIGatewayProxyEvent } from "aws-lambda";
import type { OrderStatusMessage } from "../contract";
import type { Logger, LogSink } from "../lib/log";
import { createLogger } from "../lib/log";
import type {
    CallbackOutcome,
    Clock,
    JsonValue,
    ObjectStore,
    PartnerClient,
    PartnerResponse,
    RecordKey,
    SigningKeySource,
    StatusPublisher,
    TaskCallbacks,
    WorkflowRecord,
    WorkflowStore,
} from "../lib/ports";

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The workflow table in memory, with DynamoDB's conditional semantics; `writes` lists every successful write. */
export class MemoryStore implements WorkflowStore {
    readonly items = new Map<string, WorkflowRecord>();
    readonly writes: { op: "put" | "update"; pk: string; sk: string; fields?: Record<string, JsonValue> }[] = [];

    private id(key: RecordKey): string {
        return `${key.pk}|${key.sk}`;
    }

    putIfAbsent(record: WorkflowRecord): Promise<boolean> {
        if (this.items.has(this.id(record))) {
            return Promise.resolve(false);
        }
        this.items.set(this.id(record), clone(record));
        this.writes.push({ op: "put", pk: record.pk, sk: record.sk });
        return Promise.resolve(true);
    }

    get(key: RecordKey): Promise<WorkflowRecord | undefined> {
        const found = this.items.get(this.id(key));
        return Promise.resolve(found === undefined ? undefined : clone(found));
    }

    updateIfStatus(key: RecordKey, expectedStatus: readonly string[], fields: Record<string, JsonValue>): Promise<boolean> {
        const found = this.items.get(this.id(key));
        if (found === undefined || !expectedStatus.includes(found.status)) {
            return Promise.resolve(false);
        }
        Object.assign(found, clone(fields));
        this.writes.push({ op: "update", pk: key.pk, sk: key.sk, fields: clone(fields) });
        return Promise.resolve(true);
    }

    /** A record by order id and sk, for assertions. */
    record(orderId: string, sk: string): WorkflowRecord | undefined {
        return this.items.get(`order#${orderId}|${sk}`);
    }

    /** Seeds a record (not counted as a write). */
    seed(orderId: string, sk: string, fields: Record<string, JsonValue>): void {
        this.items.set(`order#${orderId}|${sk}`, { pk: `order#${orderId}`, sk, expiresAt: 0, status: "", ...clone(fields) });
    }
}

/** Task callbacks recorded; tokens in `closed` answer "closed" (the task no longer waits). */
export class FakeCallbacks implements TaskCallbacks {
    readonly calls: { kind: "success" | "failure"; taskToken: string; output?: unknown; error?: string; cause?: string }[] = [];
    readonly closed = new Set<string>();

    succeed(taskToken: string, output: Record<string, JsonValue>): Promise<CallbackOutcome> {
        this.calls.push({ kind: "success", taskToken, output: clone(output) });
        return Promise.resolve(this.closed.has(taskToken) ? "closed" : "sent");
    }

    fail(taskToken: string, error: string, cause: string): Promise<CallbackOutcome> {
        this.calls.push({ kind: "failure", taskToken, error, cause });
        return Promise.resolve(this.closed.has(taskToken) ? "closed" : "sent");
    }
}

/** Messages published to the order-status topic. */
export class FakePublisher implements StatusPublisher {
    readonly messages: OrderStatusMessage[] = [];

    publish(message: OrderStatusMessage): Promise<void> {
        this.messages.push(clone(message));
        return Promise.resolve();
    }
}

/** Objects put in the bucket; keys matching `failWhen` are refused. */
export class FakeObjects implements ObjectStore {
    readonly objects = new Map<string, { body: string; contentType: string }>();
    failWhen: (key: string) => boolean = () => false;

    put(key: string, body: string, contentType: string): Promise<void> {
        if (this.failWhen(key)) {
            return Promise.reject(new Error("AccessDenied"));
        }
        this.objects.set(key, { body, contentType });
        return Promise.resolve();
    }
}

/** A signing key source answering `key` (undefined = not configured); counts reads. */
export class FakeKeys implements SigningKeySource {
    reads = 0;
    constructor(public key: string | undefined) {}

    signingKey(): Promise<string | undefined> {
        this.reads += 1;
        return Promise.resolve(this.key);
    }
}

/** The partner: answers `responses[path]` (default 202 `{}`), records every call. */
export class FakePartner implements PartnerClient {
    readonly calls: { path: string; body: Record<string, JsonValue>; idempotencyKey: string }[] = [];
    readonly responses: Record<string, PartnerResponse> = {};

    post(path: string, body: Record<string, JsonValue>, idempotencyKey: string): Promise<PartnerResponse> {
        this.calls.push({ path, body: clone(body), idempotencyKey });
        return Promise.resolve(this.responses[path] ?? { status: 202, body: {} });
    }
}

/** A clock at `ms` that tests move. */
export class FakeClock implements Clock {
    constructor(public ms = Date.UTC(2026, 0, 15, 12, 0, 0)) {}

    now(): number {
        return this.ms;
    }
}

/** A JSON logger (the real one) writing into `lines`. */
export function captureLogger(functionName: string, clock: Clock): { lines: string[]; logger: ReturnType<typeof createLogger> } {
    const lines: string[] = [];
    const sink: LogSink = (line) => lines.push(line);
    return { lines, logger: createLogger({ functionName, level: "debug", sink, now: () => clock.now() }) };
}

/** A logger that writes nothing. */
export const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quietLogger };

/** The signature a partner sends, computed here independently of lib/signature.ts. */
export function partnerSignature(key: string, timestamp: number, rawBody: string): string {
    return `sha256=${createHmac("sha256", key).update(`${timestamp}.${rawBody}`).digest("hex")}`;
}

/** An API Gateway REST proxy event for a webhook POST, signed with `key` at `nowMs` unless `headers` overrides. */
export function webhookRequest(
    resource: string,
    body: string,
    options: { key?: string; nowMs: number; headers?: Record<string, string>; base64?: boolean },
): APIGatewayProxyEvent {
    const timestamp = Math.floor(options.nowMs / 1000);
    const signed = options.key === undefined ? {} : { "X-Signature": partnerSignature(options.key, timestamp, body), "X-Timestamp": String(timestamp) };
    return {
        resource,
        path: resource,
        httpMethod: "POST",
        headers: { "Content-Type": "application/json", ...signed, ...options.headers },
        multiValueHeaders: {},
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        stageVariables: null,
        requestContext: {} as APIGatewayProxyEvent["requestContext"],
        body: options.base64 ? Buffer.from(body, "utf8").toString("base64") : body,
        isBase64Encoded: options.base64 ?? false,
    };
}
