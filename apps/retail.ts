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
/**
 * What the Java images' OpenTelemetry agent needs to trace (RETAIL-APP.md, Tracing), set only when the stack traces:
 * the SDK on (the images ship it disabled), OTLP over HTTP, the AWS resource detectors, no metrics over OTLP (the
 * collector has only a traces pipeline), W3C trace context and baggage. The Microservice adds the service's name,
 * the collector's endpoint and the sampler.
 */
export const JAVA_TRACING_ENV: Readonly<Record<string, string>> = {
    OTEL_SDK_DISABLED: "false",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_RESOURCE_PROVIDERS_AWS_ENABLED: "true",
    OTEL_METRICS_EXPORTER: "none",
    OTEL_PROPAGATORS: "tracecontext,baggage",
};
/**
 * The catalog (Go) traces once OTEL_SERVICE_NAME is set and checkout (Node) always starts its SDK: both read the
 * standard OTLP variables; the protocol is stated for SDKs that honour it, and no metrics go to the collector.
 */
export const OTEL_SDK_TRACING_ENV: Readonly<Record<string, string>> = {
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_METRICS_EXPORTER: "none",
    OTEL_PROPAGATORS: "tracecontext,baggage",
};
/** Spring Boot actuator probes of the Java images (readiness after 10 s). */
export const JAVA_PROBES: ProbesSpec = {
    readiness: { path: "/actuator/health/readiness", initialDelaySeconds: 10 },
    liveness: { path: "/actuator/health/liveness" },
};
/** The Go and Node images (catalog, checkout) answer one health path. */
export const HEALTH_PROBES: ProbesSpec = { readiness: { path: "/health" }, liveness: { path: "/health" } };
/** A service's in-cluster URL, as the ui and checkout reach it: `http://<name>.<name>.svc:80`. */
export const serviceUrl = (name: string) => `http://${name}.${name}.svc:80`;
