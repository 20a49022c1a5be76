import type { ServiceSpec } from "../components/compute";
import { HEALTH_PROBES, RETAIL_REPOSITORY, RETAIL_VERSION } from "./retail";

/**
 * The product catalog (Go). Until the data layer gives it MySQL and OpenSearch it runs on its in-memory provider
 * (its seed data), so the storefront works end to end.
 */
export const catalog: ServiceSpec = {
    name: "catalog",
    image: { repository: `${RETAIL_REPOSITORY}-catalog`, tag: RETAIL_VERSION },
    probes: HEALTH_PROBES,
    resources: { cpu: "256m", memory: "256Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 4 } },
    env: { RETAIL_CATALOG_PERSISTENCE_PROVIDER: "in-memory" },
    callers: ["ui"],
};
