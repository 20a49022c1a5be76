import type { ServiceSpec } from "../components/compute";
import { JAVA_OPTS, JAVA_PROBES, JAVA_TRACING_ENV, RETAIL_REPOSITORY, RETAIL_VERSION } from "./retail";

/**
 * Orders (Java): orders in PostgreSQL (Flyway creates the schema; the database requires TLS, which the JDBC driver's
 * default `sslmode=prefer` negotiates), credentials from Secrets Manager through External Secrets; each new order sent
 * to the order-events queue (the image's `sqs` provider: GetQueueUrl then SendMessage, encrypted with the events key).
 */
export const orders: ServiceSpec = {
    name: "orders",
    image: { repository: `${RETAIL_REPOSITORY}-orders`, tag: RETAIL_VERSION },
    probes: JAVA_PROBES,
    resources: { cpu: "256m", memory: "512Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } },
    env: {
        JAVA_OPTS,
        RETAIL_ORDERS_PERSISTENCE_PROVIDER: "postgres",
        RETAIL_ORDERS_PERSISTENCE_ENDPOINT: "{{orders.endpoint}}",
        RETAIL_ORDERS_PERSISTENCE_NAME: "orders",
        RETAIL_ORDERS_MESSAGING_PROVIDER: "sqs",
        RETAIL_ORDERS_MESSAGING_SQS_TOPIC: "{{order-events.name}}",
    },
    tracingEnv: { ...JAVA_TRACING_ENV },
    secretEnv: {
        RETAIL_ORDERS_PERSISTENCE_USERNAME: { need: "orders", key: "username" },
        RETAIL_ORDERS_PERSISTENCE_PASSWORD: { need: "orders", key: "password" },
    },
    needs: [{ kind: "database", name: "orders" }, { kind: "queue", name: "order-events", access: "send" }, { kind: "key", domain: "events" }],
    callers: ["ui", "checkout"],
};
