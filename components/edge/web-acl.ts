/**
 * WebAcl (`platform:edge:WebAcl`): the platform's AWS WAF web ACL, logged to an encrypted CloudWatch log group.
 *
 * Rules, in the order WAF evaluates them (priority ascending; the cheap IP checks first, Bot Control last since it is
 * billed per request it inspects):
 * 10 AWSManagedRulesAmazonIpReputationList, 20 the rate-based rule (`rateLimit` requests per IP per 5 minutes, then
 * BLOCK), 30 AWSManagedRulesCommonRuleSet, 40 AWSManagedRulesKnownBadInputsRuleSet, 50 AWSManagedRulesSQLiRuleSet,
 * 60 AWSManagedRulesBotControlRuleSet (only with `botControl`, inspection level COMMON). Every managed group is
 * vendor AWS with overrideAction `none` (its own rules' actions apply); a rule of a group that blocks legitimate
 * traffic (a false positive) is switched to COUNT with `countRules` (WAF's ruleActionOverrides; the deprecated
 * excludedRules did the same). The default action is ALLOW. The ACL and every rule publish CloudWatch metrics and keep
 * sampled requests.
 *
 * Logging: the log group `aws-waf-logs-<aclName>` (WAF accepts only destinations with that prefix) is encrypted with
 * the `logs` domain's key and has a retention; a WebAclLoggingConfiguration sends every record there (or only BLOCK
 * and COUNT records with `logBlockedOnly`), with the `authorization` and `cookie` headers redacted, plus
 * `redactedHeaders`.
 *
 * The log group's resource policy: WAF writes through the log delivery service (delivery.logs.amazonaws.com), which
 * needs a CloudWatch Logs resource policy allowing logs:CreateLogStream and logs:PutLogEvents on the group. When the
 * caller of PutLoggingConfiguration may call logs:PutResourcePolicy, WAF creates or extends an account-wide policy
 * named AWSWAF-LOGS itself; that policy is not in the stack (a review never sees it, deleting the stack leaves it), it
 * grows with every ACL ever logged, and once it passes CloudWatch's 5,120-character limit new logging configurations
 * fail with WAFLogDestinationPermissionIssueException (terraform-provider-aws #25296; the provider's documentation
 * recommends managing the policy). So this component creates its own policy, `aws-waf-logs-<aclName>`, for exactly
 * this log group, limited to this account's sources (aws:SourceAccount, aws:SourceArn): WAF finds the permission in
 * place and adds nothing. The cost: one of the account's 10 CloudWatch Logs resource policies per region per ACL.
 *
 * Scope: REGIONAL protects load balancers, API Gateway REST stages, AppSync APIs and Cognito user pools, in the stack's
 * region; attach it with `associate(name, resourceArn)`. CLOUDFRONT protects distributions and must live in
 * us-east-1: pass a us-east-1 AWS provider in the component's options (`{ provider: usEast1 }`, or `providers`, or
 * through the parent); the ACL, its log group, policy and logging configuration are then all created there (so the
 * `logs` key must be a us-east-1 key too). A CLOUDFRONT ACL is not associated: set the distribution's `webAclId` to
 * this component's `arn` (WebAclAssociation refuses CloudFront distributions).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkKeyArn } from "../data/checks";
import { ArgsChecker, ComponentContext, componentContext, isLogRetention, LOG_RETENTION_DAYS, policyJson, Tags } from "../shared";

/** The AWS managed rule groups a WebAcl can include, with the names of their rules (AWS WAF Developer Guide, 2025). */
export const MANAGED_RULE_GROUPS = {
    AWSManagedRulesAmazonIpReputationList: ["AWSManagedIPReputationList", "AWSManagedReconnaissanceList", "AWSManagedIPDDoSList"],
    AWSManagedRulesCommonRuleSet: [
        "NoUserAgent_HEADER", "UserAgent_BadBots_HEADER", "SizeRestrictions_QUERYSTRING", "SizeRestrictions_Cookie_HEADER",
        "SizeRestrictions_BODY", "SizeRestrictions_URIPATH", "EC2MetaDataSSRF_BODY", "EC2MetaDataSSRF_COOKIE",
        "EC2MetaDataSSRF_URIPATH", "EC2MetaDataSSRF_QUERYARGUMENTS", "GenericLFI_QUERYARGUMENTS", "GenericLFI_URIPATH",
        "GenericLFI_BODY", "RestrictedExtensions_URIPATH", "RestrictedExtensions_QUERYARGUMENTS", "GenericRFI_QUERYARGUMENTS",
        "GenericRFI_BODY", "GenericRFI_URIPATH", "CrossSiteScripting_COOKIE", "CrossSiteScripting_QUERYARGUMENTS",
        "CrossSiteScripting_BODY", "CrossSiteScripting_URIPATH",
    ],
    AWSManagedRulesKnownBadInputsRuleSet: [
        "JavaDeserializationRCE_HEADER", "JavaDeserializationRCE_BODY", "JavaDeserializationRCE_URIPATH",
        "JavaDeserializationRCE_QUERYSTRING", "Host_localhost_HEADER", "PROPFIND_METHOD", "ExploitablePaths_URIPATH",
        "Log4JRCE_HEADER", "Log4JRCE_QUERYSTRING", "Log4JRCE_BODY", "Log4JRCE_URIPATH", "ReactJSRCE_BODY",
    ],
    AWSManagedRulesSQLiRuleSet: [
        "SQLi_QUERYARGUMENTS", "SQLiExtendedPatterns_QUERYARGUMENTS", "SQLi_BODY", "SQLiExtendedPatterns_BODY",
        "SQLiExtendedPatterns_HEADER", "SQLiExtendedPatterns_URIPATH", "SQLi_COOKIE", "SQLi_URIPATH",
    ],
    /** The rules of inspection level COMMON (the TGT_* rules belong to TARGETED, which this component does not use). */
    AWSManagedRulesBotControlRuleSet: [
        "CategoryAdvertising", "CategoryArchiver", "CategoryContentFetcher", "CategoryEmailClient", "CategoryHttpLibrary",
        "CategoryLinkChecker", "CategoryMiscellaneous", "CategoryMonitoring", "CategoryPagePreview", "CategoryScrapingFramework",
        "CategorySearchEngine", "CategorySecurity", "CategorySeo", "CategorySocialMedia", "CategoryWebhooks", "CategoryAI",
        "SignalAutomatedBrowser", "SignalKnownBotDataCenter", "SignalNonBrowserUserAgent",
    ],
} as const satisfies Record<string, readonly string[]>;

/** The name of an AWS managed rule group a WebAcl can include. */
export type ManagedRuleGroupName = keyof typeof MANAGED_RULE_GROUPS;

/** Priorities of the ACL's rules (unique; WAF evaluates ascending), and the short name of each rule's metric. */
export const WEB_ACL_RULES = {
    AWSManagedRulesAmazonIpReputationList: { priority: 10, metric: "ip-reputation" },
    rateLimit: { priority: 20, metric: "rate-limit" },
    AWSManagedRulesCommonRuleSet: { priority: 30, metric: "common" },
    AWSManagedRulesKnownBadInputsRuleSet: { priority: 40, metric: "known-bad-inputs" },
    AWSManagedRulesSQLiRuleSet: { priority: 50, metric: "sqli" },
    AWSManagedRulesBotControlRuleSet: { priority: 60, metric: "bot-control" },
} as const;

/** WAF's limits and the platform's defaults for the settings a WebAcl exposes. */
export const WEB_ACL_LIMITS = {
    /** Requests per IP in 5 minutes before the rate-based rule blocks (WAF: 10 to 2,000,000,000). */
    rateLimit: { min: 10, max: 2_000_000_000, default: 2000 },
    /** The rate-based rule's evaluation window, seconds (WAF allows 60, 120, 300, 600). */
    rateWindowSeconds: 300,
    /** Header names redacted from every log record. */
    redactedHeaders: ["authorization", "cookie"],
    /** Extra redacted fields WAF accepts beyond the defaults (a logging configuration takes at most 100). */
    maxRedactedHeaders: 98,
} as const;

/** WAF's prefix for every logging destination's name. */
export const WAF_LOG_PREFIX = "aws-waf-logs-";
/** The only region a CLOUDFRONT-scope web ACL (and its log group) can be created in. */
export const CLOUDFRONT_REGION = "us-east-1";

/** A web ACL name WAF accepts: 1-128 letters, digits, '-' or '_'. */
const ACL_NAME = /^[A-Za-z0-9_-]{1,128}$/;
/** An HTTP header name (RFC 9110 token), lowercase: WAF matches header names case-insensitively. */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
/** The region of a KMS key ARN. */
const KEY_REGION = /^arn:aws(?:-cn|-us-gov)?:kms:([a-z0-9-]+):/;

const MANAGED_GROUPS = Object.keys(MANAGED_RULE_GROUPS) as ManagedRuleGroupName[];

export interface WebAclArgs {
    /** The web ACL's name, as WAF accepts it: 1-128 letters, digits, '-' or '_'. Also names the log group `aws-waf-logs-<aclName>` and the metrics. */
    aclName: string;
    /**
     * REGIONAL (load balancers, API Gateway REST stages, AppSync, Cognito: in the stack's region) or CLOUDFRONT
     * (distributions; the component's options must carry a us-east-1 AWS provider unless the stack's region is us-east-1).
     */
    scope: "REGIONAL" | "CLOUDFRONT";
    /** Requests one IP may send in 5 minutes before the rate-based rule blocks it, 10-2,000,000,000. Defaults to 2000. */
    rateLimit?: number;
    /** Add AWSManagedRulesBotControlRuleSet at inspection level COMMON (billed per request inspected). Defaults to false. */
    botControl?: boolean;
    /**
     * Rules of the managed groups to COUNT instead of applying their action, per group, for false positives, e.g.
     * `{ AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY"] }`. Names must be rules of the group (see
     * MANAGED_RULE_GROUPS); Bot Control only with `botControl`. Defaults to none.
     */
    countRules?: Partial<Record<ManagedRuleGroupName, string[]>>;
    /** The log group: the `logs` domain's KMS key (in the ACL's region) and a CloudWatch retention in days. */
    logs: { kmsKeyArn: pulumi.Input<string>; retentionInDays: number };
    /**
     * Header names (lowercase) redacted from the logs besides `authorization` and `cookie`, e.g. `x-signature`.
     * Defaults to none.
     */
    redactedHeaders?: string[];
    /** Keep only the log records of requests a rule blocked or counted (drop ALLOW records). Defaults to false (log all). */
    logBlockedOnly?: boolean;
    /** Pulumi `protect` on the log group (deleting it loses the logs). Defaults to false (dev). */
    protect?: boolean;
    /** Tags merged into the ACL's and the log group's. */
    tags?: Tags;
}

export class WebAcl extends pulumi.ComponentResource {
    readonly webAcl: aws.wafv2.WebAcl;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly loggingConfiguration: aws.wafv2.WebAclLoggingConfiguration;
    /** The web ACL's ARN: a PartnerApi's `webAclArn`, a distribution's `webAclId` (CLOUDFRONT). */
    readonly arn: pulumi.Output<string>;
    /** The web ACL's id. */
    readonly id: pulumi.Output<string>;
    /** The web ACL's name. */
    readonly name: pulumi.Output<string>;
    /** The log group's name, `aws-waf-logs-<aclName>`. */
    readonly logGroupName: pulumi.Output<string>;
    private readonly scope: WebAclArgs["scope"];
    private readonly componentName: string;

    constructor(name: string, args: WebAclArgs, opts?: pulumi.ComponentResourceOptions) {
        validateWebAclArgs(args, { hasAwsProvider: awsProviderOf(opts) !== undefined, stackRegion: new pulumi.Config("aws").get("region") });
        super("platform:edge:WebAcl", name, {}, opts);
        this.scope = args.scope;
        this.componentName = name;
        const ctx = componentContext(this, name, args.tags);
        const logGroupName = `${WAF_LOG_PREFIX}${args.aclName}`;

        this.webAcl = new aws.wafv2.WebAcl(name, {
            name: args.aclName,
            description: `Platform web ACL ${args.aclName}: AWS managed rule groups and a per-IP rate limit.`,
            scope: args.scope,
            defaultAction: { allow: {} },
            rules: webAclRules(args),
            visibilityConfig: visibility(args.aclName),
            tags: ctx.tags({ Name: args.aclName }),
        }, { parent: this });
        this.logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            name: logGroupName,
            kmsKeyId: args.logs.kmsKeyArn,
            retentionInDays: args.logs.retentionInDays,
            tags: ctx.tags({ Name: logGroupName }),
        }, { parent: this, protect: args.protect ?? false });
        const policy = new aws.cloudwatch.LogResourcePolicy(`${name}-logs`, {
            policyName: logGroupName,
            policyDocument: policyJson(logDeliveryStatements(ctx, logGroupName)),
        }, { parent: this });
        this.loggingConfiguration = new aws.wafv2.WebAclLoggingConfiguration(name, {
            resourceArn: this.webAcl.arn,
            logDestinationConfigs: [this.logGroup.arn],
            redactedFields: redactedHeaders(args.redactedHeaders).map((h) => ({ singleHeader: { name: h } })),
            loggingFilter: args.logBlockedOnly ? BLOCKED_ONLY_FILTER : undefined,
        }, { parent: this, dependsOn: [policy] });

        this.arn = this.webAcl.arn;
        this.id = this.webAcl.id;
        this.name = this.webAcl.name;
        this.logGroupName = this.logGroup.name;
        this.registerOutputs({ arn: this.arn, id: this.id, name: this.name, logGroupName: this.logGroupName });
    }

    /**
     * Associate the (REGIONAL) ACL with a load balancer, API Gateway REST stage, AppSync API or Cognito user pool:
     * an aws.wafv2.WebAclAssociation `<component name>-<name>` under this component. A CLOUDFRONT ACL cannot be
     * associated: set the distribution's `webAclId` to `arn` instead.
     */
    associate(name: string, resourceArn: pulumi.Input<string>): aws.wafv2.WebAclAssociation {
        const check = new ArgsChecker("WebAcl.associate");
        check.require(this.scope === "REGIONAL", "scope", this.scope,
            "only a REGIONAL web ACL is associated; for a CloudFront distribution set its webAclId to the ACL's arn");
        check.require(typeof name === "string" && /^[a-z0-9][a-z0-9-]{0,62}$/.test(name), "name", name,
            "expected 1-63 lowercase letters, digits or '-' (names the association)");
        check.require(resourceArn !== undefined && resourceArn !== null && resourceArn !== "", "resourceArn", resourceArn,
            "expected the ARN of a load balancer, API Gateway stage, AppSync API or Cognito user pool");
        check.done();
        return new aws.wafv2.WebAclAssociation(`${this.componentName}-${name}`, { resourceArn, webAclArn: this.arn }, { parent: this });
    }
}

/** Keep only BLOCK and COUNT records (what `logBlockedOnly` sets). */
const BLOCKED_ONLY_FILTER = {
    defaultBehavior: "DROP",
    filters: [{
        behavior: "KEEP",
        requirement: "MEETS_ANY",
        conditions: [{ actionCondition: { action: "BLOCK" } }, { actionCondition: { action: "COUNT" } }],
    }],
};

/** A visibility config: metrics and sampled requests on. */
function visibility(metricName: string) {
    return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/** The header names redacted from the logs: the defaults, then the extra ones (deduplicated). */
export function redactedHeaders(extra: readonly string[] = []): string[] {
    return [...new Set([...WEB_ACL_LIMITS.redactedHeaders, ...extra])];
}

/** The ACL's rules, ordered by priority. Pure. */
export function webAclRules(args: Pick<WebAclArgs, "aclName" | "rateLimit" | "botControl" | "countRules">): aws.types.input.wafv2.WebAclRule[] {
    const managed = (group: ManagedRuleGroupName): aws.types.input.wafv2.WebAclRule => {
        const counted = args.countRules?.[group] ?? [];
        return {
            name: group,
            priority: WEB_ACL_RULES[group].priority,
            overrideAction: { none: {} },
            statement: {
                managedRuleGroupStatement: {
                    vendorName: "AWS",
                    name: group,
                    ...(counted.length ? { ruleActionOverrides: counted.map((r) => ({ name: r, actionToUse: { count: {} } })) } : {}),
                    ...(group === "AWSManagedRulesBotControlRuleSet"
                        ? { managedRuleGroupConfigs: [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: "COMMON" } }] } : {}),
                },
            },
            visibilityConfig: visibility(`${args.aclName}-${WEB_ACL_RULES[group].metric}`),
        };
    };
    const rules = [
        managed("AWSManagedRulesAmazonIpReputationList"),
        {
            name: "rate-limit-per-ip",
            priority: WEB_ACL_RULES.rateLimit.priority,
            action: { block: {} },
            statement: {
                rateBasedStatement: {
                    aggregateKeyType: "IP",
                    limit: args.rateLimit ?? WEB_ACL_LIMITS.rateLimit.default,
                    evaluationWindowSec: WEB_ACL_LIMITS.rateWindowSeconds,
                },
            },
            visibilityConfig: visibility(`${args.aclName}-${WEB_ACL_RULES.rateLimit.metric}`),
        },
        managed("AWSManagedRulesCommonRuleSet"),
        managed("AWSManagedRulesKnownBadInputsRuleSet"),
        managed("AWSManagedRulesSQLiRuleSet"),
    ];
    if (args.botControl) rules.push(managed("AWSManagedRulesBotControlRuleSet"));
    return rules;
}

/**
 * The log group's resource policy: the log delivery service may create streams and put events in this group only,
 * for sources in this account. What WAF would add to AWSWAF-LOGS itself.
 */
/**
 * The log group resource policy statement that lets vended-log delivery (delivery.logs.amazonaws.com: WAF logs,
 * CloudFront standard logs v2) write to one log group, for this account's deliveries only (the confused-deputy guard).
 */
export function logDeliveryStatements(ctx: ComponentContext, logGroupName: string, sid = "WafLogDelivery") {
    return [{
        Sid: sid,
        Effect: "Allow" as const,
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${logGroupName}:log-stream:*`,
        Condition: {
            StringEquals: { "aws:SourceAccount": ctx.accountId },
            ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:*` },
        },
    }];
}

/** The AWS provider the component's children would use, when the options give one (directly, in `providers`, or through the parent). */
function awsProviderOf(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ProviderResource | undefined {
    if (!opts) return undefined;
    if (opts.provider && aws.Provider.isInstance(opts.provider)) return opts.provider;
    const providers = opts.providers;
    if (Array.isArray(providers)) {
        const found = providers.find((p) => aws.Provider.isInstance(p));
        if (found) return found;
    } else if (providers?.aws) {
        return providers.aws;
    }
    return opts.parent?.getProvider("aws::WebAcl");
}

/** What the component's options say about where it is created. */
export interface WebAclPlacement {
    /** An AWS provider is given in the options (or inherited from the parent). */
    hasAwsProvider: boolean;
    /** The stack's `aws:region`, when set. */
    stackRegion?: string;
}

/** Validate WebAclArgs (and, for CLOUDFRONT, the placement); throws ComponentArgsError listing every problem. */
export function validateWebAclArgs(args: WebAclArgs, placement: WebAclPlacement = { hasAwsProvider: false }): void {
    const check = new ArgsChecker("WebAcl");
    check.require(typeof args.aclName === "string" && ACL_NAME.test(args.aclName), "aclName", args.aclName,
        "expected 1-128 letters, digits, '-' or '_' (a WAF web ACL name)");
    check.oneOf("scope", args.scope, ["REGIONAL", "CLOUDFRONT"]);
    if (args.scope === "CLOUDFRONT") {
        check.require(placement.hasAwsProvider || placement.stackRegion === CLOUDFRONT_REGION, "scope", args.scope,
            `a CLOUDFRONT web ACL must be created in ${CLOUDFRONT_REGION}: pass a ${CLOUDFRONT_REGION} aws.Provider in the component's options `
            + `({ provider }) (the stack's region is ${placement.stackRegion ?? "unset"})`);
    }
    if (args.rateLimit !== undefined) check.integer("rateLimit", args.rateLimit, WEB_ACL_LIMITS.rateLimit.min, WEB_ACL_LIMITS.rateLimit.max);
    if (args.botControl !== undefined) check.require(typeof args.botControl === "boolean", "botControl", args.botControl, "expected true or false");
    if (args.logBlockedOnly !== undefined) check.require(typeof args.logBlockedOnly === "boolean", "logBlockedOnly", args.logBlockedOnly, "expected true or false");
    checkCountRules(check, args);
    checkKeyArn(check, "logs.kmsKeyArn", args.logs?.kmsKeyArn);
    const keyRegion = typeof args.logs?.kmsKeyArn === "string" ? KEY_REGION.exec(args.logs.kmsKeyArn)?.[1] : undefined;
    if (args.scope === "CLOUDFRONT" && keyRegion !== undefined) {
        check.require(keyRegion === CLOUDFRONT_REGION, "logs.kmsKeyArn", args.logs.kmsKeyArn,
            `a CLOUDFRONT web ACL logs in ${CLOUDFRONT_REGION}, and CloudWatch Logs only uses a key of the log group's region: give a ${CLOUDFRONT_REGION} key`);
    }
    check.require(isLogRetention(args.logs?.retentionInDays), "logs.retentionInDays", args.logs?.retentionInDays,
        `expected one of: ${LOG_RETENTION_DAYS.join(", ")}`);
    const headers = args.redactedHeaders;
    if (headers !== undefined) {
        if (!Array.isArray(headers)) {
            check.require(false, "redactedHeaders", headers, "expected a list of lowercase header names");
        } else {
            check.require(headers.length <= WEB_ACL_LIMITS.maxRedactedHeaders, "redactedHeaders", `${headers.length} headers`,
                `expected at most ${WEB_ACL_LIMITS.maxRedactedHeaders} (WAF redacts at most 100 fields; authorization and cookie are always redacted)`);
            headers.forEach((h, i) => check.require(typeof h === "string" && HEADER_NAME.test(h), `redactedHeaders[${i}]`, h,
                "expected a lowercase HTTP header name (letters, digits and !#$%&'*+.^_`|~-, at most 64)"));
        }
    }
    if (args.protect !== undefined) check.require(typeof args.protect === "boolean", "protect", args.protect, "expected true or false");
    check.done();
}

function checkCountRules(check: ArgsChecker, args: WebAclArgs): void {
    const countRules = args.countRules;
    if (countRules === undefined) return;
    if (countRules === null || typeof countRules !== "object" || Array.isArray(countRules)) {
        check.require(false, "countRules", countRules, "expected an object mapping managed rule group names to rule names");
        return;
    }
    for (const [group, rules] of Object.entries(countRules)) {
        if (!MANAGED_GROUPS.includes(group as ManagedRuleGroupName)) {
            check.require(false, "countRules", group, `expected a managed rule group of the ACL: one of ${MANAGED_GROUPS.join(", ")}`);
            continue;
        }
        if (group === "AWSManagedRulesBotControlRuleSet" && !args.botControl) {
            check.require(false, `countRules.${group}`, rules, "Bot Control is not in the ACL: set botControl: true, or remove these overrides");
            continue;
        }
        if (!Array.isArray(rules)) {
            check.require(false, `countRules.${group}`, rules, "expected a list of rule names");
            continue;
        }
        const known: readonly string[] = MANAGED_RULE_GROUPS[group as ManagedRuleGroupName];
        rules.forEach((r, i) => check.require(known.includes(r), `countRules.${group}[${i}]`, r,
            `expected a rule of ${group}: one of ${known.join(", ")}`));
        check.require(new Set(rules).size === rules.length, `countRules.${group}`, rules, "expected each rule once");
    }
}
