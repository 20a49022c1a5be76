import type { ServiceSpec } from "../components/compute";
import { JAVA_OPTS, JAVA_PROBES, RETAIL_REPOSITORY, RETAIL_VERSION } from "./retail";

/** The shopping cart (Java). In-memory until the data layer gives it its DynamoDB table. */
export const cart: ServiceSpec = {
    name: "cart",
    image: { repository: `${RETAIL_REPOSITORY}-cart`, tag: RETAIL_VERSION },
    probes: JAVA_PROBES,
    resources: { cpu: "256m", memory: "512Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } },
    env: { JAVA_OPTS, RETAIL_CART_PERSISTENCE_PROVIDER: "in-memory" },
    callers: ["ui"],
};
