/**
 * The integration layer: queues with their dead-letter queues, topics with queue subscriptions, the fulfilment
 * functions, the partner webhook API, and the data lake's Glue ETL.
 */
export * from "./queue";
export * from "./topic";
export * from "./function";
export * from "./partner-api";
export * from "./data-lake-etl";
export * from "./appflow-import";
export * from "./config";
export * from "./layer";
export * from "./fulfilment-definition";
export * from "./fulfilment-workflow";
