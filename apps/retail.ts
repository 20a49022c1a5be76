/**
 * What the public retail-store images (aws-containers/retail-store-sample-app, shared/RETAIL-APP.md) have in common:
 * the registry, the pinned version, the Java services' options and probes. Not an app spec.
 */
import type { ProbesSpec } from "../components/compute";

/** Where the retail images live; `<RETAIL_REPOSITORY>-<service>` is a service's repository. */
export const RETAIL_REPOSITORY = "public.ecr.aws/aws-containers/retail-store-sample";
/** The pinned release of the retail images (a tag; the delivery layer promotes our own images by digest). */
export const RETAIL_VERSION = "1.6.2";
/** JVM options of the Java images (ui, cart, orders): size the heap from the container's memory limit. */
export const JAVA_OPTS = "-XX:MaxRAMPercentage=75.0 -Djava.security.egd=file:/dev/urandom";
/** Spring Boot actuator probes of the Java images (readiness after 10 s). */
export const JAVA_PROBES: ProbesSpec = {
    readiness: { path: "/actuator/health/readiness", initialDelaySeconds: 10 },
    liveness: { path: "/actuator/health/liveness" },
};
/** The Go and Node images (catalog, checkout) answer one health path. */
export const HEALTH_PROBES: ProbesSpec = { readiness: { path: "/health" }, liveness: { path: "/health" } };
/** A service's in-cluster URL, as the ui and checkout reach it: `http://<name>.<name>.svc:80`. */
export const serviceUrl = (name: string) => `http://${name}.${name}.svc:80`;
