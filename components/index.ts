/** The platform's reusable components, one folder per layer (each: service components, config keys, a layer component). */
export * as network from "./network";
export * as security from "./security";
export * as compute from "./compute";
export * as data from "./data";
export * as integration from "./integration";
export * as edge from "./edge";
export * as delivery from "./delivery";
export * as shared from "./shared";
