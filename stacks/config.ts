/**
 * The one place that reads and validates the stack configuration.
 *
 * Every key under the `ecommerce-platform:` namespace is declared here (with its type, allowed values and
 * per-environment default) and in Pulumi.yaml (type and description); a test keeps the two in step.
 * `parsePlatformConfig` is pure, so tests and the planner call it with plain objects; `loadPlatformConfig`
 * reads the Pulumi runtime config and throws a `ConfigError` (a `pulumi.RunError`: the CLI prints the
 * message without a stack trace) before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { isValidCidr, prefixLength } from "../components/shared/cidr";

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

/** Per-environment defaults: the only place where dev and prod differ by default. */
export const ENVIRONMENT_DEFAULTS = {
    dev: {
        vpcCidr: "10.10.0.0/16",
        availabilityZones: 2,
        natGateways: "single",
        logRetentionDays: 30,
        kmsDeletionWindowDays: 7,
        protectStateful: false,
    },
    prod: {
        vpcCidr: "10.20.0.0/16",
        availabilityZones: 3,
        natGateways: "perAz",
        logRetentionDays: 365,
        kmsDeletionWindowDays: 30,
        protectStateful: true,
    },
} as const;

/** Defaults that do not depend on the environment. */
export const COMMON_DEFAULTS = {
    interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs"] as string[],
    flowLogTrafficType: "ALL",
    keyAdminRoleArns: [] as string[],
    owner: "platform-team",
    costCenter: "ecommerce",
};

/**
 * The schema of the project's own keys. `.strict()` turns an unknown key into an error.
 * Values arrive as strings from Pulumi config, so numbers, booleans and arrays are coerced from their text form.
 */
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

export const configSchema = z.object({
    environment: z.enum(ENVIRONMENTS, { error: `must be one of: ${ENVIRONMENTS.join(", ")}` }),
    vpcCidr: z.string().refine(isValidCidr, "must be an IPv4 CIDR block such as 10.10.0.0/16")
        .refine((c) => !isValidCidr(c) || (prefixLength(c) >= 16 && prefixLength(c) <= 20),
            "must have a prefix length from /16 to /20 (room for 3 subnet tiers in up to 4 zones)")
        .optional(),
    availabilityZones: intFromText(2, 4).optional(),
    natGateways: z.enum(["single", "perAz"], { error: "must be one of: single, perAz" }).optional(),
    interfaceEndpoints: listFromText(z.enum(INTERFACE_ENDPOINT_SERVICES, {
        error: `must name known services: ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`,
    })).optional(),
    flowLogTrafficType: z.enum(["ALL", "ACCEPT", "REJECT"], { error: "must be one of: ALL, ACCEPT, REJECT" }).optional(),
    logRetentionDays: intFromText(1, 3653).pipe(z.number().refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n),
        `must be a CloudWatch retention period: ${LOG_RETENTION_DAYS.join(", ")}`)).optional(),
    kmsDeletionWindowDays: intFromText(7, 30).optional(),
    keyAdminRoleArns: listFromText(z.string().regex(iamRoleArn, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")).optional(),
    protectStateful: boolFromText.optional(),
    owner: z.string().regex(/^[\w.+@-]{1,64}$/, "must be 1-64 letters, digits or . _ + @ -").optional(),
    costCenter: z.string().regex(/^[\w.+@-]{1,64}$/, "must be 1-64 letters, digits or . _ + @ -").optional(),
}).strict();

/** The validated, defaulted, frozen configuration the stack program composes from. */
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
    const env = c.environment;
    const d = ENVIRONMENT_DEFAULTS[env];
    const owner = c.owner ?? COMMON_DEFAULTS.owner;
    const costCenter = c.costCenter ?? COMMON_DEFAULTS.costCenter;
    const config: PlatformConfig = {
        project: PROJECT,
        stack,
        environment: env,
        region: region as string,
        vpcCidr: c.vpcCidr ?? d.vpcCidr,
        availabilityZones: c.availabilityZones ?? d.availabilityZones,
        natGateways: c.natGateways ?? d.natGateways,
        interfaceEndpoints: Object.freeze([...new Set(c.interfaceEndpoints ?? COMMON_DEFAULTS.interfaceEndpoints)]),
        flowLogTrafficType: c.flowLogTrafficType ?? (COMMON_DEFAULTS.flowLogTrafficType as "ALL"),
        logRetentionDays: c.logRetentionDays ?? d.logRetentionDays,
        kmsDeletionWindowDays: c.kmsDeletionWindowDays ?? d.kmsDeletionWindowDays,
        keyAdminRoleArns: Object.freeze([...(c.keyAdminRoleArns ?? COMMON_DEFAULTS.keyAdminRoleArns)]),
        protectStateful: c.protectStateful ?? d.protectStateful,
        tags: Object.freeze({
            Project: PROJECT,
            Environment: env,
            Stack: stack,
            Owner: owner,
            CostCenter: costCenter,
            ManagedBy: "pulumi",
        }),
    };
    return Object.freeze(config);
}

/** Read the Pulumi runtime config of the current stack and validate it. */
export function loadPlatformConfig(): PlatformConfig {
    return parsePlatformConfig(pulumi.runtime.allConfig(), pulumi.getStack());
}
