import type { ServiceSpec } from "../components/compute";

/**
 * The user-profile service beside Cognito (the edge layer's user pool). It runs an image of our own, built by the
 * delivery layer into the platform's ECR repository: until one exists there is no image, so the app is not in the
 * default `apps` list, and enabling it without `appImages.users` stops the program naming the key to set.
 */
export const users: ServiceSpec = {
    name: "users",
    probes: { readiness: { path: "/health/ready" }, liveness: { path: "/health/live" } },
    resources: { cpu: "128m", memory: "256Mi" },
    replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 4 } },
    env: { USERS_UPLOADS_BUCKET: "{{uploads.name}}", USERS_UPLOADS_PREFIX: "profiles/" },
    // Profile pictures: its own prefix of the uploads bucket only, through the assets key.
    needs: [{ kind: "bucket", name: "uploads", access: "read-write", prefix: "profiles/" }, { kind: "key", domain: "assets" }],
    // Called by the identity flows of the edge layer; nothing in the cluster calls it yet, so its ingress stays closed.
    callers: [],
};
