/**
 * The one place that reads and validates the stack configuration.
 *
 * Every key under the `ecommerce-platform:` namespace is declared here (type and allowed values) and in Pulumi.yaml
 * (type, description and, for values that do not depend on the environment, the `default`); a test keeps the two in
 * step. Values that differ between environments have no default: Pulumi.yaml declares them without one, so the
 * engine requires every stack file to set them ("Stack 'dev' is missing configuration value ..."), and the engine
 * merges the project defaults into the config before the program runs. This module therefore applies no default of
 * its own: it validates what it receives.
 * `parsePlatformConfig` is pure, so tests call it with plain objects; `loadPlatformConfig` reads the Pulumi runtime
 * config and throws a `ConfigError` (a `pulumi.RunError`: the CLI prints the message without a stack trace) before
 * any resource is registered.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { isValidCidr, prefixLength } from "../components/shared/cidr";
import { VPC_PREFIX, ZONE_COUNT } from "../components/vpc/network";

export const PROJECT = "ecommerce-platform";

export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Retention periods CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Interface endpoints the network layer knows how to create (service suffix after `com.amazonaws.<region>.`). */
export const INTERFACE_ENDPOINT_SERVICES = [
    "ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs", "kms", "ssm", "ssmmessages", "ec2messages", "ec2",
    "elasticloadbalancing", "autoscaling", "eks", "eks-auth", "sqs", "sns", "states", "xray", "monitoring",
    "execute-api", "elasticache", "es", "rds",
] as const;

const iamRoleArn = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@\/-]+$/;
const awsRegion = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** A whole number within [min, max], from its text form; every message says the allowed range. */
const intFromText = (min: number, max: number) => {
    const allowed = `must be a whole number from ${min} to ${max}`;
    return z.preprocess((v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
        z.number({ error: allowed }).int(allowed).min(min, allowed).max(max, allowed));
};
const boolFromText = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v),
    z.boolean({ error: "must be true or false" }));
const listFromText = <T extends z.ZodTypeAny>(item: T) => z.preprocess((v) => {
    if (typeof v !== "string") return v;
    try { return JSON.parse(v); } catch { return v; }
}, z.array(item, { error: "must be a list (YAML sequence or JSON array)" }));

/**
 * The schema of the project's own keys. `.strict()` turns an unknown key into an error; every key is required (the
 * engine supplies Pulumi.yaml's defaults). Values arrive as strings from Pulumi config, so numbers, booleans and
 * arrays are coerced from their text form.
 */
export const configSchema = z.object({
    environment: z.enum(ENVIRONMENTS, { error: `must be one of: ${ENVIRONMENTS.join(", ")}` }),
    vpcCidr: z.string().refine(isValidCidr, "must be an IPv4 CIDR block such as 10.10.0.0/16")
        .refine((c) => !isValidCidr(c) || (prefixLength(c) >= VPC_PREFIX.min && prefixLength(c) <= VPC_PREFIX.max),
            `must have a prefix length from /${VPC_PREFIX.min} to /${VPC_PREFIX.max} (room for 3 subnet tiers in up to ${ZONE_COUNT.max} zones)`),
    availabilityZones: intFromText(ZONE_COUNT.min, ZONE_COUNT.max),
    natGateways: z.enum(["single", "perAz"], { error: "must be one of: single, perAz" }),
    interfaceEndpoints: listFromText(z.enum(INTERFACE_ENDPOINT_SERVICES, {
        error: `must name known services: ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`,
    })),
    flowLogTrafficType: z.enum(["ALL", "ACCEPT", "REJECT"], { error: "must be one of: ALL, ACCEPT, REJECT" }),
    logRetentionDays: intFromText(1, 3653).pipe(z.number().refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n),
        `must be a CloudWatch retention period: ${LOG_RETENTION_DAYS.join(", ")}`)),
    kmsDeletionWindowDays: intFromText(7, 30),
    keyAdminRoleArns: listFromText(z.string().regex(iamRoleArn, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")),
    protectStateful: boolFromText,
    owner: z.string().regex(/^[\w.+@-]{1,64}$/, "must be 1-64 letters, digits or . _ + @ -"),
    costCenter: z.string().regex(/^[\w.+@-]{1,64}$/, "must be 1-64 letters, digits or . _ + @ -"),
}).strict();

/** The validated, frozen configuration the stack program composes from. */
export interface PlatformConfig {
    readonly project: string;
    readonly stack: string;
    readonly environment: Environment;
    readonly region: string;
    readonly vpcCidr: string;
    readonly availabilityZones: number;
    readonly natGateways: "single" | "perAz";
    readonly interfaceEndpoints: readonly string[];
    readonly flowLogTrafficType: "ALL" | "ACCEPT" | "REJECT";
    readonly logRetentionDays: number;
    readonly kmsDeletionWindowDays: number;
    readonly keyAdminRoleArns: readonly string[];
    readonly protectStateful: boolean;
    readonly tags: Readonly<Record<string, string>>;
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
                try { container = JSON.parse(container); } catch { /* not JSON: no item to show */ }
            }
            const item = rest.length && container !== null && typeof container === "object"
                ? (container as any)[rest[0]] : undefined;
            const value = item ?? own[field];
            const where = `${PROJECT}:${field}${rest.length ? `[${rest.join(".")}]` : ""}`;
            problems.push(value === undefined
                ? `${where}: missing; required, ${issue.message}`
                : `${where}: ${show(value)} ${issue.message}`);
        }
    }
    if (problems.length) throw new ConfigError(problems);

    const c = result.data!;
    const config: PlatformConfig = {
        project: PROJECT,
        stack,
        environment: c.environment,
        region: region as string,
        vpcCidr: c.vpcCidr,
        availabilityZones: c.availabilityZones,
        natGateways: c.natGateways,
        interfaceEndpoints: Object.freeze([...new Set(c.interfaceEndpoints)]),
        flowLogTrafficType: c.flowLogTrafficType,
        logRetentionDays: c.logRetentionDays,
        kmsDeletionWindowDays: c.kmsDeletionWindowDays,
        keyAdminRoleArns: Object.freeze([...c.keyAdminRoleArns]),
        protectStateful: c.protectStateful,
        tags: Object.freeze({
            Project: PROJECT,
            Environment: c.environment,
            Stack: stack,
            Owner: c.owner,
            CostCenter: c.costCenter,
            ManagedBy: "pulumi",
        }),
    };
    return Object.freeze(config);
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
    if (azs.names.length < config.availabilityZones) {
        throw new ConfigError([`${PROJECT}:availabilityZones: '${config.availabilityZones}' is more than the ${azs.names.length} ` +
            `availability zones of ${config.region} (${azs.names.join(", ")}); use ${Math.min(azs.names.length, ZONE_COUNT.max)} or fewer`]);
    }
}
