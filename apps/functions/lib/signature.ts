/**
 * Webhook and partner-request signatures (contract.ts WEBHOOK_HEADERS): `x-signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<raw body>">`, `x-timestamp: <unix seconds>`, refused outside WEBHOOK_TOLERANCE_SECONDS.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { WEBHOOK_HEADERS, WEBHOOK_TOLERANCE_SECONDS } from "../contract";

const PREFIX = "sha256=";

/** The `x-signature` value for `rawBody` sent at `timestamp` (unix seconds). */
export function sign(signingKey: string, timestamp: number | string, rawBody: string | Buffer): string {
    const hmac = createHmac("sha256", signingKey);
    hmac.update(`${timestamp}.`);
    hmac.update(rawBody);
    return `${PREFIX}${hmac.digest("hex")}`;
}

/** The headers a signed request carries. */
export function signatureHeaders(signingKey: string, nowMs: number, rawBody: string): Record<string, string> {
    const timestamp = Math.floor(nowMs / 1000);
    return { [WEBHOOK_HEADERS.signature]: sign(signingKey, timestamp, rawBody), [WEBHOOK_HEADERS.timestamp]: String(timestamp) };
}

/** Why a request was refused (logged; the caller only sees 401). */
export type SignatureProblem = "missing signature" | "missing timestamp" | "malformed timestamp" | "stale timestamp" | "malformed signature" | "signature mismatch";

/** Verifies a request's signature; returns the problem, or undefined when it is genuine and fresh. */
export function verifySignature(args: {
    signingKey: string;
    signature: string | undefined;
    timestamp: string | undefined;
    rawBody: Buffer;
    nowMs: number;
}): SignatureProblem | undefined {
    if (args.signature === undefined || args.signature === "") {
        return "missing signature";
    }
    if (args.timestamp === undefined || args.timestamp === "") {
        return "missing timestamp";
    }
    if (!/^\d{1,12}$/.test(args.timestamp)) {
        return "malformed timestamp";
    }
    if (Math.abs(Math.floor(args.nowMs / 1000) - Number(args.timestamp)) > WEBHOOK_TOLERANCE_SECONDS) {
        return "stale timestamp";
    }
    if (!/^sha256=[0-9a-f]{64}$/i.test(args.signature)) {
        return "malformed signature";
    }
    const expected = Buffer.from(sign(args.signingKey, args.timestamp, args.rawBody).slice(PREFIX.length), "hex");
    const given = Buffer.from(args.signature.slice(PREFIX.length), "hex");
    return timingSafeEqual(expected, given) ? undefined : "signature mismatch";
}
