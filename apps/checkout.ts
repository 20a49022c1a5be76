import type { ServiceSpec } from "../components/compute";
import { HEALTH_PROBES, RETAIL_REPOSITORY, RETAIL_VERSION, serviceUrl } from "./retail";

/** Checkout (Node). In-memory sessions until the data layer gives it Redis; hands orders to the orders service. */
export const checkout: ServiceSpec = {
    name: "checkout",
    image: { repository: `${RETAIL_REPOSITORY}-checkout`, tag: RETAIL_VERSION },
    probes: HEALTH_PROBES,
    resources: { cpu: "128m", memory: "256Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } },
    env: { RETAIL_CHECKOUT_PERSISTENCE_PROVIDER: "in-memory", RETAIL_CHECKOUT_ENDPOINTS_ORDERS: serviceUrl("orders") },
    callers: ["ui"],
    calls: ["orders"],
};
