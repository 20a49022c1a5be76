/** The integration layer: queues with their dead-letter queues, topics with queue subscriptions, the partner webhook API. */
export * from "./queue";
export * from "./topic";
export * from "./function";
export * from "./layer";
export * from "./partner-api";
