import type { ServiceSpec } from "../components/compute";
import { JAVA_OPTS, JAVA_PROBES, RETAIL_REPOSITORY, RETAIL_VERSION } from "./retail";

/** Orders (Java). In-memory store and messaging until the data and integration layers give it PostgreSQL and SQS. */
export const orders: ServiceSpec = {
    name: "orders",
    image: { repository: `${RETAIL_REPOSITORY}-orders`, tag: RETAIL_VERSION },
    probes: JAVA_PROBES,
    resources: { cpu: "256m", memory: "512Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } },
    env: { JAVA_OPTS, RETAIL_ORDERS_PERSISTENCE_PROVIDER: "in-memory", RETAIL_ORDERS_MESSAGING_PROVIDER: "in-memory" },
    callers: ["ui", "checkout"],
};
