/**
 * XRayTracing (`platform:observability:XRayTracing`): what X-Ray keeps of the shop's traces and how they are found.
 *
 * - Sampling rules (used by every SDK that samples through X-Ray, here through the ADOT collector's X-Ray proxy):
 *   health checks (`/health*`) and actuator endpoints (`/actuator/*`) at a token rate with no reservoir, checkout and
 *   orders (the money path) at a higher rate, and everything else of the shop at the default rate. Each rule keeps a
 *   reservoir (traces per second always sampled) before its rate applies. X-Ray evaluates rules by priority (lowest
 *   first): health and actuator (100, 110), checkout and orders (200, 210), the shop's default (9000); AWS's own
 *   `Default` rule (10000) stays last.
 * - Groups with filter expressions and X-Ray Insights: faults and errors of the whole shop, slow or failing checkouts,
 *   and one group per traced service (its faults and errors), so an on-call engineer opens a ready-made view and
 *   Insights raises anomalies per group.
 * - Encryption (optional, off by default): `aws.xray.EncryptionConfig` is one setting per account and region, not a
 *   resource of this stack: two stacks in one account would overwrite each other's, and deleting the stack would not
 *   restore the previous setting. Traces are encrypted at rest by X-Ray either way (AWS-owned key); give
 *   `encryptionKeyArn` only from the one stack that owns the account's X-Ray settings, with a key whose policy admits
 *   X-Ray and every trace writer and reader.
 *
 * X-Ray names sampling rules and groups per account and region, at most 32 characters: names are
 * `<namePrefix>-<suffix>`, so the prefix is short (`shop-prod`) and every name is checked before anything is created.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, mergeTags, Tags } from "../shared";

/** X-Ray's longest sampling rule or group name. */
export const XRAY_NAME_MAX = 32;
/** Paths of health checks: never worth a trace beyond a token rate. */
export const HEALTH_PATHS = { health: "/health*", actuator: "/actuator/*" } as const;
/** Rate of the health and actuator rules (one request in a thousand, no reservoir: a broken probe still shows up). */
export const HEALTH_SAMPLING_RATE = 0.001;
/** A checkout slower than this many seconds lands in the checkout group. */
export const CHECKOUT_SLOW_SECONDS = 2;
/** The services of the money path, sampled at `checkoutSamplingRate`. */
export const CHECKOUT_SERVICES = ["checkout", "orders"] as const;

export interface XRayTracingArgs {
    /** Prefix of the rules' and groups' names, short and unique per stack in the account: `shop-prod`. 1-16 characters. */
    namePrefix: string;
    /** The traced services' names (OTEL_SERVICE_NAME): one group per service. Defaults to none. */
    services?: string[];
    /** Fraction of the shop's requests sampled beyond the reservoir, 0 to 1 (the shop's default rule). */
    samplingRate: number;
    /** Fraction of checkout's and orders' requests sampled beyond the reservoir, samplingRate to 1. */
    checkoutSamplingRate: number;
    /** Requests per second each rule (but the health rules) samples before its rate applies, 0 to 100. Defaults to 1. */
    reservoirPerSecond?: number;
    /** Enable X-Ray Insights notifications (EventBridge) on the groups. Defaults to true. */
    insightsNotifications?: boolean;
    /**
     * A KMS key for the account's X-Ray encryption setting (account- and region-wide, see the file header). Defaults
     * to none: the setting is left as it is (X-Ray's own encryption at rest).
     */
    encryptionKeyArn?: pulumi.Input<string>;
    /** Tags merged into the rules and groups. */
    tags?: Tags;
}

const defaults = { services: [] as string[], reservoirPerSecond: 1, insightsNotifications: true };

/** One sampling rule, as the component creates it. */
export interface SamplingRulePlan {
    suffix: string;
    priority: number;
    serviceName: string;
    urlPath: string;
    fixedRate: number;
    reservoirSize: number;
}

/** One group: its name suffix and filter expression. */
export interface GroupPlan {
    suffix: string;
    filterExpression: string;
}

/** The sampling rules for the given rates (pure). */
export function samplingRules(a: { samplingRate: number; checkoutSamplingRate: number; reservoirPerSecond: number }): SamplingRulePlan[] {
    return [
        { suffix: "health", priority: 100, serviceName: "*", urlPath: HEALTH_PATHS.health, fixedRate: HEALTH_SAMPLING_RATE, reservoirSize: 0 },
        { suffix: "actuator", priority: 110, serviceName: "*", urlPath: HEALTH_PATHS.actuator, fixedRate: HEALTH_SAMPLING_RATE, reservoirSize: 0 },
        ...CHECKOUT_SERVICES.map((svc, i) => ({
            suffix: svc, priority: 200 + 10 * i, serviceName: svc, urlPath: "*", fixedRate: a.checkoutSamplingRate, reservoirSize: a.reservoirPerSecond,
        })),
        { suffix: "default", priority: 9000, serviceName: "*", urlPath: "*", fixedRate: a.samplingRate, reservoirSize: a.reservoirPerSecond },
    ];
}

/** The groups: the shop's faults and errors, slow or failing checkouts, one per service (pure). */
export function tracingGroups(services: readonly string[]): GroupPlan[] {
    const checkout = CHECKOUT_SERVICES.map((s) => `service("${s}")`).join(" OR ");
    return [
        { suffix: "faults", filterExpression: "fault = true OR error = true OR throttle = true" },
        { suffix: "checkout", filterExpression: `(${checkout}) AND (responsetime > ${CHECKOUT_SLOW_SECONDS} OR fault = true OR error = true)` },
        ...services.map((s) => ({ suffix: `svc-${s}`, filterExpression: `service("${s}") { fault = true OR error = true }` })),
    ];
}

export class XRayTracing extends pulumi.ComponentResource {
    /** The sampling rules, by suffix (health, actuator, checkout, orders, default). */
    readonly samplingRules: Record<string, aws.xray.SamplingRule>;
    /** The groups, by suffix (faults, checkout, svc-<service>). */
    readonly groups: Record<string, aws.xray.Group>;
    /** The groups' ARNs, by suffix. */
    readonly groupArns: Record<string, pulumi.Output<string>>;
    /** The account's encryption setting, when `encryptionKeyArn` is given. */
    readonly encryption?: aws.xray.EncryptionConfig;

    constructor(name: string, args: XRayTracingArgs, opts?: pulumi.ComponentResourceOptions) {
        validateXRayTracingArgs(args);
        super("platform:observability:XRayTracing", name, {}, opts);
        const parent = { parent: this };
        const reservoirPerSecond = args.reservoirPerSecond ?? defaults.reservoirPerSecond;
        const notifications = args.insightsNotifications ?? defaults.insightsNotifications;
        this.samplingRules = {};
        for (const r of samplingRules({ samplingRate: args.samplingRate, checkoutSamplingRate: args.checkoutSamplingRate, reservoirPerSecond })) {
            const ruleName = `${args.namePrefix}-${r.suffix}`;
            this.samplingRules[r.suffix] = new aws.xray.SamplingRule(`${name}-${r.suffix}`, {
                ruleName,
                priority: r.priority,
                version: 1,
                serviceName: r.serviceName,
                serviceType: "*",
                host: "*",
                httpMethod: "*",
                urlPath: r.urlPath,
                resourceArn: "*",
                fixedRate: r.fixedRate,
                reservoirSize: r.reservoirSize,
                tags: mergeTags(args.tags, { Name: ruleName }),
            }, parent);
        }
        this.groups = {};
        this.groupArns = {};
        for (const g of tracingGroups(args.services ?? defaults.services)) {
            const groupName = `${args.namePrefix}-${g.suffix}`;
            this.groups[g.suffix] = new aws.xray.Group(`${name}-${g.suffix}`, {
                groupName,
                filterExpression: g.filterExpression,
                insightsConfiguration: { insightsEnabled: true, notificationsEnabled: notifications },
                tags: mergeTags(args.tags, { Name: groupName }),
            }, parent);
            this.groupArns[g.suffix] = this.groups[g.suffix].arn;
        }
        if (args.encryptionKeyArn !== undefined) {
            this.encryption = new aws.xray.EncryptionConfig(`${name}-encryption`, { type: "KMS", keyId: args.encryptionKeyArn }, parent);
        }
        this.registerOutputs({ groupArns: this.groupArns });
    }
}

/** Validate XRayTracingArgs; throws a ComponentArgsError naming every bad field. */
export function validateXRayTracingArgs(args: XRayTracingArgs): void {
    const check = new ArgsChecker("XRayTracing");
    const prefixOk = typeof args.namePrefix === "string" && /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/.test(args.namePrefix);
    check.require(prefixOk, "namePrefix", args.namePrefix, "expected 1-16 letters, digits, '_' or '-' (X-Ray names are at most 32 characters)");
    const rate = (v: unknown) => typeof v === "number" && v >= 0 && v <= 1;
    check.require(rate(args.samplingRate), "samplingRate", args.samplingRate, "expected a fraction from 0 to 1");
    check.require(rate(args.checkoutSamplingRate) && (!rate(args.samplingRate) || args.checkoutSamplingRate >= args.samplingRate),
        "checkoutSamplingRate", args.checkoutSamplingRate, "expected a fraction from samplingRate to 1");
    if (args.reservoirPerSecond !== undefined) check.integer("reservoirPerSecond", args.reservoirPerSecond, 0, 100);
    for (const [i, s] of (args.services ?? []).entries()) {
        const ok = typeof s === "string" && /^[a-z][a-z0-9-]*$/.test(s) && (!prefixOk || `${args.namePrefix}-svc-${s}`.length <= XRAY_NAME_MAX);
        check.require(ok, `services[${i}]`, s, `expected a service name such that '<namePrefix>-svc-<service>' has at most ${XRAY_NAME_MAX} characters`);
    }
    if (new Set(args.services ?? []).size !== (args.services ?? []).length) {
        check.require(false, "services", args.services, "expected each service once");
    }
    check.done();
}
