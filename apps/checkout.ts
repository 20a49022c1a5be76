import type { ServiceSpec } from "../components/compute";
import { HEALTH_PROBES, OTEL_SDK_TRACING_ENV, RETAIL_REPOSITORY, RETAIL_VERSION, serviceUrl } from "./retail";

/**
 * Checkout (Node): sessions in the checkout Redis cache over TLS (`rediss://`; the image's client is a plain one, so
 * the cache runs with cluster mode disabled, and it sends no AUTH: the cache's clients security group is the control);
 * hands orders to the orders service.
 */
export const checkout: ServiceSpec = {
    name: "checkout",
    image: { repository: `${RETAIL_REPOSITORY}-checkout`, tag: RETAIL_VERSION },
    probes: HEALTH_PROBES,
    resources: { cpu: "128m", memory: "256Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } },
    env: {
        RETAIL_CHECKOUT_PERSISTENCE_PROVIDER: "redis",
        RETAIL_CHECKOUT_PERSISTENCE_REDIS_URL: "rediss://{{checkout.endpoint}}",
        RETAIL_CHECKOUT_ENDPOINTS_ORDERS: serviceUrl("orders"),
    },
    tracingEnv: { ...OTEL_SDK_TRACING_ENV },
    needs: [{ kind: "cache", name: "checkout" }],
    callers: ["ui"],
    calls: ["orders"],
};
