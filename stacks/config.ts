/**
 * The one place that reads and validates the stack configuration.
 *
 * Each layer declares its own config keys beside its components (`components/<layer>/config.ts`: one zod schema per
 * key, limits from the components' constants); this module adds the platform-wide keys and composes them. Every key
 * is also declared in Pulumi.yaml (type, description and, for values that do not depend on the environment, the
 * `default`); a test keeps the two in step. Values that differ between environments have no default: Pulumi.yaml
 * declares them without one, so the engine requires every stack file to set them ("Stack 'dev' is missing
 * configuration value ..."), and the engine merges the project defaults into the config before the program runs.
 * This module therefore applies no default of its own: it validates what it receives.
 *
 * Adding a key: one schema entry in its layer's config.ts (or PLATFORM_CONFIG below) plus its declaration in
 * Pulumi.yaml (and, if it has no default, a value in each Pulumi.<stack>.yaml).
 *
 * `parsePlatformConfig` is pure, so tests call it with plain objects; `loadPlatformConfig` reads the Pulumi runtime
 * config and throws a `ConfigError` (a `pulumi.RunError`: the CLI prints the message without a stack trace) before
 * any resource is registered.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ComputeConfig, computeConfig } from "../components/compute";
import { DataConfig, dataConfig, prodDataProblems } from "../components/data";
import { EdgeConfig, edgeConfig } from "../components/edge/config";
import { IntegrationConfig, integrationConfig } from "../components/integration/config";
import { NetworkConfig, networkConfig, ZONE_COUNT } from "../components/network";
import { SecurityConfig, securityConfig } from "../components/security";
import { TracingConfig, tracingConfig } from "../components/observability/tracing-config";
import { boolFromText, ConfigOf, ConfigShape, intFromText, isLogRetention, LOG_RETENTION_DAYS, oneOf } from "../components/shared";

export const PROJECT = "ecommerce-platform";

export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

const awsRegion = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const tagValue = z.string().regex(/^[\w.+@-]{1,64}$/, "must be 1-64 letters, digits or . _ + @ -");

/** Platform-wide keys: the environment, protection of stateful resources, log retention, the cost tags. */
export const PLATFORM_CONFIG = {
    environment: oneOf(ENVIRONMENTS),
    protectStateful: boolFromText,
    logRetentionDays: intFromText(1, 3653).pipe(z.number().refine(isLogRetention,
        `must be a CloudWatch retention period: ${LOG_RETENTION_DAYS.join(", ")}`)),
    owner: tagValue,
    costCenter: tagValue,
};

/** Each layer's keys. Key names are unique across layers (a test checks it). */
export const LAYER_CONFIG = { network: networkConfig, security: securityConfig, compute: computeConfig, data: dataConfig, integration: integrationConfig, edge: edgeConfig, tracing: tracingConfig } satisfies Record<string, ConfigShape>;

/**
 * The schema of every key of the project's namespace. `.strict()` turns an unknown key into an error; every key is
 * required (the engine supplies Pulumi.yaml's defaults).
 */
export const configSchema = z.object({
    ...PLATFORM_CONFIG, ...LAYER_CONFIG.network, ...LAYER_CONFIG.security, ...LAYER_CONFIG.compute, ...LAYER_CONFIG.data,
    ...LAYER_CONFIG.integration, ...LAYER_CONFIG.edge, ...LAYER_CONFIG.tracing,
}).strict()
    // Rules across keys: prod's Kubernetes API is never reachable from the internet; prod's stores survive a zone; prod
    // has a public entrance (the shop's domain).
    .superRefine((c, ctx) => {
        if (c.environment !== "prod") return;
        if (c.eksPublicAccessCidrs.length) {
            ctx.addIssue({ code: "custom", path: ["eksPublicAccessCidrs"], message: "must be empty in prod (the Kubernetes API is private there; reach it from the VPC)" });
        }
        for (const [key, field, message] of prodDataProblems(c)) ctx.addIssue({ code: "custom", path: [key, field], message });
        if (!c.storefrontDomain.domainName && !c.ingressCertificateArn) {
            ctx.addIssue({ code: "custom", path: ["storefrontDomain", "domainName"], message: "must be set in prod: the shop's domain (with its hostedZoneId) is its only public entrance (CloudFront to the load balancer over HTTPS)" });
        }
    });

/** The validated, frozen configuration the stack program composes from: platform-wide values, then one section per layer. */
export interface PlatformConfig extends Omit<ConfigOf<typeof PLATFORM_CONFIG>, "owner" | "costCenter"> {
    readonly project: string;
    readonly stack: string;
    readonly region: string;
    /** Tags on every resource: Project, Environment, Stack, Owner, CostCenter, ManagedBy. */
    readonly tags: Readonly<Record<string, string>>;
    readonly network: NetworkConfig;
    readonly security: SecurityConfig;
    readonly compute: ComputeConfig;
    readonly data: DataConfig;
    readonly integration: IntegrationConfig;
    readonly edge: EdgeConfig;
    readonly tracing: TracingConfig;
}

/** Thrown for bad configuration. A RunError: the Pulumi CLI prints the message alone, without a stack trace. */
export class ConfigError extends pulumi.RunError {
    readonly problems: readonly string[];
    constructor(problems: string[]) {
        super(`Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
            problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "ConfigError";
        this.problems = problems;
    }
}

function show(value: unknown): string {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return text === undefined ? "(missing)" : `'${text.length > 80 ? text.slice(0, 77) + "..." : text}'`;
}

/**
 * Validate raw config (keys with or without namespace, as Pulumi stores them) and return the frozen config.
 * Keys of other namespaces (`aws:`, `kubernetes:` ...) are ignored except `aws:region`, which is required.
 */
export function parsePlatformConfig(raw: Record<string, unknown>, stack: string): PlatformConfig {
    const own: Record<string, unknown> = {};
    let region: unknown;
    for (const [key, value] of Object.entries(raw)) {
        const [ns, name] = key.includes(":") ? key.split(":", 2) : [PROJECT, key];
        if (ns === PROJECT) own[name] = value;
        else if (ns === "aws" && name === "region") region = value;
    }

    const problems: string[] = [];
    if (region === undefined) {
        problems.push(`aws:region: missing; set it with 'pulumi config set aws:region <region>' (for example eu-west-1)`);
    } else if (typeof region !== "string" || !awsRegion.test(region)) {
        problems.push(`aws:region: ${show(region)} is not an AWS region name (for example eu-west-1)`);
    }

    const result = configSchema.safeParse(own);
    if (!result.success) {
        for (const issue of result.error.issues) {
            if (issue.code === "unrecognized_keys") {
                for (const k of issue.keys) {
                    problems.push(`${PROJECT}:${k}: unknown key (value ${show(own[k])}); allowed keys: ` +
                        Object.keys(configSchema.shape).join(", "));
                }
                continue;
            }
            const [field, ...rest] = issue.path.map(String);
            // An item's path indexes the parsed list, not the JSON text Pulumi passes: show the item itself.
            let container = own[field];
            if (rest.length && typeof container === "string") {
                try { container = JSON.parse(container) as unknown; } catch { /* not JSON: no item to show */ }
            }
            const item = rest.length && container !== null && typeof container === "object"
                ? (container as Record<string, unknown>)[rest[0]] : undefined;
            const value = item ?? own[field];
            const where = `${PROJECT}:${field}${rest.length ? `[${rest.join(".")}]` : ""}`;
            problems.push(value === undefined
                ? `${where}: missing; required, ${issue.message}`
                : `${where}: ${show(value)} ${issue.message}`);
        }
    }
    if (problems.length) throw new ConfigError(problems);

    const c = result.data!;
    const section = <S extends ConfigShape>(shape: S): ConfigOf<S> => deepFreeze(Object.fromEntries(
        Object.keys(shape).map((k) => [k, (c as Record<string, unknown>)[k]]))) as ConfigOf<S>;
    return deepFreeze({
        project: PROJECT,
        stack,
        region: region as string,
        environment: c.environment,
        protectStateful: c.protectStateful,
        logRetentionDays: c.logRetentionDays,
        tags: {
            Project: PROJECT,
            Environment: c.environment,
            Stack: stack,
            Owner: c.owner,
            CostCenter: c.costCenter,
            ManagedBy: "pulumi",
        },
        network: section(LAYER_CONFIG.network),
        security: section(LAYER_CONFIG.security),
        compute: section(LAYER_CONFIG.compute),
        data: section(LAYER_CONFIG.data),
        integration: section(LAYER_CONFIG.integration),
        edge: section(LAYER_CONFIG.edge),
        tracing: section(LAYER_CONFIG.tracing),
    });
}

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
        for (const v of Object.values(value)) deepFreeze(v);
        Object.freeze(value);
    }
    return value;
}

/** Read the Pulumi runtime config of the current stack and validate it. */
export function loadPlatformConfig(): PlatformConfig {
    return parsePlatformConfig(pulumi.runtime.allConfig(), pulumi.getStack());
}

/** Zones an account can use without opting in (Local and Wavelength Zones excluded). */
export const STANDARD_ZONES = { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] };

/**
 * Check the config against what the stack's region offers, before any resource is registered: the network must not
 * span more availability zones than the region has. An invoke (it runs in `pulumi preview` too).
 */
export async function checkRegion(config: PlatformConfig): Promise<void> {
    const azs = await aws.getAvailabilityZones(STANDARD_ZONES);
    if (azs.names.length < config.network.availabilityZones) {
        throw new ConfigError([`${PROJECT}:availabilityZones: '${config.network.availabilityZones}' is more than the ${azs.names.length} ` +
            `availability zones of ${config.region} (${azs.names.join(", ")}); use ${Math.min(azs.names.length, ZONE_COUNT.max)} or fewer`]);
    }
}
