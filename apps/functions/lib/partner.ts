/**
 * The partner's API: HTTPS POST of a JSON body signed like a webhook (contract.ts WEBHOOK_HEADERS) plus an
 * `idempotency-key` header, so a retried request is recognised by the partner. Without PARTNER_URL the client is a
 * sandbox: it makes no call, logs that, and answers 202.
 */
import { namedError, PARTNER_UNAVAILABLE } from "./errors";
import type { Logger } from "./log";
import type { Clock, JsonValue, PartnerClient, SigningKeySource } from "./ports";
import { signatureHeaders } from "./signature";

/** How long a partner call may take (the task functions' own timeout is longer). */
const PARTNER_TIMEOUT_MS = 8000;

/** A PartnerClient posting to `baseUrl`, or the sandbox when `baseUrl` is undefined. */
export function httpPartnerClient(baseUrl: string | undefined, keys: SigningKeySource, clock: Clock, logger: Logger): PartnerClient {
    return {
        async post(path, body, idempotencyKey) {
            if (baseUrl === undefined) {
                logger.info("partner sandbox: PARTNER_URL is not set, no call made", { path, idempotencyKey });
                return { status: 202, body: { sandbox: true } };
            }
            const signingKey = await keys.signingKey();
            if (signingKey === undefined) {
                throw namedError(PARTNER_UNAVAILABLE, "The partner signing key is not configured (secret field signingKey)");
            }
            const raw = JSON.stringify(body);
            const url = new URL(path.replace(/^\//, ""), baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
            let response: Response;
            try {
                response = await fetch(url, {
                    method: "POST",
                    headers: { "content-type": "application/json", "idempotency-key": idempotencyKey, ...signatureHeaders(signingKey, clock.now(), raw) },
                    body: raw,
                    signal: AbortSignal.timeout(PARTNER_TIMEOUT_MS),
                });
            } catch (error) {
                throw namedError(PARTNER_UNAVAILABLE, `The partner did not answer ${path}: ${(error as Error).message}`);
            }
            const text = await response.text();
            let parsed: unknown;
            try {
                parsed = text === "" ? undefined : (JSON.parse(text) as unknown);
            } catch {
                parsed = undefined;
            }
            return { status: response.status, body: parsed };
        },
    };
}

/** The partner's verdict on a request. */
export type PartnerVerdict = { accepted: true; body: Record<string, unknown> } | { accepted: false; status: number; reason: string };

/**
 * Asks the partner and classifies the answer: 2xx accepted, 4xx (but 408/429) refused, anything else throws
 * PartnerUnavailable so the workflow retries.
 */
export async function askPartner(client: PartnerClient, path: string, body: Record<string, JsonValue>, idempotencyKey: string): Promise<PartnerVerdict> {
    const response = await client.post(path, body, idempotencyKey);
    const answer = typeof response.body === "object" && response.body !== null ? (response.body as Record<string, unknown>) : {};
    if (response.status >= 200 && response.status < 300) {
        return { accepted: true, body: answer };
    }
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        const reason = typeof answer.reason === "string" ? answer.reason.slice(0, 200) : `HTTP ${response.status}`;
        return { accepted: false, status: response.status, reason };
    }
    throw namedError(PARTNER_UNAVAILABLE, `The partner answered ${path} with HTTP ${response.status}`);
}
