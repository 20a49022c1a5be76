/**
 * The tracing config key (Pulumi config `ecommerce-platform:tracing`, declared in Pulumi.yaml, a value per stack):
 * whether the stack runs the ADOT collector and the services send traces, and how much is sampled. Everything else
 * (the rules' structure, the collector's security) is not configurable.
 */
import { z } from "zod";
import { boolFromText, ConfigOf, intFromText, objectFromText } from "../shared";

/** A fraction from 0 to 1 (a sampling rate), from its text form. */
export function fractionFromText() {
    const allowed = "must be a number from 0 to 1 (a fraction of requests)";
    return z.preprocess((v) => (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : v),
        z.number({ error: allowed }).min(0, allowed).max(1, allowed));
}

/** Tracing: on/off, the shop's sampling rate, checkout's (higher) rate, and the traces per second always kept. */
export const tracingSettings = objectFromText({
    /** Run the collector, the X-Ray rules and groups, and set the services' OpenTelemetry environment. */
    enabled: boolFromText,
    /** Fraction of the shop's requests traced beyond the reservoir (X-Ray rules) and the services' head sampler ratio. */
    samplingRate: fractionFromText(),
    /** Fraction of checkout's and orders' requests traced beyond the reservoir: at least samplingRate. */
    checkoutSamplingRate: fractionFromText(),
    /** Requests per second traced before the rates apply (each rule's reservoir), 0 to 100. */
    reservoirPerSecond: intFromText(0, 100),
}).refine((t) => t.checkoutSamplingRate >= t.samplingRate, { message: "must have checkoutSamplingRate >= samplingRate (checkout is traced at least as much as the rest)" });

export const tracingConfig = { tracing: tracingSettings };

export type TracingConfig = ConfigOf<typeof tracingConfig>;
