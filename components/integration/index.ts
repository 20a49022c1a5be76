/** The integration layer: queues with their dead-letter queues, topics with queue subscriptions. */
export * from "./queue";
export * from "./topic";
export * from "./layer";
export * from "./fulfilment-definition";
export * from "./fulfilment-workflow";
