import type { ServiceSpec } from "../components/compute";
import { JAVA_OPTS, JAVA_PROBES, JAVA_TRACING_ENV, RETAIL_REPOSITORY, RETAIL_VERSION } from "./retail";

/**
 * The shopping cart (Java): carts in the DynamoDB carts table, read and written with its own role (the table and its
 * customer index only, through the carts key). The endpoint stays unset (the SDK finds the region's from AWS_REGION,
 * which the Microservice sets), and the image never creates its table (`..._CREATE_TABLE` would drop it).
 */
export const cart: ServiceSpec = {
    name: "cart",
    image: { repository: `${RETAIL_REPOSITORY}-cart`, tag: RETAIL_VERSION },
    probes: JAVA_PROBES,
    resources: { cpu: "256m", memory: "512Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } },
    env: {
        JAVA_OPTS,
        RETAIL_CART_PERSISTENCE_PROVIDER: "dynamodb",
        RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME: "{{carts.name}}",
    },
    tracingEnv: { ...JAVA_TRACING_ENV },
    needs: [{ kind: "table", name: "carts", access: "read-write", indexes: true }, { kind: "key", domain: "carts" }],
    callers: ["ui"],
};
