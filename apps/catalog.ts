import type { ServiceSpec } from "../components/compute";
import { HEALTH_PROBES, OTEL_SDK_TRACING_ENV, RETAIL_REPOSITORY, RETAIL_VERSION } from "./retail";

/**
 * The product catalog (Go): products in MySQL (the image speaks no PostgreSQL; it creates its schema and seed data at
 * start), product search in OpenSearch through the fine-grained access control user (HTTP basic auth, not SigV4).
 * Both credentials come from Secrets Manager through External Secrets. Its MySQL DSN has no TLS parameter: the
 * database cannot require TLS for it (components/data/relational-database.ts says so), so the clients security group
 * and the isolated subnets are what protect that connection.
 */
export const catalog: ServiceSpec = {
    name: "catalog",
    image: { repository: `${RETAIL_REPOSITORY}-catalog`, tag: RETAIL_VERSION },
    probes: HEALTH_PROBES,
    resources: { cpu: "256m", memory: "256Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 4 } },
    env: {
        RETAIL_CATALOG_PERSISTENCE_PROVIDER: "mysql",
        RETAIL_CATALOG_PERSISTENCE_ENDPOINT: "{{catalog.endpoint}}",
        RETAIL_CATALOG_PERSISTENCE_DB_NAME: "catalog",
        RETAIL_CATALOG_SEARCH_ENABLED: "true",
        RETAIL_CATALOG_SEARCH_OS_ENDPOINT: "https://{{products.host}}",
        RETAIL_CATALOG_SEARCH_OS_INDEX: "products",
    },
    tracingEnv: { ...OTEL_SDK_TRACING_ENV },
    secretEnv: {
        RETAIL_CATALOG_PERSISTENCE_USER: { need: "catalog", key: "username" },
        RETAIL_CATALOG_PERSISTENCE_PASSWORD: { need: "catalog", key: "password" },
        RETAIL_CATALOG_SEARCH_OS_USERNAME: { need: "products", key: "username" },
        RETAIL_CATALOG_SEARCH_OS_PASSWORD: { need: "products", key: "password" },
    },
    needs: [{ kind: "database", name: "catalog" }, { kind: "search", name: "products" }],
    callers: ["ui"],
};
