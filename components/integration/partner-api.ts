/**
 * PartnerApi (`platform:integration:PartnerApi`): the API the payment and shipping partners call back, one
 * `POST /webhooks/<segment>` per partner, each proxied (AWS_PROXY) to its webhook function.
 *
 * Why a REST API (API Gateway v1) and not an HTTP API: a WAFv2 web ACL can be associated with a REST API stage but
 * not with an HTTP API (the platform's waf-apigw rule requires one); REST APIs validate requests before the function
 * runs (a request validator with a JSON-schema model for the body and the required signature headers), throttle per
 * method and per usage plan, and write execution logs besides access logs. An HTTP API has none of these.
 *
 * What a request meets, in order: the stage's WAF web ACL (`webAclArn`, supplied by the edge layer); the stage and
 * per-webhook throttles; the validator (headers `x-signature` and `x-timestamp` present, else 401 through the
 * BAD_REQUEST_PARAMETERS gateway response, as the webhook contract answers a missing signature; a body that does not
 * match the webhook's schema, 400); then the function, which verifies the HMAC signature and the timestamp.
 *
 * Authorization: the methods are `authorization: NONE` on purpose. Partners sign each request with HMAC-SHA256 over
 * the timestamp and the raw body (apps/functions/contract.ts); they cannot sign with SigV4 (AWS_IAM), carry no
 * Cognito or OAuth token, and a Lambda REQUEST authorizer cannot see the body, so it cannot check the signature: the
 * webhook function does, before it reads anything. API keys would not be authorization either (AWS: do not use API
 * keys for authentication), the contract gives partners no key header, and an `aws.apigateway.ApiKey` stores the key's
 * value in the stack's state (its `value` output is always read back, as a secret, even when AWS generates it).
 * Per-partner throttling comes from the per-webhook method settings instead (each partner has its own path). So the
 * advisory api-authz rule reports each POST method, and needs a reviewed waiver naming this reason.
 *
 * Logging: access logs (JSON, one line per request: ids, caller IP, path, status, latencies, integration and
 * validation errors, WAF status; never a body) go to `<apiName>-access` encrypted with the `logs` key; execution
 * logs go to the group API Gateway writes to, `API-Gateway-Execution-Logs_<api id>/<stage>`, which this component
 * creates first so that it too has the key and a retention (API Gateway would create it unencrypted, never
 * expiring). Execution logging is at ERROR (or INFO), metrics on, data tracing off (the bodies carry customer data),
 * caching off. X-Ray tracing is on.
 *
 * Account logging role: API Gateway writes CloudWatch logs through ONE role per account and region
 * (`aws.apigateway.Account`); without it, enabling logging on a stage fails. `manageAccountLogging` (default true)
 * creates that role (trusted by apigateway.amazonaws.com, AWS managed policy AmazonAPIGatewayPushToCloudWatchLogs,
 * the workload permissions boundary) and sets it. The setting is account-wide: only one stack per account and region
 * should own it (set false in the others); deleting the stack leaves the setting in place (there is no API to unset it).
 *
 * Deployment: a Deployment whose `triggers.redeployment` is a hash of everything deployed (paths, schemas, headers,
 * functions, validator, gateway responses) is replaced when any of them changes; Pulumi creates the replacement
 * before it deletes the old one (its default), and the stage moves to the new deployment in between.
 *
 * Custom domain: `domain` adds a REGIONAL custom domain (TLS 1.2 security policy, the given ACM certificate) mapped to
 * the stage at its root, and then disables the default execute-api endpoint, so that partners can only reach the API
 * through the domain (its DNS record, an alias to `domainName.regionalDomainName`, is the edge layer's).
 */
import { createHash } from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Partner, WEBHOOK_HEADERS } from "../../apps/functions/contract";
import { checkKeyArn } from "../data/checks";
import { ArgsChecker, ComponentContext, componentContext, isLogRetention, LAMBDA_ARN, LOG_RETENTION_DAYS, Tags } from "../shared";

/** API Gateway's account-level ceilings and the platform's defaults for the throttles and logging a PartnerApi exposes. */
export const PARTNER_API_LIMITS = {
    /** Steady-state requests per second (API Gateway's default account quota is 10,000). */
    rateLimit: { min: 1, max: 10000 },
    /** Requests in a burst (the account's default burst is 5,000). */
    burstLimit: { min: 1, max: 5000 },
    /** The stage's name. */
    defaultStageName: "v1",
    /** Execution logging level. */
    defaultLoggingLevel: "ERROR",
} as const;

/** The execution logging levels the platform allows (apigw-logging: never OFF). */
export const PARTNER_API_LOGGING_LEVELS = ["ERROR", "INFO"] as const;

/** The AWS managed policy that lets API Gateway write logs to CloudWatch. */
export const PUSH_TO_CLOUDWATCH_POLICY = "AmazonAPIGatewayPushToCloudWatchLogs";

/** JSON Schema draft 4: the dialect API Gateway models are written in. */
export const JSON_SCHEMA_DRAFT_4 = "http://json-schema.org/draft-04/schema#";

/** The access-log record: one JSON line per request, never a body. */
export const ACCESS_LOG_FORMAT: Readonly<Record<string, string>> = {
    requestId: "$context.requestId",
    extendedRequestId: "$context.extendedRequestId",
    ip: "$context.identity.sourceIp",
    caller: "$context.identity.caller",
    userAgent: "$context.identity.userAgent",
    requestTime: "$context.requestTime",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    status: "$context.status",
    protocol: "$context.protocol",
    responseLength: "$context.responseLength",
    latency: "$context.responseLatency",
    integrationLatency: "$context.integrationLatency",
    integrationStatus: "$context.integrationStatus",
    integrationErrorMessage: "$context.integrationErrorMessage",
    errorMessage: "$context.error.message",
    validationError: "$context.error.validationErrorString",
    wafResponseCode: "$context.wafResponseCode",
    xrayTraceId: "$context.xrayTraceId",
};

/** The request validator: both the body (against the method's model) and the required headers. */
const VALIDATOR = { name: "body-and-signature-headers", validateRequestBody: true, validateRequestParameters: true } as const;
/** A request without the signature headers is an authentication failure: 401, as the contract answers it (API Gateway's default is 400). */
const MISSING_SIGNATURE_RESPONSE = {
    responseType: "BAD_REQUEST_PARAMETERS",
    statusCode: "401",
    responseTemplates: { "application/json": JSON.stringify({ message: `missing signature: headers ${WEBHOOK_HEADERS.signature} and ${WEBHOOK_HEADERS.timestamp} are required` }) },
} as const;

/** A lowercase path segment under /webhooks. */
const SEGMENT = /^[a-z][a-z0-9-]{0,62}$/;
/** A REST API name this platform uses (letters, digits, '-', '_'). */
const API_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;
/** A stage name API Gateway accepts. */
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const WEB_ACL_ARN = /^arn:aws(-cn|-us-gov)?:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[A-Za-z0-9_-]+\/[0-9a-f-]+$/;
const CERTIFICATE_ARN = /^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;
const IAM_POLICY_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:policy\/[\w+=,.@/-]+$/;
const DOMAIN_NAME = /^(([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/;

/** Requests per second and burst. */
export interface Throttle {
    /** Steady-state requests per second, 1-10000. */
    rateLimit: number;
    /** Requests in a burst, 1-5000. */
    burstLimit: number;
}

/** One partner webhook: `POST /webhooks/<segment>` proxied to a function. */
export interface PartnerWebhook {
    /** The path segment (`payment` gives POST /webhooks/payment): 1-63 lowercase letters, digits or '-', unique. */
    segment: string;
    /**
     * The webhook function's ARN (unqualified). The integration invokes it through
     * `arn:<partition>:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations` (what the function's
     * `invokeArn` is), and the invoke permission names it.
     */
    functionArn: pulumi.Input<string>;
    /**
     * The JSON schema (draft 4, `type: "object"`) the request body must match, or API Gateway answers 400 before the
     * function runs: the contract's required fields (see WEBHOOK_BODY_SCHEMAS).
     */
    bodySchema: Record<string, unknown>;
    /**
     * The alias (or version) the API invokes, such as `live`: the integration calls `<functionArn>:<qualifier>` and the
     * invoke permission is on that alias only, so CodeDeploy's traffic shifting applies to the partners' calls.
     * Defaults to none ($LATEST).
     */
    qualifier?: string;
    /** This webhook's own throttle (a partner's share), within the stage's. Defaults to the stage's throttle. */
    throttle?: Throttle;
}

export interface PartnerApiArgs {
    /** The REST API's name (1-128 letters, digits, '-' or '_', starting with a letter); also names its log group. */
    apiName: string;
    /** The webhooks, at least one, segments unique. */
    webhooks: PartnerWebhook[];
    /** The stage's name (letters, digits, '-' or '_'). Defaults to "v1". */
    stageName?: string;
    /** The stage's throttle (every method; a webhook's own throttle overrides it for its path). */
    throttle: Throttle;
    /** Execution logging level, ERROR or INFO. Defaults to ERROR (INFO logs every request's processing steps). */
    loggingLevel?: "ERROR" | "INFO";
    /** The access and execution log groups: the `logs` domain's KMS key and a CloudWatch retention in days. */
    logs: { kmsKeyArn: pulumi.Input<string>; retentionInDays: number };
    /**
     * Create the account's API Gateway CloudWatch role and set it (`aws.apigateway.Account`). Account-wide: only one
     * stack per account and region may own it; set false in the others. Defaults to true.
     */
    manageAccountLogging?: boolean;
    /** The workload permissions boundary (policy ARN) of the CloudWatch role. Required when manageAccountLogging. */
    permissionsBoundary?: pulumi.Input<string>;
    /**
     * A REGIONAL WAFv2 web ACL (the edge layer's) to associate with the stage. Without it the stage is unprotected and
     * the mandatory waf-apigw rule reports it.
     */
    webAclArn?: pulumi.Input<string>;
    /**
     * A custom domain (REGIONAL, TLS 1.2) mapped to the stage at its root: its DNS name and an ACM certificate of the
     * stack's region. When set, the default execute-api endpoint is disabled. Defaults to none (execute-api URL).
     */
    domain?: { domainName: string; certificateArn: pulumi.Input<string> };
    /** Pulumi `protect` on the access and execution log groups (prod). Defaults to false. */
    protect?: boolean;
    /** Tags merged into every taggable child's. */
    tags?: Tags;
}

/**
 * The request bodies of the contract's webhooks (apps/functions/contract.ts PaymentEvent, ShippingEvent), as JSON
 * schemas API Gateway checks before the function runs: every required field present and non-empty, the statuses the
 * contract knows. Other fields are allowed (a partner may send more).
 */
export const WEBHOOK_BODY_SCHEMAS: Readonly<Record<Partner, Record<string, unknown>>> = {
    payment: eventSchema("PaymentEvent", ["eventId", "orderId", "paymentId"], ["succeeded", "failed"], { reason: { type: "string" } }),
    shipping: eventSchema("ShippingEvent", ["eventId", "orderId", "shipmentId"], ["shipped", "delivered"], {}),
};

function eventSchema(title: string, ids: string[], statuses: string[], optional: Record<string, unknown>): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    for (const id of ids) properties[id] = { type: "string", minLength: 1 };
    properties.status = { type: "string", enum: statuses };
    return { $schema: JSON_SCHEMA_DRAFT_4, title, type: "object", required: [...ids, "status"], properties: { ...properties, ...optional } };
}

export class PartnerApi extends pulumi.ComponentResource {
    readonly restApi: aws.apigateway.RestApi;
    readonly stage: aws.apigateway.Stage;
    /** The custom domain, when `domain` is given. */
    readonly domainName?: aws.apigateway.DomainName;
    /** The REST API's id. */
    readonly restApiId: pulumi.Output<string>;
    /** The REST API's execution ARN (`arn:<partition>:execute-api:<region>:<account>:<id>`). */
    readonly executionArn: pulumi.Output<string>;
    /** The stage's ARN (`arn:<partition>:apigateway:<region>::/restapis/<id>/stages/<stage>`): what a web ACL associates with. */
    readonly stageArn: pulumi.Output<string>;
    /** The base URL partners call: `https://<domain>` with a custom domain, else the stage's execute-api URL. */
    readonly invokeUrl: pulumi.Output<string>;
    /** Each webhook's full URL, by segment. */
    readonly webhookUrls: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: PartnerApiArgs, opts?: pulumi.ComponentResourceOptions) {
        validatePartnerApiArgs(args);
        super("platform:integration:PartnerApi", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const parent = { parent: this };
        const stageName = args.stageName ?? PARTNER_API_LIMITS.defaultStageName;
        const loggingLevel = args.loggingLevel ?? PARTNER_API_LIMITS.defaultLoggingLevel;
        const dnsSuffix = aws.getPartitionOutput({}, parent).dnsSuffix;

        const api = new aws.apigateway.RestApi(name, {
            name: args.apiName,
            description: "Partner webhooks (HMAC-signed callbacks of the payment and shipping partners).",
            endpointConfiguration: { types: "REGIONAL" },
            disableExecuteApiEndpoint: args.domain !== undefined,
            tags: ctx.tags({ Name: args.apiName }),
        }, parent);
        this.restApi = api;

        const validator = new aws.apigateway.RequestValidator(name, { restApi: api.id, ...VALIDATOR }, parent);
        const missingHeaders = new aws.apigateway.Response(`${name}-missing-signature`, { restApiId: api.id, ...MISSING_SIGNATURE_RESPONSE }, parent);
        const webhooksResource = new aws.apigateway.Resource(`${name}-webhooks`, {
            restApi: api.id, parentId: api.rootResourceId, pathPart: "webhooks",
        }, parent);

        const deployed: pulumi.Resource[] = [missingHeaders];
        for (const hook of args.webhooks) {
            const resource = new aws.apigateway.Resource(`${name}-${hook.segment}`, {
                restApi: api.id, parentId: webhooksResource.id, pathPart: hook.segment,
            }, parent);
            const model = new aws.apigateway.Model(`${name}-${hook.segment}`, {
                restApi: api.id, name: modelName(hook.segment), contentType: "application/json",
                description: `The body of POST /webhooks/${hook.segment}.`, schema: JSON.stringify(hook.bodySchema),
            }, parent);
            const method = new aws.apigateway.Method(`${name}-${hook.segment}`, {
                restApi: api.id, resourceId: resource.id, httpMethod: "POST",
                // Authenticated by the HMAC signature in the function (see the module comment).
                authorization: "NONE",
                requestValidatorId: validator.id,
                requestModels: { "application/json": model.name },
                requestParameters: requiredHeaderParameters(),
            }, parent);
            const integration = new aws.apigateway.Integration(`${name}-${hook.segment}`, {
                restApi: api.id, resourceId: resource.id, httpMethod: method.httpMethod,
                type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaInvokeUri(ctx.partition, ctx.region, invokedArn(hook)),
            }, parent);
            new aws.lambda.Permission(`${name}-${hook.segment}`, {
                action: "lambda:InvokeFunction", function: hook.functionArn, qualifier: hook.qualifier, principal: "apigateway.amazonaws.com",
                sourceArn: pulumi.interpolate`${api.executionArn}/${stageName}/POST/webhooks/${hook.segment}`,
            }, parent);
            deployed.push(method, integration);
        }

        const deployment = new aws.apigateway.Deployment(name, {
            restApi: api.id,
            description: "Partner webhooks; replaced when the definition changes (triggers.redeployment).",
            triggers: { redeployment: deploymentFingerprint(args.webhooks) },
        }, { parent: this, dependsOn: deployed, deleteBeforeReplace: false });

        const logGroup = (suffix: string, logName: pulumi.Input<string>) => new aws.cloudwatch.LogGroup(`${name}-${suffix}`, {
            name: logName, kmsKeyId: args.logs.kmsKeyArn, retentionInDays: args.logs.retentionInDays,
            tags: ctx.tags({ Name: pulumi.output(logName) }),
        }, { ...parent, protect: args.protect ?? false });
        const accessLogs = logGroup("access", `${args.apiName}-access`);
        // API Gateway writes execution logs here and would create it (unencrypted, never expiring) if it did not exist.
        const executionLogs = logGroup("execution", pulumi.interpolate`API-Gateway-Execution-Logs_${api.id}/${stageName}`);
        const account = (args.manageAccountLogging ?? true) ? this.accountLogging(ctx, args.permissionsBoundary!) : undefined;

        this.stage = new aws.apigateway.Stage(name, {
            restApi: api.id, deployment: deployment.id, stageName,
            accessLogSettings: { destinationArn: accessLogs.arn, format: JSON.stringify(ACCESS_LOG_FORMAT) },
            xrayTracingEnabled: true,
            cacheClusterEnabled: false,
            tags: ctx.tags({ Name: `${args.apiName}-${stageName}` }),
        }, { parent: this, dependsOn: account ? [executionLogs, account] : [executionLogs] });

        const logging = { loggingLevel, metricsEnabled: true, dataTraceEnabled: false, cachingEnabled: false };
        new aws.apigateway.MethodSettings(`${name}-all`, {
            restApi: api.id, stageName: this.stage.stageName, methodPath: "*/*",
            settings: { ...logging, throttlingRateLimit: args.throttle.rateLimit, throttlingBurstLimit: args.throttle.burstLimit },
        }, parent);
        for (const hook of args.webhooks.filter((h) => h.throttle)) {
            new aws.apigateway.MethodSettings(`${name}-${hook.segment}`, {
                restApi: api.id, stageName: this.stage.stageName, methodPath: `webhooks/${hook.segment}/POST`,
                settings: { ...logging, throttlingRateLimit: hook.throttle!.rateLimit, throttlingBurstLimit: hook.throttle!.burstLimit },
            }, parent);
        }

        this.restApiId = api.id;
        this.executionArn = api.executionArn;
        this.stageArn = pulumi.interpolate`arn:${ctx.partition}:apigateway:${ctx.region}::/restapis/${api.id}/stages/${this.stage.stageName}`;
        if (args.webAclArn !== undefined) {
            new aws.wafv2.WebAclAssociation(name, { resourceArn: this.stageArn, webAclArn: args.webAclArn }, parent);
        }

        if (args.domain) {
            this.domainName = new aws.apigateway.DomainName(name, {
                domainName: args.domain.domainName, regionalCertificateArn: args.domain.certificateArn,
                endpointConfiguration: { types: "REGIONAL" }, securityPolicy: "TLS_1_2",
                tags: ctx.tags({ Name: args.domain.domainName }),
            }, parent);
            new aws.apigateway.BasePathMapping(name, {
                restApi: api.id, stageName: this.stage.stageName, domainName: this.domainName.domainName,
            }, parent);
            this.invokeUrl = pulumi.interpolate`https://${this.domainName.domainName}`;
        } else {
            this.invokeUrl = pulumi.interpolate`https://${api.id}.execute-api.${ctx.region}.${dnsSuffix}/${this.stage.stageName}`;
        }
        const segments = args.webhooks.map((h) => h.segment);
        this.webhookUrls = this.invokeUrl.apply((base) => Object.fromEntries(segments.map((s) => [s, `${base}/webhooks/${s}`])));
        this.registerOutputs({
            restApiId: this.restApiId, executionArn: this.executionArn, stageArn: this.stageArn,
            invokeUrl: this.invokeUrl, webhookUrls: this.webhookUrls,
        });
    }

    /** The account's API Gateway CloudWatch role, and the account setting that uses it (account-wide; see the module comment). */
    private accountLogging(ctx: ComponentContext, permissionsBoundary: pulumi.Input<string>) {
        const name = ctx.name;
        const role = new aws.iam.Role(`${name}-cloudwatch`, {
            description: "API Gateway (account-wide): write API access and execution logs to CloudWatch Logs.",
            // API Gateway assumes this role for every API of the account and region; it documents no source condition for it.
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            permissionsBoundary,
            tags: ctx.tags({ Name: `${name}-cloudwatch` }),
        }, { parent: this });
        const attachment = new aws.iam.RolePolicyAttachment(`${name}-cloudwatch`, {
            role: role.name, policyArn: pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/service-role/${PUSH_TO_CLOUDWATCH_POLICY}`,
        }, { parent: this });
        // API Gateway checks that the role can write logs when the account setting is made: attach the policy first.
        return new aws.apigateway.Account(`${name}-account`, { cloudwatchRoleArn: role.arn }, { parent: this, dependsOn: [attachment] });
    }
}

/** The method request parameters that make the contract's signature headers required. */
export function requiredHeaderParameters(): Record<string, boolean> {
    return {
        [`method.request.header.${WEBHOOK_HEADERS.signature}`]: true,
        [`method.request.header.${WEBHOOK_HEADERS.timestamp}`]: true,
    };
}

/** The model's name: alphanumeric, from the segment (`payment` -> `PaymentWebhookBody`). */
export function modelName(segment: string): string {
    return segment.split("-").map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join("") + "WebhookBody";
}

/** What a webhook's integration invokes: the function's ARN, qualified with the alias when there is one. */
export function invokedArn(hook: Pick<PartnerWebhook, "functionArn" | "qualifier">): pulumi.Output<string> {
    return hook.qualifier === undefined ? pulumi.output(hook.functionArn) : pulumi.interpolate`${hook.functionArn}:${hook.qualifier}`;
}

/** The URI API Gateway invokes a Lambda function through (the function's `invokeArn`). */
export function lambdaInvokeUri(partition: pulumi.Input<string>, region: pulumi.Input<string>, functionArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/**
 * A hash of everything a deployment snapshots: each webhook's path, schema, required headers, function and
 * integration type, the validator and the gateway response. Any change replaces the Deployment. Stage settings
 * (logging, throttles) are not in it: they apply to the stage without a new deployment.
 */
export function deploymentFingerprint(webhooks: readonly PartnerWebhook[]): pulumi.Output<string> {
    return pulumi.all(webhooks.map(invokedArn)).apply((arns) => {
        const definition = {
            webhooks: webhooks.map((h, i) => ({
                path: `/webhooks/${h.segment}`, method: "POST", authorization: "NONE", schema: h.bodySchema,
                headers: requiredHeaderParameters(), integration: { type: "AWS_PROXY", functionArn: arns[i] },
            })),
            validator: VALIDATOR,
            gatewayResponses: [MISSING_SIGNATURE_RESPONSE],
        };
        return createHash("sha256").update(JSON.stringify(definition)).digest("hex");
    });
}

function checkThrottle(check: ArgsChecker, field: string, t: Throttle | undefined): void {
    if (typeof t !== "object" || t === null) {
        check.require(false, field, t, "expected { rateLimit, burstLimit }");
        return;
    }
    const { rateLimit, burstLimit } = PARTNER_API_LIMITS;
    check.require(typeof t.rateLimit === "number" && Number.isFinite(t.rateLimit) && t.rateLimit >= rateLimit.min && t.rateLimit <= rateLimit.max,
        `${field}.rateLimit`, t.rateLimit, `expected requests per second from ${rateLimit.min} to ${rateLimit.max}`);
    check.integer(`${field}.burstLimit`, t.burstLimit, burstLimit.min, burstLimit.max);
}

/** A Lambda alias name or a version number (all digits). */
const QUALIFIER = /^[A-Za-z0-9_-]{1,128}$/;

/** Validate PartnerApiArgs; throws ComponentArgsError listing every problem. */
export function validatePartnerApiArgs(args: PartnerApiArgs): void {
    const check = new ArgsChecker("PartnerApi");
    check.require(typeof args.apiName === "string" && API_NAME.test(args.apiName), "apiName", args.apiName,
        "expected 1-128 letters, digits, '-' or '_', starting with a letter");
    if (args.stageName !== undefined) {
        check.require(typeof args.stageName === "string" && STAGE_NAME.test(args.stageName), "stageName", args.stageName,
            "expected 1-128 letters, digits, '-' or '_'");
    }
    if (!Array.isArray(args.webhooks) || args.webhooks.length === 0) {
        check.require(false, "webhooks", args.webhooks, "expected at least one webhook { segment, functionArn, bodySchema }");
    } else {
        const seen = new Set<string>();
        args.webhooks.forEach((h, i) => {
            const at = `webhooks[${i}]`;
            check.require(typeof h?.segment === "string" && SEGMENT.test(h.segment), `${at}.segment`, h?.segment,
                "expected 1-63 lowercase letters, digits or '-', starting with a letter (one path segment under /webhooks)");
            check.require(!seen.has(h?.segment), `${at}.segment`, h?.segment, "each segment may be used once; it is already the segment of an earlier webhook");
            seen.add(h?.segment);
            const fn = h?.functionArn;
            check.require(fn !== undefined && fn !== "" && (typeof fn !== "string" || LAMBDA_ARN.test(fn)), `${at}.functionArn`, fn,
                "expected an unqualified Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>); the alias goes in qualifier");
            if (h?.qualifier !== undefined) {
                check.require(typeof h.qualifier === "string" && QUALIFIER.test(h.qualifier), `${at}.qualifier`, h.qualifier,
                    "expected an alias name or a version number (1-128 letters, digits, '-' or '_')");
            }
            const schema = h?.bodySchema;
            check.require(typeof schema === "object" && schema !== null && !Array.isArray(schema) && schema.type === "object",
                `${at}.bodySchema`, schema, "expected a JSON schema (draft 4) of an object: { type: \"object\", required: [...], properties: {...} }");
            if (typeof schema === "object" && schema !== null && schema.$schema !== undefined) {
                check.require(schema.$schema === JSON_SCHEMA_DRAFT_4, `${at}.bodySchema.$schema`, schema.$schema,
                    `API Gateway models are JSON Schema draft 4: expected ${JSON_SCHEMA_DRAFT_4} or no $schema`);
            }
            if (h?.throttle !== undefined) checkThrottle(check, `${at}.throttle`, h.throttle);
        });
    }
    checkThrottle(check, "throttle", args.throttle);
    if (args.loggingLevel !== undefined) check.oneOf("loggingLevel", args.loggingLevel, PARTNER_API_LOGGING_LEVELS);
    checkKeyArn(check, "logs.kmsKeyArn", args.logs?.kmsKeyArn);
    check.require(isLogRetention(args.logs?.retentionInDays), "logs.retentionInDays", args.logs?.retentionInDays,
        `expected a CloudWatch retention period: ${LOG_RETENTION_DAYS.join(", ")}`);
    if (args.manageAccountLogging ?? true) {
        const boundary = args.permissionsBoundary;
        check.require(boundary !== undefined && boundary !== "" && (typeof boundary !== "string" || IAM_POLICY_ARN.test(boundary)), "permissionsBoundary",
            args.permissionsBoundary, "expected the workload boundary's IAM policy ARN: the account's API Gateway CloudWatch role carries it (manageAccountLogging is on)");
    }
    if (args.webAclArn !== undefined) {
        check.require(typeof args.webAclArn !== "string" || WEB_ACL_ARN.test(args.webAclArn), "webAclArn", args.webAclArn,
            "expected a REGIONAL WAFv2 web ACL ARN (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>)");
    }
    if (args.domain !== undefined) {
        const d = args.domain;
        check.require(typeof d?.domainName === "string" && DOMAIN_NAME.test(d.domainName), "domain.domainName", d?.domainName,
            "expected a lowercase DNS name such as partners.example.com");
        const cert = d?.certificateArn;
        check.require(cert !== undefined && cert !== "" && (typeof cert !== "string" || CERTIFICATE_ARN.test(cert)), "domain.certificateArn", cert,
            "expected an ACM certificate ARN of the stack's region (arn:aws:acm:<region>:<account>:certificate/<id>)");
    }
    check.done();
}
