/**
 * The partner's signing key, read from its secret (JSON field `signingKey`) and cached per container for a short
 * time, so a rotated key is picked up within minutes without a Secrets Manager call per request.
 */
import type { SigningKeySource } from "./ports";

/** How long a key read is reused. */
export const SIGNING_KEY_TTL_MS = 5 * 60 * 1000;

/**
 * A SigningKeySource over `readSecret` (the secret's string, undefined when it has none). A secret that is not JSON
 * or lacks `signingKey` counts as not configured (undefined): the webhooks answer 503.
 */
export function cachedSigningKey(readSecret: () => Promise<string | undefined>, now: () => number, ttlMs = SIGNING_KEY_TTL_MS): SigningKeySource {
    let cached: { key: string | undefined; until: number } | undefined;
    return {
        async signingKey() {
            const at = now();
            if (cached !== undefined && at < cached.until) {
                return cached.key;
            }
            const key = signingKeyOf(await readSecret());
            cached = { key, until: at + ttlMs };
            return key;
        },
    };
}

function signingKeyOf(secret: string | undefined): string | undefined {
    if (secret === undefined) {
        return undefined;
    }
    try {
        const parsed = JSON.parse(secret) as unknown;
        const key = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).signingKey : undefined;
        return typeof key === "string" && key.length > 0 ? key : undefined;
    } catch {
        return undefined;
    }
}
