import type { ServiceSpec } from "../components/compute";
import { JAVA_OPTS, JAVA_PROBES, JAVA_TRACING_ENV, RETAIL_REPOSITORY, RETAIL_VERSION, serviceUrl } from "./retail";

/** The storefront: no AWS permission at all; the shop's public entry on the shared load balancer; calls the backends. */
export const ui: ServiceSpec = {
    name: "ui",
    image: { repository: `${RETAIL_REPOSITORY}-ui`, tag: RETAIL_VERSION },
    probes: JAVA_PROBES,
    resources: { cpu: "128m", memory: "512Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 10 } },
    env: {
        JAVA_OPTS,
        RETAIL_UI_ENDPOINTS_CATALOG: serviceUrl("catalog"),
        RETAIL_UI_ENDPOINTS_CARTS: serviceUrl("cart"),
        RETAIL_UI_ENDPOINTS_CHECKOUT: serviceUrl("checkout"),
        RETAIL_UI_ENDPOINTS_ORDERS: serviceUrl("orders"),
    },
    tracingEnv: { ...JAVA_TRACING_ENV },
    calls: ["catalog", "cart", "checkout", "orders"],
    ingress: { path: "/", public: true },
    // The image binds its port with a capability it declares upstream.
    addCapabilities: ["NET_BIND_SERVICE"],
};
