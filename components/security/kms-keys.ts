/**
 * DataKeys (`platform:security:DataKeys`): one KMS customer-managed key per data domain, rotation on, key policy
 * generated from what the domain declares it needs (which AWS services may use it on the account's behalf, which
 * service principals use it directly). Generic over the domain names, so `keyArn("lgos")` does not compile when the
 * domains are a literal table (see key-domains.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, mergeTags, PolicyDocument, Statement, Tags } from "../shared";

/** A data domain that gets its own key. */
export interface KeyDomain<N extends string = string> {
    /** Short domain name used in resource names and the alias: `orders`, `carts`. Lowercase letters, digits, '-'. */
    name: N;
    /** What the key protects, shown as the key's description. */
    description: string;
    /**
     * AWS services (endpoint prefixes such as `rds`, `dynamodb`, `s3`) through which principals of this account may use
     * the key (`kms:ViaService`). Principals still need an IAM grant: the key policy only allows the route.
     */
    viaServices?: readonly string[];
    /**
     * Service principals that use the key directly, each with the condition that scopes it to this account.
     * Known: `logs` (CloudWatch Logs, scoped to this account's log groups), `cloudtrail` (this account's trails),
     * `sns` (SNS delivering to queues encrypted with the key, and reading its topics: this account's topics only),
     * `delivery.logs` (vended log deliveries of this account: decrypt), `cloudfront` (origin access control of this
     * account's distributions: decrypt).
     */
    servicePrincipals?: readonly ServicePrincipal[];
    /**
     * AWS service-linked roles that use the key on the account's behalf, which their own AWS-managed policies do not
     * allow. Known: `autoscaling` (AWSServiceRoleForAutoScaling, which launches EKS managed nodes with volumes encrypted
     * by this key: use of the key, and grants for AWS resources only). The role must exist in the account (it does once
     * Auto Scaling or EKS managed node groups have been used; else `aws iam create-service-linked-role
     * --aws-service-name autoscaling.amazonaws.com`), or KMS refuses a policy naming it.
     */
    serviceLinkedRoles?: readonly "autoscaling"[];
}

export interface DataKeysArgs<N extends string = string> {
    /** The domains, one key each. Names must be unique. */
    domains: readonly KeyDomain<N>[];
    /** Alias prefix: keys are `alias/<aliasPrefix>/<domain>`. Typically `<project>/<stack>`. */
    aliasPrefix: string;
    /**
     * IAM role ARNs allowed to administer the keys (not to use them). Empty or not given: the account root, which keeps
     * the keys manageable through IAM (the lockout guard AWS recommends). When given, the deploying principal (the IAM
     * role behind the caller identity, from `aws.iam.getSessionContext`) is always added to them: KMS refuses
     * CreateKey and PutKeyPolicy when the caller could not administer the key afterwards (its lockout safety check),
     * so a list without the deployer could never be deployed, nor changed later by the same pipeline.
     */
    adminRoleArns?: pulumi.Input<string>[];
    /** Days before a scheduled deletion takes effect, 7 to 30 (KMS's range). Defaults to 30. */
    deletionWindowInDays?: number;
    /** Days between automatic rotations, 90 to 2560. Defaults to 365. */
    rotationPeriodInDays?: number;
    /** Set `protect` on every key (stateful: deleting a key destroys the data it encrypts). Defaults to false. */
    protect?: boolean;
    /** Tags merged into every key. */
    tags?: Tags;
}

/** The service principals a key domain may name (KeyDomain.servicePrincipals). */
export const SERVICE_PRINCIPALS = ["logs", "cloudtrail", "sns", "delivery.logs", "cloudfront", "cloudwatch"] as const;
export type ServicePrincipal = (typeof SERVICE_PRINCIPALS)[number];

const KEY_ADMIN_ACTIONS = [
    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
    "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
    "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
];
/** The service-linked roles a key domain may name (KeyDomain.serviceLinkedRoles), by service. */
const SERVICE_LINKED_ROLE_NAMES = { autoscaling: "AWSServiceRoleForAutoScaling" } as const;

const KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

/** The waiting period KMS allows before a scheduled key deletion takes effect (days). */
export const DELETION_WINDOW_DAYS = { min: 7, max: 30 } as const;
/** The automatic rotation periods KMS allows (days). */
export const ROTATION_PERIOD_DAYS = { min: 90, max: 2560 } as const;

const defaults = { deletionWindowInDays: DELETION_WINDOW_DAYS.max, rotationPeriodInDays: 365, protect: false };

export class DataKeys<N extends string = string> extends pulumi.ComponentResource {
    /** The keys by domain name. */
    readonly keys: Record<N, aws.kms.Key>;
    /** Key ARNs by domain name. */
    readonly keyArns: Record<N, pulumi.Output<string>>;
    /** Alias names by domain name. */
    readonly aliasNames: Record<N, pulumi.Output<string>>;

    constructor(name: string, args: DataKeysArgs<N>, opts?: pulumi.ComponentResourceOptions) {
        // Validate before super(): a bad argument registers nothing, not even this component.
        validateDataKeysArgs(args);
        super("platform:security:DataKeys", name, {}, opts);
        const settings: KeySettings = {
            deletionWindowInDays: args.deletionWindowInDays ?? defaults.deletionWindowInDays,
            rotationPeriodInDays: args.rotationPeriodInDays ?? defaults.rotationPeriodInDays,
            protect: args.protect ?? defaults.protect,
            policy: keyPolicyContext(this, args.adminRoleArns ?? []),
        };
        this.keys = {} as Record<N, aws.kms.Key>;
        this.keyArns = {} as Record<N, pulumi.Output<string>>;
        this.aliasNames = {} as Record<N, pulumi.Output<string>>;
        for (const domain of args.domains) {
            const { key, alias } = createDomainKey(this, name, domain, args, settings);
            this.keys[domain.name] = key;
            this.keyArns[domain.name] = key.arn;
            this.aliasNames[domain.name] = alias.name;
        }
        this.registerOutputs({ keyArns: this.keyArns, aliasNames: this.aliasNames });
    }

    /** The ARN of a domain's key; throws naming the known domains when the domain has no key (an untyped caller). */
    keyArn(domain: N): pulumi.Output<string> {
        const arn = this.keyArns[domain];
        if (!arn) {
            throw new Error(`DataKeys: no key for domain '${domain}'; known domains: ${Object.keys(this.keyArns).join(", ")}`);
        }
        return arn;
    }
}

/** The settings every key of the component shares. */
interface KeySettings {
    deletionWindowInDays: number;
    rotationPeriodInDays: number;
    protect: boolean;
    policy: pulumi.Output<KeyPolicyContext>;
}

/** One domain's key (protected when asked: deleting it destroys the data it encrypts) and its alias. */
function createDomainKey(parent: pulumi.Resource, name: string, domain: KeyDomain<string>, args: DataKeysArgs<string>, s: KeySettings) {
    const key = new aws.kms.Key(`${name}-${domain.name}`, {
        description: domain.description,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        rotationPeriodInDays: s.rotationPeriodInDays,
        deletionWindowInDays: s.deletionWindowInDays,
        bypassPolicyLockoutSafetyCheck: false,
        multiRegion: false,
        policy: s.policy.apply((c) => JSON.stringify(keyPolicy(domain, c))),
        tags: mergeTags(args.tags, { Name: `${name}-${domain.name}`, DataDomain: domain.name }),
    }, { parent, protect: s.protect });
    const alias = new aws.kms.Alias(`${name}-${domain.name}`, {
        name: `alias/${args.aliasPrefix}/${domain.name}`,
        targetKeyId: key.keyId,
    }, { parent });
    return { key, alias };
}

/** What a key policy is built from: plain values, resolved once for all the component's keys. */
export interface KeyPolicyContext {
    /** The key administrators (principal ARNs), as keyAdministrators gives them. */
    admins: string[];
    /** The account root ARN: `arn:<partition>:iam::<account>:root`. */
    root: string;
    /** The region the keys live in (`eu-west-1`). */
    region: string;
    /** The partition (`aws`, `aws-cn`, `aws-us-gov`). */
    partition: string;
    /** The account id. */
    accountId: string;
}

/**
 * Who administers the keys: the account root when no admin role is given; otherwise the given roles plus the
 * deploying principal (KMS's lockout safety check refuses a policy its caller could not administer), each once.
 */
export function keyAdministrators(adminRoleArns: readonly string[], deployer: string, root: string): string[] {
    return adminRoleArns.length ? [...new Set([...adminRoleArns, deployer])] : [root];
}

/**
 * The caller's account, partition, region and, when admin roles are given, the deploying principal, as one Output.
 * The session-context lookup (the provider calls iam:GetRole) is made only when its answer is used.
 */
function keyPolicyContext(parent: pulumi.Resource, adminRoleArns: pulumi.Input<string>[]): pulumi.Output<KeyPolicyContext> {
    const opts = { parent };
    const identity = aws.getCallerIdentityOutput({}, opts);
    const partition = aws.getPartitionOutput({}, opts).partition;
    const region = aws.getRegionOutput({}, opts).region;
    const root = pulumi.interpolate`arn:${partition}:iam::${identity.accountId}:root`;
    const deployer = adminRoleArns.length ? aws.iam.getSessionContextOutput({ arn: identity.arn }, opts).issuerArn : root;
    return pulumi.all([pulumi.all(adminRoleArns), deployer, root, region, partition, identity.accountId])
        .apply(([admins, d, r, reg, p, accountId]) => ({
            admins: keyAdministrators(admins, d, r), root: r, region: reg, partition: p, accountId,
        }));
}

/**
 * A domain's key policy: administration for the admins; use only through the declared services, by principals of
 * this account; the declared service principals, each scoped by encryption context to this account. Pure.
 */
export function keyPolicy(domain: KeyDomain<string>, c: KeyPolicyContext): PolicyDocument {
    const statements: Statement[] = [
        { Sid: "KeyAdministration", Effect: "Allow", Principal: { AWS: c.admins }, Action: KEY_ADMIN_ACTIONS, Resource: "*" },
    ];
    if (domain.viaServices?.length) {
        statements.push({
            Sid: "UseThroughDeclaredServices",
            Effect: "Allow",
            Principal: { AWS: c.root },
            Action: [...KEY_USE_ACTIONS, "kms:CreateGrant"],
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:CallerAccount": c.accountId,
                    "kms:ViaService": domain.viaServices.map((s) => `${s}.${c.region}.amazonaws.com`),
                },
            },
        });
    }
    for (const slr of domain.serviceLinkedRoles ?? []) {
        const role = `arn:${c.partition}:iam::${c.accountId}:role/aws-service-role/${slr}.amazonaws.com/${SERVICE_LINKED_ROLE_NAMES[slr]}`;
        statements.push(
            { Sid: "AutoScalingServiceLinkedRoleUse", Effect: "Allow", Principal: { AWS: role }, Action: KEY_USE_ACTIONS, Resource: "*" },
            {
                Sid: "AutoScalingServiceLinkedRoleGrants", Effect: "Allow", Principal: { AWS: role }, Action: "kms:CreateGrant", Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
            },
        );
    }
    for (const sp of domain.servicePrincipals ?? []) statements.push(...[servicePrincipalStatement(sp, c)].flat());
    return { Version: "2012-10-17", Statement: statements };
}

/** The statement(s) letting a declared service principal use a key, scoped to this account. Pure. */
function servicePrincipalStatement(sp: ServicePrincipal, c: KeyPolicyContext): Statement | Statement[] {
    switch (sp) {
        case "logs": return {
            Sid: "CloudWatchLogs",
            Effect: "Allow",
            Principal: { Service: `logs.${c.region}.amazonaws.com` },
            Action: KEY_USE_ACTIONS,
            Resource: "*",
            Condition: {
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:*` },
            },
        };
        // CloudTrail encrypts log and digest files with data keys whose encryption context names the trail; it also
        // describes the key when a trail is created or updated, a request that carries no encryption context (a
        // condition on it would deny DescribeKey): two statements, both for this account's trails only.
        case "cloudtrail": return [
            {
                Sid: "CloudTrail",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": c.accountId },
                    StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${c.partition}:cloudtrail:*:${c.accountId}:trail/*` },
                },
            },
            {
                Sid: "CloudTrailDescribeKey",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:DescribeKey",
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": c.accountId },
                    ArnLike: { "aws:SourceArn": `arn:${c.partition}:cloudtrail:*:${c.accountId}:trail/*` },
                },
            },
        ];
        // CloudWatch alarms publish to an encrypted alarm topic (the observability layer's): SNS asks for a data key on
        // the alarm's behalf, so the alarm service needs GenerateDataKey* and Decrypt, for this account's alarms in
        // this key's region only (the confused-deputy guard).
        case "cloudwatch": return sourceScoped("CloudWatchAlarms", "cloudwatch.amazonaws.com", ["kms:GenerateDataKey*", "kms:Decrypt"], `arn:${c.partition}:cloudwatch:${c.region}:${c.accountId}:alarm:*`, c);
        // SNS encrypts what it delivers to a queue encrypted with this key (and decrypts its own encrypted topics):
        // only for this account's topics in this region (the confused-deputy guard).
        case "sns": return sourceScoped("SnsTopics", "sns.amazonaws.com", ["kms:GenerateDataKey*", "kms:Decrypt"], `arn:${c.partition}:sns:${c.region}:${c.accountId}:*`, c);
        // Vended-log delivery (Step Functions' execution logs) reads what a state machine encrypted with this key
        // before writing it to the state machine's log group: decrypt only, for this account's log deliveries (the
        // confused-deputy conditions AWS documents for vended logs: the source is a logs delivery of this account).
        case "delivery.logs": return sourceScoped("VendedLogDelivery", "delivery.logs.amazonaws.com", ["kms:Decrypt"], `arn:${c.partition}:logs:${c.region}:${c.accountId}:*`, c);
        // CloudFront's origin access control reads SSE-KMS objects of the storefront's bucket: decrypt only, for this
        // account's distributions (the bucket policy then names the one distribution).
        case "cloudfront": return sourceScoped("CloudFrontOriginAccessControl", "cloudfront.amazonaws.com", ["kms:Decrypt"], `arn:${c.partition}:cloudfront::${c.accountId}:distribution/*`, c);
    }
}

/**
 * A service principal's statement for this account's resources only (the confused-deputy guard): the request's
 * source account is this account and its source ARN matches `sourceArn`.
 */
function sourceScoped(sid: string, service: string, actions: string[], sourceArn: string, c: KeyPolicyContext): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: service },
        Action: actions,
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": c.accountId }, ArnLike: { "aws:SourceArn": sourceArn } },
    };
}

/** Validate DataKeysArgs; throws ComponentArgsError listing every problem. */
export function validateDataKeysArgs<N extends string>(args: DataKeysArgs<N>): void {
    const check = new ArgsChecker("DataKeys");
    check.require(Array.isArray(args.domains) && args.domains.length > 0, "domains", args.domains, "expected at least one domain");
    const seen = new Set<string>();
    (args.domains ?? []).forEach((d, i) => {
        check.name(`domains[${i}].name`, d.name);
        check.require(!seen.has(d.name), `domains[${i}].name`, d.name, "domain names must be unique");
        seen.add(d.name);
        check.require(typeof d.description === "string" && d.description.length > 0 && d.description.length <= 8192,
            `domains[${i}].description`, d.description, "expected a non-empty description");
        for (const [j, s] of (d.viaServices ?? []).entries()) {
            check.require(/^[a-z0-9-]+$/.test(s), `domains[${i}].viaServices[${j}]`, s, "expected a service endpoint prefix such as rds or s3");
        }
        for (const [j, s] of (d.servicePrincipals ?? []).entries()) {
            check.oneOf(`domains[${i}].servicePrincipals[${j}]`, s, SERVICE_PRINCIPALS);
        }
        for (const [j, s] of (d.serviceLinkedRoles ?? []).entries()) {
            check.oneOf(`domains[${i}].serviceLinkedRoles[${j}]`, s, Object.keys(SERVICE_LINKED_ROLE_NAMES));
        }
    });
    check.require(/^[a-zA-Z0-9/_-]+$/.test(args.aliasPrefix ?? "") && !(args.aliasPrefix ?? "").startsWith("aws"),
        "aliasPrefix", args.aliasPrefix, "expected letters, digits, '/', '_' or '-', not starting with 'aws'");
    if (args.deletionWindowInDays !== undefined) check.integer("deletionWindowInDays", args.deletionWindowInDays, DELETION_WINDOW_DAYS.min, DELETION_WINDOW_DAYS.max);
    if (args.rotationPeriodInDays !== undefined) check.integer("rotationPeriodInDays", args.rotationPeriodInDays, ROTATION_PERIOD_DAYS.min, ROTATION_PERIOD_DAYS.max);
    check.done();
}
