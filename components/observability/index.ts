/** The observability layer: alarm definitions as data, the alarm topics, the alarms, the dashboard, the layer, X-Ray and the ADOT collector. */
export * from "./alarm-definitions";
export * from "./alarm-topic";
export * from "./alarms";
export * from "./config";
export * from "./dashboard";
export * from "./layer";
export * from "./targets";
export * from "./adot-collector";
export * from "./tracing-config";
export * from "./xray";
