/**
 * The integration layer's config keys (Pulumi config `ecommerce-platform:<key>`, declared in Pulumi.yaml with their
 * defaults): how much the fulfilment functions may scale, how long the workflow waits for a payment, the partner API's
 * throttle, where the partners live, and when the analytics ETL runs. Everything security-relevant (encryption,
 * signatures, least privilege, logging) is not configurable.
 */
import { z } from "zod";
import { ConfigOf, intFromText, objectFromText } from "../shared";
import { glueCronProblems } from "./data-lake-etl";
import { LAMBDA_DEPLOYMENT_CONFIGS } from "../delivery/function-deployment";

const concurrency = intFromText(1, 1000);

/** Reserved concurrency per kind of function: each function's ceiling, and what it is guaranteed. */
export const functionConcurrencyConfig = objectFromText({
    /** Each workflow task function (validate-order, reserve-stock, ...). */
    tasks: concurrency,
    /** Each partner webhook. */
    webhooks: concurrency,
    /** archive-order-events (the analytics queue's consumer). */
    archive: concurrency,
});

/** An HTTPS base URL, or empty (sandbox: the functions make no outbound partner call). */
const partnerUrl = z.string().regex(/^(https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[\w./-]*)?)?$/, "must be an https:// URL, or empty (sandbox)");

/** The partners' API base URLs. */
export const partnerUrlsConfig = objectFromText({ payment: partnerUrl, shipping: partnerUrl });

/** The partner API's stage throttle (API Gateway: requests per second, burst). */
export const partnerApiThrottleConfig = objectFromText({
    rateLimit: intFromText(1, 10000),
    burstLimit: intFromText(1, 5000),
});

/** The partner API's custom domain, or both fields empty (the default execute-api endpoint). */
export const partnerApiDomainConfig = objectFromText({
    domainName: z.string().regex(/^(([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})?$/, "must be a DNS name such as partners.example.com, or empty"),
    certificateArn: z.string().regex(/^(arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+)?$/,
        "must be an ACM certificate ARN in the stack's region, or empty"),
}).refine((d) => !d.domainName === !d.certificateArn, { message: "must set domainName and certificateArn together, or neither" });

/** The optional AppFlow import (components/integration/appflow-import.ts). */
export const appFlowConfig = objectFromText({
    /** The Salesforce connector profile (made outside the program, with its OAuth connection); empty = no import. */
    connectorProfileName: z.string().regex(/^([\w/!@#+=.-]{1,256})?$/, "must be an AppFlow connector profile name, or empty (no import)"),
    object: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, "must be a Salesforce object API name such as Order"),
    scheduleExpression: z.string().regex(/^rate\(\d+(minutes|hours|days)\)$/, "must be rate(<n>minutes|hours|days)"),
});

export const integrationConfig = {
    functionConcurrency: functionConcurrencyConfig,
    /** Minutes the workflow waits for the payment partner's webhook before it cancels the order. */
    paymentTimeoutMinutes: intFromText(1, 10080),
    partnerUrls: partnerUrlsConfig,
    partnerApiThrottle: partnerApiThrottleConfig,
    partnerApiDomain: partnerApiDomainConfig,
    /** When the orders ETL runs (a Glue/EventBridge cron expression). */
    analyticsSchedule: z.string().superRefine((s, ctx) => {
        for (const problem of glueCronProblems(s)) ctx.addIssue({ code: "custom", message: `must be a Glue cron expression such as cron(15 2 * * ? *): ${problem}` });
    }),
    /**
     * How CodeDeploy shifts each function's `live` alias to a new version: one of CodeDeploy's predefined Lambda
     * configurations without its `CodeDeployDefault.Lambda` prefix (AllAtOnce, Canary10Percent5Minutes,
     * Linear10PercentEvery1Minute, ...).
     */
    functionDeployment: z.enum(LAMBDA_DEPLOYMENT_CONFIGS),
    /** Import a Salesforce object into the data lake with AppFlow: off while connectorProfileName is empty. */
    appFlow: appFlowConfig,
};

export type IntegrationConfig = ConfigOf<typeof integrationConfig>;
