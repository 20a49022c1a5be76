/** The platform's reusable components, one folder per layer (each: service components, config keys, a layer component). */
export * as network from "./network";
export * as security from "./security";
export * as shared from "./shared";
