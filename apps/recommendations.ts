import type { ServiceSpec } from "../components/compute";

/**
 * Product recommendations for the storefront (the ui's optional RETAIL_UI_ENDPOINTS_RECOMMENDATIONS). An image of our
 * own from the platform's ECR repository, like users: not in the default `apps` list until it has one.
 */
export const recommendations: ServiceSpec = {
    name: "recommendations",
    probes: { readiness: { path: "/health/ready" }, liveness: { path: "/health/live" } },
    resources: { cpu: "250m", memory: "512Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } },
    env: { RECOMMENDATIONS_MODEL_BUCKET: "{{data-lake.name}}", RECOMMENDATIONS_MODEL_PREFIX: "recommendations/" },
    // Reads the model the analytics jobs write to the data lake: that prefix only, read-only, through the assets key.
    needs: [{ kind: "bucket", name: "data-lake", access: "read", prefix: "recommendations/" }, { kind: "key", domain: "assets" }],
    callers: ["ui"],
};
