/** The observability layer: alarm definitions as data, the alarm topics, the alarms, the dashboard and the layer. */
export * from "./alarm-definitions";
export * from "./alarm-topic";
export * from "./alarms";
export * from "./config";
export * from "./dashboard";
export * from "./layer";
export * from "./targets";
