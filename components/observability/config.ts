/**
 * The observability layer's config keys (Pulumi config `ecommerce-platform:<key>`, declared in Pulumi.yaml). What is
 * always on (an alarm per definition and resource, both alarm topics encrypted, the dashboard) is not configurable.
 */
import { z } from "zod";
import { boolFromText, ConfigOf, listFromText } from "../shared";
import { tracingConfig } from "./tracing-config";

/** An email address SNS can subscribe (a plain address, no display name). */
export const EMAIL_ADDRESS = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,63}$/;

export const observabilityConfig = {
    /**
     * Who the alarm topics email (each address confirms its subscription once). May be empty (dev: look at the
     * dashboard); prod's placeholder must be replaced with the on-call address.
     */
    alarmEmails: listFromText(z.string().regex(EMAIL_ADDRESS, "must be an email address such as oncall@example.com")),
    /**
     * Turn on the account's "resource tags for telemetry" in the stack's region (one setting per account and region):
     * the load balancers' 5xx alarms select the shop's ALB by its tag. false when the account already has it on.
     */
    resourceTagTelemetry: boolFromText,
    /** Tracing: the ADOT collector, X-Ray's sampling rules and groups, the services' OpenTelemetry settings. */
    ...tracingConfig,
};

export type ObservabilityConfig = ConfigOf<typeof observabilityConfig>;
