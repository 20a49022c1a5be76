/**
 * The webhook pipeline both partner webhooks share (API Gateway REST proxy events, contract.ts webhook contract):
 * verify the signature over the raw body, validate the body, skip an event already handled, check the order, record
 * the event (conditional put), run the side effects, mark the event handled. Responses never carry internal errors.
 *
 * An event record is written `received` before the side effects and set `handled` after them: a partner retry after
 * a crash in between finds it `received` and runs the (idempotent) side effects again; a retry after `handled` is
 * answered 200 duplicate with no side effect.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type * as z from "zod/mini";
import { RECORDS, WEBHOOK_HEADERS } from "../contract";
import type { Partner } from "../contract";
import type { Logger } from "./log";
import type { BaseDeps, SigningKeySource, WorkflowRecord, WorkflowStore } from "./ports";
import { newRecord, recordKey, webhookEventKey } from "./records";
import { verifySignature } from "./signature";
import { parseJsonText, parseWith, ValidationError } from "./validate";

/** Ports of a webhook. */
export interface WebhookDeps extends BaseDeps {
    store: WorkflowStore;
    signingKeys: SigningKeySource;
}

/** A refusal after the checks (404 unknown order, 409 wrong state). */
export interface Refusal {
    statusCode: 404 | 409;
    error: string;
}

/** What a webhook does with a genuine, valid event: refuse it, or the side effects to run. */
export type Verdict = Refusal | { apply: () => Promise<void> };

/** The per-partner part of a webhook. */
export interface WebhookSpec<E extends { eventId: string; orderId: string }> {
    partner: Partner;
    /** The body's schema. */
    schema: z.ZodMiniType<E>;
    /**
     * Checks the event against the order's records and returns the side effects. `resumed` is true when this event
     * was recorded before but not finished (apply again; its first attempt may have done part of it).
     */
    decide(event: E, order: WorkflowRecord, resumed: boolean, logger: Logger): Promise<Verdict>;
}

function respond(statusCode: number, body: Record<string, string>): APIGatewayProxyResult {
    return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** A header's value, whatever its case (API Gateway passes them as sent). */
export function header(event: Pick<APIGatewayProxyEvent, "headers">, name: string): string | undefined {
    const headers = event.headers ?? {};
    const found = Object.keys(headers).find((key) => key.toLowerCase() === name);
    return found === undefined ? undefined : headers[found];
}

/** The raw body bytes as the partner signed them (API Gateway base64-encodes binary bodies). */
export function rawBody(event: Pick<APIGatewayProxyEvent, "body" | "isBase64Encoded">): Buffer {
    if (event.body === null || event.body === undefined) {
        return Buffer.alloc(0);
    }
    return event.isBase64Encoded ? Buffer.from(event.body, "base64") : Buffer.from(event.body, "utf8");
}

/** Runs one webhook request through the pipeline. */
export async function handleWebhook<E extends { eventId: string; orderId: string }>(
    spec: WebhookSpec<E>,
    deps: WebhookDeps,
    request: APIGatewayProxyEvent,
    logger: Logger,
): Promise<APIGatewayProxyResult> {
    try {
        let signingKey: string | undefined;
        try {
            signingKey = await deps.signingKeys.signingKey();
        } catch (error) {
            logger.error("cannot read the signing key", { error });
        }
        if (signingKey === undefined) {
            logger.error("the partner signing key is not configured (secret field signingKey)");
            return respond(503, { error: "signing key not configured" });
        }
        const body = rawBody(request);
        const problem = verifySignature({
            signingKey,
            signature: header(request, WEBHOOK_HEADERS.signature),
            timestamp: header(request, WEBHOOK_HEADERS.timestamp),
            rawBody: body,
            nowMs: deps.clock.now(),
        });
        if (problem !== undefined) {
            logger.warn("refused: bad signature", { problem });
            return respond(401, { error: "invalid signature" });
        }
        const what = `Invalid ${spec.partner} event`;
        const event = parseWith(spec.schema, parseJsonText(body.toString("utf8"), "body", what), what);
        const eventLogger = logger.child({ orderId: event.orderId, eventId: event.eventId });
        const eventKey = webhookEventKey(event.orderId, spec.partner, event.eventId);
        const seen = await deps.store.get(eventKey);
        if (seen?.status === "handled") {
            eventLogger.info("duplicate event: already handled");
            return respond(200, { status: "duplicate" });
        }
        const order = await deps.store.get(recordKey(event.orderId, RECORDS.order));
        if (order === undefined) {
            eventLogger.warn("refused: unknown order");
            return respond(404, { error: "unknown order" });
        }
        const verdict = await spec.decide(event, order, seen !== undefined, eventLogger);
        if ("statusCode" in verdict) {
            eventLogger.warn("refused", { statusCode: verdict.statusCode, reason: verdict.error });
            return respond(verdict.statusCode, { error: verdict.error });
        }
        if (seen === undefined) {
            await deps.store.putIfAbsent(newRecord(eventKey, "received", deps.clock.now()));
        }
        await verdict.apply();
        await deps.store.updateIfStatus(eventKey, ["received"], { status: "handled", handledAt: new Date(deps.clock.now()).toISOString() });
        eventLogger.info("event handled");
        return respond(202, { status: "accepted" });
    } catch (error) {
        if (error instanceof ValidationError) {
            logger.warn("refused: malformed body", { problems: error.problems });
            return respond(400, { error: error.message });
        }
        logger.error("webhook failed", { error });
        return respond(500, { error: "internal error" });
    }
}
