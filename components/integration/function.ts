/**
 * LambdaFunction (`platform:integration:LambdaFunction`): one AWS Lambda function with its own execution role, its own
 * encrypted log group, and the plumbing that lets its callers reach it. Named LambdaFunction so that it does not
 * shadow the global `Function`.
 *
 * What it creates:
 * - an IAM role only the Lambda service of this account may assume (`aws:SourceAccount`), with the platform's
 *   permissions boundary and ONE inline policy generated from what the function declares (see functionPolicy): its
 *   needs (tables, queues, topics, buckets with a prefix, keys: components/compute/needs-policy.ts), the secrets it
 *   reads, task-token callbacks, its own log streams, X-Ray, its event source queue and its async failure queue. No
 *   managed policy (AWSLambdaBasicExecutionRole grants logs on every log group).
 *   The trust policy carries no `aws:SourceArn`: Lambda does not document one for assuming an execution role, and the
 *   trust rule (iam-trust-restricted) only asks for a condition on a `*` principal.
 * - the log group `/aws/lambda/<functionName>` (retention, the `logs` key), created before the function so that Lambda
 *   never creates an unencrypted, never-expiring one; the function logs to it as JSON.
 * - the function: arm64, active X-Ray tracing, reserved concurrency (always: a function never draws from the account's
 *   unreserved pool, so a flood cannot starve the others nor the others starve it), environment variables that are
 *   plain names and ARNs only (a credential-looking name must hold a Secrets Manager / SSM / KMS ARN; a
 *   credential-looking value is refused), encrypted with the `events` key. Lambda decrypts them at start through the
 *   grant it creates on the key when the function is deployed: the role needs no kms:Decrypt for them.
 *
 * How it is invoked decides which options it needs:
 * - synchronously by Step Functions (a task): nothing here. The state machine's role grants lambda:InvokeFunction;
 *   errors go back to the state machine (Retry / Catch), so no failure queue applies.
 * - synchronously by API Gateway (a webhook): `invokers` with the API's execute-api ARN. Errors go back to the
 *   caller; no failure queue applies.
 * - by an SQS queue (`eventSource`): an event source mapping reporting partial batch failures; failed messages return
 *   to the queue and move to its own dead-letter queue after its maxReceiveCount (the queue's redrive, not
 *   `asyncFailure`). The queue's visibility timeout should be at least 6 times the function's timeout.
 * - asynchronously (EventBridge, SNS): `invokers`, and `asyncFailure`: after the retries, the event goes to an SQS
 *   queue (an on-failure destination). A dead-letter queue or destination applies to asynchronous invocation only.
 *
 * Versions and the `live` alias: every deployment publishes an immutable version, and every caller invokes the alias
 * `live` (`aliasArn`, `aliasInvokeArn`), never $LATEST: the Step Functions tasks, the event source mapping, the invoke
 * permissions (qualified with the alias) and the async invoke config (on the alias, where asynchronous invocations
 * land). The alias is created on the first version; after that it moves only through CodeDeploy (a canary or linear
 * shift, components/delivery/function-deployment.ts), so its `functionVersion` and `routingConfig` are in
 * `ignoreChanges`: otherwise every `pulumi up` after a code change would set the alias straight to the new version
 * (skipping the canary) and, during a deployment, reset the weighted routing CodeDeploy is shifting (Pulumi and
 * CodeDeploy would fight over the alias).
 *
 * No `protect`: a function is stateless (its code is in the program, its logs expire with the retention), so
 * replacing or deleting it loses nothing.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { missingReferences, NEED_ACTIONS, needName, needsPolicy, PlatformReferences, REFERENCE_FIELD, referenceOf, referenceProblems } from "../compute/needs-policy";
import { Need, secretLookingName } from "../compute/service-spec";
import { checkKeyArn } from "../data/checks";
import {
    ArgsChecker, ComponentArgsError, componentContext, isLogRetention, LOG_RETENTION_DAYS, PolicyDocument, serviceTrustPolicy, Statement, Tags,
} from "../shared";

/** Runtimes a function may use (supported by Lambda, on arm64). */
export const LAMBDA_RUNTIMES = ["nodejs22.x", "nodejs20.x", "python3.13", "python3.12"] as const;
export type LambdaRuntime = (typeof LAMBDA_RUNTIMES)[number];
/** Application log levels (advanced logging controls, JSON format). */
export const APPLICATION_LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;
/** System (platform) log levels. */
export const SYSTEM_LOG_LEVELS = ["DEBUG", "INFO", "WARN"] as const;
/**
 * Service principals that may be given an invoke permission. Step Functions and EventBridge Pipes invoke through their
 * own role's lambda:InvokeFunction, and SQS through `eventSource`: none of them needs a resource-policy permission.
 */
export const INVOKER_PRINCIPALS = {
    "apigateway.amazonaws.com": "execute-api",
    "events.amazonaws.com": "events",
    "sns.amazonaws.com": "sns",
} as const;
export type InvokerPrincipal = keyof typeof INVOKER_PRINCIPALS;
/** Kinds of need a function may declare: those that give IAM statements (secrets go in `secrets`; no VPC data stores). */
export const FUNCTION_NEED_KINDS = ["table", "queue", "topic", "bucket", "key"] as const;

/** Lambda's limits (and the platform's) on the settings a LambdaFunction exposes. */
export const LAMBDA_LIMITS = {
    memorySize: { min: 128, max: 10240 },
    timeoutSeconds: { min: 1, max: 900 },
    /** At least 1 (0 would stop the function); at most 1000, the default account limit. */
    reservedConcurrentExecutions: { min: 1, max: 1000 },
    /** SQS standard queues; above 10 needs a batching window of at least 1 s. */
    batchSize: { min: 1, max: 10000 },
    maximumBatchingWindowSeconds: { min: 0, max: 300 },
    maximumConcurrency: { min: 2, max: 1000 },
    maximumRetryAttempts: { min: 0, max: 2 },
    maximumEventAgeSeconds: { min: 60, max: 21600 },
} as const;

/** The alias every caller invokes and CodeDeploy moves from version to version. */
export const LIVE_ALIAS = "live";

/** Every default, in one place. */
export const FUNCTION_DEFAULTS = {
    handler: "index.handler",
    runtime: "nodejs22.x" as LambdaRuntime,
    memorySize: 256,
    timeoutSeconds: 30,
    applicationLogLevel: "INFO" as (typeof APPLICATION_LOG_LEVELS)[number],
    systemLogLevel: "WARN" as (typeof SYSTEM_LOG_LEVELS)[number],
    batchSize: 10,
    maximumBatchingWindowSeconds: 0,
    maximumRetryAttempts: 2,
    maximumEventAgeSeconds: 3600,
} as const;

/** A Lambda function name. */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** `file.export` (a module path, then the exported function). */
const HANDLER = /^[A-Za-z0-9_./-]+\.[A-Za-z_$][A-Za-z0-9_$]*$/;
const ENV_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Variables the Lambda runtime sets (or reserves for credentials): a function may not set them. */
const RESERVED_ENV = /^(_HANDLER|_X_AMZN_TRACE_ID|AWS_REGION|AWS_DEFAULT_REGION|AWS_EXECUTION_ENV|AWS_LAMBDA_(FUNCTION_\w+|INITIALIZATION_TYPE|LOG_\w+|RUNTIME_API)|AWS_ACCESS_KEY(_ID)?|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_XRAY_\w+|LAMBDA_TASK_ROOT|LAMBDA_RUNTIME_DIR)$/;
/** What a credential-looking variable may hold: a reference to the credential (the lambda rule's default pattern). */
const REFERENCE_VALUE = /^arn:aws[a-z-]*:(secretsmanager|ssm|kms):/i;
/** Values that are credentials themselves, by shape (never echoed). */
const SECRET_VALUES: [RegExp, string][] = [
    [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/, "an AWS access key id"],
    [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
    [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/, "a JSON web token"],
    [/:\/\/[^/\s:@]+:[^/\s@]+@/, "a URL with a password"],
    [/\b(ghp_|gho_|github_pat_|xox[abpr]-|sk_live_|rk_live_)/, "an API token"],
];
const SECRET_ARN = /^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const QUEUE_ARN = /^arn:aws(-cn|-us-gov)?:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/;

/** A Secrets Manager secret the function reads at runtime (its ARN is usually in an environment variable). */
export interface FunctionSecret {
    /** The secret's ARN (not its name: IAM matches ARNs). */
    arn: pulumi.Input<string>;
    /** The customer-managed key that encrypts the secret (kms:Decrypt through Secrets Manager only). */
    keyArn: pulumi.Input<string>;
}

/** An SQS queue that triggers the function (an event source mapping). */
export interface FunctionEventSource {
    /** The queue's ARN. */
    queueArn: pulumi.Input<string>;
    /** The key that encrypts the queue. Defaults to the function's `kmsKeyArn` (the events key encrypts the platform's queues). */
    queueKeyArn?: pulumi.Input<string>;
    /** Messages per invocation, 1-10000 (above 10 needs a batching window). Defaults to 10. */
    batchSize?: number;
    /** Seconds Lambda gathers a batch, 0-300. Defaults to 0. */
    maximumBatchingWindowSeconds?: number;
    /**
     * Concurrent invocations the queue may drive, 2-1000, at most the function's reserved concurrency (more would be
     * throttled, and throttled messages count as receives towards the DLQ). Defaults to the reserved concurrency (none
     * set when that is 1).
     */
    maximumConcurrency?: number;
}

/** Where events of an asynchronous invocation go once every attempt failed. */
export interface FunctionAsyncFailure {
    /** The SQS queue that receives failed events (an on-failure destination; the function's role sends to it). */
    queueArn: pulumi.Input<string>;
    /** The key that encrypts the queue. Defaults to the function's `kmsKeyArn`. */
    queueKeyArn?: pulumi.Input<string>;
    /** Retries after the first attempt, 0-2. Defaults to 2. */
    maximumRetryAttempts?: number;
    /** Seconds an event may wait to be processed, 60-21600. Defaults to 3600. */
    maximumEventAgeSeconds?: number;
}

/** A service allowed to invoke the function (a resource-policy permission, always narrowed to its source). */
export interface FunctionInvoker {
    /** The service principal: apigateway.amazonaws.com, events.amazonaws.com or sns.amazonaws.com. */
    principal: InvokerPrincipal;
    /**
     * The ARN the invocation comes from: `arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<METHOD>/<path>` (wildcards
     * allowed in stage and method), an EventBridge rule's ARN, an SNS topic's ARN.
     */
    sourceArn: pulumi.Input<string>;
}

export interface LambdaFunctionArgs {
    /** The function's physical name, 1-64 letters, digits, '-' or '_'; its log group is `/aws/lambda/<functionName>`. */
    functionName: string;
    /** The deployment package (a pulumi.asset.Archive: an AssetArchive of the bundle, a FileArchive of a zip or folder). */
    code: pulumi.asset.Archive;
    /** The entry point, `<module>.<export>`. Defaults to `index.handler`. */
    handler?: string;
    /** The runtime, one of LAMBDA_RUNTIMES. Defaults to nodejs22.x. */
    runtime?: LambdaRuntime;
    /** Memory in MB, 128-10240 (CPU scales with it). Defaults to 256. */
    memorySize?: number;
    /** Seconds an invocation may run, 1-900. Defaults to 30. */
    timeoutSeconds?: number;
    /** Concurrent executions reserved for (and capping) the function, 1-1000. Required: a function is never unreserved. */
    reservedConcurrentExecutions: number;
    /**
     * Environment variables: names, ARNs, URLs, never a credential. A name that looks like a credential (SECRET, TOKEN,
     * PASSWORD, *KEY...) must hold a Secrets Manager, SSM or KMS ARN (`PARTNER_SECRET_ARN`); values shaped like
     * credentials are refused. Values given as Outputs are checked when known. Defaults to none.
     */
    environment?: Record<string, pulumi.Input<string>>;
    /** The events domain's customer-managed key: encrypts the environment variables. */
    kmsKeyArn: pulumi.Input<string>;
    /** The logs domain's customer-managed key: encrypts the log group. */
    logsKmsKeyArn: pulumi.Input<string>;
    /** Days the log group keeps events, one of LOG_RETENTION_DAYS. */
    logRetentionDays: number;
    /** Minimum application log level. Defaults to INFO. */
    applicationLogLevel?: (typeof APPLICATION_LOG_LEVELS)[number];
    /** Minimum system (platform) log level. Defaults to WARN (start/end/report lines are INFO). */
    systemLogLevel?: (typeof SYSTEM_LOG_LEVELS)[number];
    /** The platform's workload permissions boundary (the security layer's WorkloadBoundary ARN). Required. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** What the function uses (table, queue, topic, bucket, key needs): exact actions on exact ARNs. Defaults to none. */
    needs?: Need[];
    /** What the needs resolve to, by need name (keys by domain). Every need must have one. */
    platform?: PlatformReferences;
    /** Secrets read at runtime: secretsmanager:GetSecretValue on exactly these, kms:Decrypt through Secrets Manager on their keys. */
    secrets?: FunctionSecret[];
    /**
     * The function completes Step Functions task tokens (states:SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat).
     * These actions have no resource-level permissions (the token is the capability), so the grant is on Resource "*".
     * Defaults to false.
     */
    taskCallbacks?: boolean;
    /** An SQS queue that triggers the function. Defaults to none. */
    eventSource?: FunctionEventSource;
    /** For asynchronously invoked functions: the queue failed events go to. Defaults to none (sync functions need none). */
    asyncFailure?: FunctionAsyncFailure;
    /** Services that may invoke the function, each from one source ARN. Defaults to none. */
    invokers?: FunctionInvoker[];
    /** Pulumi `protect` on the log group (its logs are the function's record; prod). The function itself holds no state. Defaults to false. */
    protect?: boolean;
    /** What the function does (its description and its role's). */
    description?: string;
    /** Tags merged into the role, the log group, the function and the event source mapping. */
    tags?: Tags;
}

export class LambdaFunction extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly rolePolicy: aws.iam.RolePolicy;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly eventSourceMapping?: aws.lambda.EventSourceMapping;
    readonly eventInvokeConfig?: aws.lambda.FunctionEventInvokeConfig;
    readonly permissions: aws.lambda.Permission[];
    /** The `live` alias: what every caller invokes (CodeDeploy moves it; see the module comment). */
    readonly alias: aws.lambda.Alias;
    /** The function's unqualified ARN (IAM and CodeDeploy name it; callers invoke `aliasArn`). */
    readonly arn: pulumi.Output<string>;
    /** The function's name. */
    readonly name: pulumi.Output<string>;
    /** The function's name as given (known before deployment: names other resources, such as its deployment group). */
    readonly functionName: string;
    /** The API Gateway integration URI of the function. */
    readonly invokeArn: pulumi.Output<string>;
    /** The `live` alias's ARN (`<arn>:live`): what a state machine's task and any caller name. */
    readonly aliasArn: pulumi.Output<string>;
    /** The `live` alias's name. */
    readonly aliasName: pulumi.Output<string>;
    /** The API Gateway integration URI of the `live` alias. */
    readonly aliasInvokeArn: pulumi.Output<string>;
    /** The execution role's ARN. */
    readonly roleArn: pulumi.Output<string>;
    /** The log group's name, `/aws/lambda/<functionName>`. */
    readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: LambdaFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        validateLambdaFunctionArgs(args);
        super("platform:integration:LambdaFunction", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const parent = { parent: this };
        const fnName = args.functionName;
        const logGroupName = functionLogGroupName(fnName);
        const dnsSuffix = aws.getPartitionOutput({}, parent).dnsSuffix;

        this.role = new aws.iam.Role(name, {
            description: `Execution role of the ${fnName} function${args.description ? `: ${args.description}` : ""}`,
            assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", ctx.accountId),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags: ctx.tags({ Name: fnName }),
        }, parent);

        const eventSource = args.eventSource && { queueArn: args.eventSource.queueArn, keyArn: args.eventSource.queueKeyArn ?? args.kmsKeyArn };
        const asyncFailure = args.asyncFailure && { queueArn: args.asyncFailure.queueArn, keyArn: args.asyncFailure.queueKeyArn ?? args.kmsKeyArn };
        const policy = pulumi.output({
            refs: neededReferences(args.needs ?? [], args.platform ?? {}),
            region: ctx.region, dnsSuffix, partition: ctx.partition, accountId: ctx.accountId,
            secrets: args.secrets ?? [], eventSource, asyncFailure,
        }).apply((v) => JSON.stringify(functionPolicy({
            ...v, functionName: fnName, needs: args.needs ?? [], taskCallbacks: args.taskCallbacks ?? false,
        })));
        this.rolePolicy = new aws.iam.RolePolicy(name, { role: this.role.id, policy }, parent);

        this.logGroup = new aws.cloudwatch.LogGroup(name, {
            name: logGroupName,
            retentionInDays: args.logRetentionDays,
            kmsKeyId: args.logsKmsKeyArn,
            tags: ctx.tags({ Name: logGroupName }),
        }, { ...parent, protect: args.protect ?? false });

        this.function = new aws.lambda.Function(name, {
            name: fnName,
            description: args.description,
            role: this.role.arn,
            code: args.code,
            handler: args.handler ?? FUNCTION_DEFAULTS.handler,
            runtime: args.runtime ?? FUNCTION_DEFAULTS.runtime,
            architectures: ["arm64"],
            memorySize: args.memorySize ?? FUNCTION_DEFAULTS.memorySize,
            timeout: args.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds,
            reservedConcurrentExecutions: args.reservedConcurrentExecutions,
            tracingConfig: { mode: "Active" },
            // Each change of code or configuration publishes a version: the alias, not $LATEST, is what runs.
            publish: true,
            kmsKeyArn: args.kmsKeyArn,
            ...(args.environment && Object.keys(args.environment).length
                ? { environment: { variables: checkedEnvironment(fnName, args.environment) } } : {}),
            loggingConfig: {
                logFormat: "JSON",
                logGroup: this.logGroup.name,
                applicationLogLevel: args.applicationLogLevel ?? FUNCTION_DEFAULTS.applicationLogLevel,
                systemLogLevel: args.systemLogLevel ?? FUNCTION_DEFAULTS.systemLogLevel,
            },
            tags: ctx.tags({ Name: fnName }),
        }, { parent: this, dependsOn: [this.logGroup, this.rolePolicy] });

        // Created on the version just published; CodeDeploy moves it from then on (see the module comment).
        this.alias = new aws.lambda.Alias(`${name}-${LIVE_ALIAS}`, {
            name: LIVE_ALIAS,
            functionName: this.function.name,
            functionVersion: this.function.version,
            description: `What every caller of ${fnName} invokes; moved by CodeDeploy`,
        }, { parent: this, ignoreChanges: ["functionVersion", "routingConfig"] });

        if (args.eventSource) {
            const es = args.eventSource;
            const maximumConcurrency = es.maximumConcurrency
                ?? (args.reservedConcurrentExecutions >= LAMBDA_LIMITS.maximumConcurrency.min
                    ? Math.min(args.reservedConcurrentExecutions, LAMBDA_LIMITS.maximumConcurrency.max) : undefined);
            // Lambda checks the role can receive from the queue when the mapping is created: after the policy.
            this.eventSourceMapping = new aws.lambda.EventSourceMapping(`${name}-events`, {
                eventSourceArn: es.queueArn,
                functionName: this.alias.arn,
                batchSize: es.batchSize ?? FUNCTION_DEFAULTS.batchSize,
                maximumBatchingWindowInSeconds: es.maximumBatchingWindowSeconds ?? FUNCTION_DEFAULTS.maximumBatchingWindowSeconds,
                functionResponseTypes: ["ReportBatchItemFailures"],
                ...(maximumConcurrency !== undefined ? { scalingConfig: { maximumConcurrency } } : {}),
                tags: ctx.tags({ Name: `${fnName}-events` }),
            }, { parent: this, dependsOn: [this.rolePolicy] });
        }

        if (args.asyncFailure) {
            const af = args.asyncFailure;
            this.eventInvokeConfig = new aws.lambda.FunctionEventInvokeConfig(`${name}-async`, {
                functionName: this.function.name,
                qualifier: this.alias.name,
                maximumRetryAttempts: af.maximumRetryAttempts ?? FUNCTION_DEFAULTS.maximumRetryAttempts,
                maximumEventAgeInSeconds: af.maximumEventAgeSeconds ?? FUNCTION_DEFAULTS.maximumEventAgeSeconds,
                destinationConfig: { onFailure: { destination: af.queueArn } },
            }, { parent: this, dependsOn: [this.rolePolicy] });
        }

        this.permissions = (args.invokers ?? []).map((inv, i) => new aws.lambda.Permission(`${name}-invoke-${i + 1}`, {
            statementId: `invoke-${INVOKER_PRINCIPALS[inv.principal]}-${i + 1}`,
            action: "lambda:InvokeFunction",
            function: this.function.name,
            qualifier: this.alias.name,
            principal: inv.principal,
            sourceArn: inv.sourceArn,
        }, parent));

        this.arn = this.function.arn;
        this.name = this.function.name;
        this.invokeArn = this.function.invokeArn;
        this.functionName = fnName;
        this.aliasArn = this.alias.arn;
        this.aliasName = this.alias.name;
        this.aliasInvokeArn = this.alias.invokeArn;
        this.roleArn = this.role.arn;
        this.logGroupName = this.logGroup.name;
        this.registerOutputs({
            arn: this.arn, name: this.name, invokeArn: this.invokeArn, aliasArn: this.aliasArn, aliasName: this.aliasName,
            aliasInvokeArn: this.aliasInvokeArn, roleArn: this.roleArn, logGroupName: this.logGroupName,
        });
    }
}

/** The log group Lambda writes a function's logs to. */
export const functionLogGroupName = (functionName: string) => `/aws/lambda/${functionName}`;

/** The references of the declared needs only (what the policy is generated from). */
function neededReferences(needs: readonly Need[], platform: PlatformReferences): PlatformReferences {
    const out: PlatformReferences = {};
    for (const n of needs) {
        ((out as Record<string, Record<string, unknown>>)[REFERENCE_FIELD[n.kind]] ??= {})[needName(n)] = referenceOf(platform, n);
    }
    return out;
}

/** Every value functionPolicy reads, resolved to plain strings. */
export interface FunctionPolicyInput {
    functionName: string;
    partition: string;
    region: string;
    accountId: string;
    /** The partition's DNS suffix (kms:ViaService endpoints). */
    dnsSuffix: string;
    needs: readonly Need[];
    refs: pulumi.Unwrap<PlatformReferences>;
    secrets: readonly { arn: string; keyArn: string }[];
    taskCallbacks: boolean;
    eventSource?: { queueArn: string; keyArn: string };
    asyncFailure?: { queueArn: string; keyArn: string };
}

/** The SQS actions of an event source mapping (what Lambda's poller calls with the execution role). */
export const EVENT_SOURCE_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"] as const;
/** The callbacks of a Step Functions task token. */
export const TASK_CALLBACK_ACTIONS = ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"] as const;

/**
 * The execution role's policy: its own log streams, X-Ray, the needs' statements (needsPolicy), the secrets and their
 * keys, task callbacks, the event source queue and the async failure queue (with their keys, through SQS only). No
 * `*` action; Resource "*" only for X-Ray and task callbacks, which have no resource-level permissions. Pure.
 */
export function functionPolicy(p: FunctionPolicyInput): PolicyDocument {
    const via = (service: string) => `${service}.${p.region}.${p.dnsSuffix}`;
    const statements: Statement[] = [
        {
            Sid: "OwnLogStreams", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [`arn:${p.partition}:logs:${p.region}:${p.accountId}:log-group:${functionLogGroupName(p.functionName)}:*`],
        },
        { Sid: "XRayTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
        ...(needsPolicy(p.needs, p.refs, { region: p.region, dnsSuffix: p.dnsSuffix })?.Statement ?? []),
    ];
    if (p.secrets.length) {
        statements.push(
            { Sid: "ReadSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: unique(p.secrets.map((s) => s.arn)) },
            {
                Sid: "SecretKeysViaSecretsManager", Effect: "Allow", Action: ["kms:Decrypt"], Resource: unique(p.secrets.map((s) => s.keyArn)),
                Condition: { StringEquals: { "kms:ViaService": via("secretsmanager") } },
            },
        );
    }
    if (p.taskCallbacks) statements.push({ Sid: "TaskCallbacks", Effect: "Allow", Action: [...TASK_CALLBACK_ACTIONS], Resource: "*" });
    // Key actions through SQS, per key: Decrypt to receive, GenerateDataKey too to send.
    const queueKeys = new Map<string, Set<string>>();
    const grantKey = (key: string, actions: string[]) => actions.forEach((a) => (queueKeys.get(key) ?? queueKeys.set(key, new Set()).get(key)!).add(a));
    if (p.eventSource) {
        statements.push({ Sid: "EventSourceReceive", Effect: "Allow", Action: [...EVENT_SOURCE_ACTIONS], Resource: [p.eventSource.queueArn] });
        grantKey(p.eventSource.keyArn, ["kms:Decrypt"]);
    }
    if (p.asyncFailure) {
        statements.push({ Sid: "AsyncFailureSend", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [p.asyncFailure.queueArn] });
        grantKey(p.asyncFailure.keyArn, [...NEED_ACTIONS.key.write]);
    }
    const byActions = new Map<string, string[]>();
    for (const [key, actions] of queueKeys) {
        const id = [...actions].sort().join(",");
        byActions.set(id, [...(byActions.get(id) ?? []), key]);
    }
    for (const [id, keys] of byActions) {
        const actions = id.split(",");
        statements.push({
            Sid: `QueueKeys${actions.map((a) => a.replace("kms:", "")).join("")}ViaSqs`, Effect: "Allow", Action: actions, Resource: keys,
            Condition: { StringEquals: { "kms:ViaService": via("sqs") } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

const unique = (xs: string[]) => [...new Set(xs)];

/** What is wrong with one environment variable's value, or undefined (the value itself is never part of the message). */
function envValueProblem(name: string, value: string): string | undefined {
    const looks = secretLookingName(name);
    if (looks && value !== "" && !REFERENCE_VALUE.test(value)) {
        return `the name looks like a credential (${looks}), so it must hold the ARN of a Secrets Manager secret, an SSM parameter `
            + "or a KMS key (read the credential at runtime), not a plain value";
    }
    const shaped = SECRET_VALUES.find(([re]) => re.test(value));
    if (shaped) return `the value looks like ${shaped[1]}; keep it in Secrets Manager and pass the secret's ARN`;
    return undefined;
}

/** The variables, with Output values checked once they are known (a credential never reaches the function's configuration). */
function checkedEnvironment(functionName: string, env: Record<string, pulumi.Input<string>>): Record<string, pulumi.Input<string>> {
    const out: Record<string, pulumi.Input<string>> = {};
    for (const [k, v] of Object.entries(env)) {
        out[k] = typeof v === "string" ? v : pulumi.output(v).apply((value) => {
            const problem = typeof value === "string" ? envValueProblem(k, value) : "expected a string";
            if (problem) throw new ComponentArgsError("LambdaFunction", [`${functionName}: environment.${k}: ${problem}`]);
            return value;
        });
    }
    return out;
}

/** Validate LambdaFunctionArgs; throws ComponentArgsError listing every problem (needs name the function). */
export function validateLambdaFunctionArgs(args: LambdaFunctionArgs): void {
    const check = new ArgsChecker("LambdaFunction");
    const fn = args.functionName;
    check.require(typeof fn === "string" && FUNCTION_NAME.test(fn), "functionName", fn, "expected 1-64 letters, digits, '-' or '_'");
    check.require(pulumi.asset.Archive.isInstance(args.code), "code", pulumi.asset.Archive.isInstance(args.code) ? "(an archive)" : args.code,
        "expected a pulumi.asset.Archive (AssetArchive or FileArchive of the bundle)");
    if (args.handler !== undefined) check.require(typeof args.handler === "string" && HANDLER.test(args.handler), "handler", args.handler, "expected <module>.<export> such as index.handler");
    if (args.runtime !== undefined) check.oneOf("runtime", args.runtime, LAMBDA_RUNTIMES);
    for (const field of ["memorySize", "timeoutSeconds"] as const) {
        if (args[field] !== undefined) check.integer(field, args[field], LAMBDA_LIMITS[field].min, LAMBDA_LIMITS[field].max);
    }
    check.integer("reservedConcurrentExecutions", args.reservedConcurrentExecutions, LAMBDA_LIMITS.reservedConcurrentExecutions.min,
        LAMBDA_LIMITS.reservedConcurrentExecutions.max);
    checkKeyArn(check, "kmsKeyArn", args.kmsKeyArn);
    checkKeyArn(check, "logsKmsKeyArn", args.logsKmsKeyArn);
    check.require(isLogRetention(args.logRetentionDays), "logRetentionDays", args.logRetentionDays, `expected a CloudWatch retention period: ${LOG_RETENTION_DAYS.join(", ")}`);
    if (args.applicationLogLevel !== undefined) check.oneOf("applicationLogLevel", args.applicationLogLevel, APPLICATION_LOG_LEVELS);
    if (args.systemLogLevel !== undefined) check.oneOf("systemLogLevel", args.systemLogLevel, SYSTEM_LOG_LEVELS);
    check.require(args.permissionsBoundaryArn !== undefined && args.permissionsBoundaryArn !== "", "permissionsBoundaryArn",
        args.permissionsBoundaryArn, "every workload role carries the platform's permissions boundary");
    checkEnvironment(check, args.environment);
    const needsOk = checkNeeds(check, args.needs);
    (args.secrets ?? []).forEach((s, i) => {
        check.require(s?.arn !== undefined && (typeof s.arn !== "string" || SECRET_ARN.test(s.arn)), `secrets[${i}].arn`, s?.arn,
            "expected a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>)");
        checkKeyArn(check, `secrets[${i}].keyArn`, s?.keyArn);
    });
    if (args.taskCallbacks !== undefined) check.require(typeof args.taskCallbacks === "boolean", "taskCallbacks", args.taskCallbacks, "expected true or false");
    checkEventSource(check, args);
    if (args.asyncFailure !== undefined) {
        const af = args.asyncFailure;
        checkQueueArn(check, "asyncFailure.queueArn", af.queueArn);
        if (af.queueKeyArn !== undefined) checkKeyArn(check, "asyncFailure.queueKeyArn", af.queueKeyArn);
        if (af.maximumRetryAttempts !== undefined) check.integer("asyncFailure.maximumRetryAttempts", af.maximumRetryAttempts, LAMBDA_LIMITS.maximumRetryAttempts.min, LAMBDA_LIMITS.maximumRetryAttempts.max);
        if (af.maximumEventAgeSeconds !== undefined) check.integer("asyncFailure.maximumEventAgeSeconds", af.maximumEventAgeSeconds, LAMBDA_LIMITS.maximumEventAgeSeconds.min, LAMBDA_LIMITS.maximumEventAgeSeconds.max);
    }
    (args.invokers ?? []).forEach((inv, i) => {
        const service = INVOKER_PRINCIPALS[inv?.principal];
        check.require(service !== undefined, `invokers[${i}].principal`, inv?.principal, `expected one of: ${Object.keys(INVOKER_PRINCIPALS).join(", ")} `
            + "(Step Functions and EventBridge Pipes invoke through their role's lambda:InvokeFunction, SQS through eventSource: they need no permission)");
        const arn = inv?.sourceArn;
        check.require(arn !== undefined && arn !== "" && (typeof arn !== "string" || service === undefined
            || new RegExp(`^arn:aws(-cn|-us-gov)?:${service}:[a-z0-9-]+:\\d{12}:[^*\\s]`).test(arn)), `invokers[${i}].sourceArn`, arn,
            `expected the ARN the invocation comes from${service ? ` (arn:aws:${service}:<region>:<account>:...)` : ""}; a permission is never open to every source`);
    });
    // Needs without a reference: one line each, naming the function and the need.
    const references = needsOk ? [...missingReferences(fn, args.needs ?? [], args.platform ?? {}), ...referenceProblems(fn, args.needs ?? [], args.platform ?? {})] : [];
    try {
        check.done();
    } catch (e) {
        if (e instanceof ComponentArgsError) throw new ComponentArgsError("LambdaFunction", [...e.problems, ...references]);
        throw e;
    }
    if (references.length) throw new ComponentArgsError("LambdaFunction", references);
}

function checkEnvironment(check: ArgsChecker, env: unknown): void {
    if (env === undefined) return;
    if (!check.require(typeof env === "object" && env !== null && !Array.isArray(env), "environment", "(not an object)", "expected an object { NAME: value }") || typeof env !== "object" || env === null) return;
    for (const [name, value] of Object.entries(env as Record<string, unknown>)) {
        const field = `environment.${name}`;
        if (!ENV_NAME.test(name)) { check.require(false, field, name, "expected a variable name (letters, digits, '_', starting with a letter)"); continue; }
        if (RESERVED_ENV.test(name)) { check.require(false, field, name, "set by the Lambda runtime or reserved for credentials; remove it"); continue; }
        if (pulumi.Output.isInstance(value) || (typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function")) continue;
        if (typeof value !== "string") { check.require(false, field, value, "expected a string"); continue; }
        const problem = envValueProblem(name, value);
        // Never echo the value: it may be the credential.
        if (problem) check.require(false, field, "(value not shown)", problem);
    }
}

/** Check the needs' shape; true when the references can be looked up. */
function checkNeeds(check: ArgsChecker, needs: unknown): boolean {
    if (needs === undefined) return true;
    if (!check.require(Array.isArray(needs), "needs", needs, "expected a list of needs")) return false;
    let ok = true;
    (needs as Need[]).forEach((n, i) => {
        if (!(FUNCTION_NEED_KINDS as readonly string[]).includes(n?.kind)) {
            ok = false;
            check.require(false, `needs[${i}].kind`, n?.kind, `expected one of: ${FUNCTION_NEED_KINDS.join(", ")}`
                + (n?.kind === "secret" ? " (a function reads its secrets itself: list them in secrets)" : ""));
            return;
        }
        if (n.kind === "key") {
            ok = check.require(typeof n.domain === "string" && n.domain !== "", `needs[${i}].domain`, n.domain, "expected a key domain such as events") && ok;
            return;
        }
        ok = check.require(typeof n.name === "string" && n.name !== "", `needs[${i}].name`, n.name, "expected the platform reference's name") && ok;
        const given = (n as { access?: unknown }).access;
        const access = Object.keys(NEED_ACTIONS[n.kind as "table" | "queue" | "topic" | "bucket"]).filter((a) => a !== "list");
        ok = check.require(access.includes(given as string), `needs[${i}].access`, given, `expected one of: ${access.join(", ")}`) && ok;
    });
    return ok;
}

function checkEventSource(check: ArgsChecker, args: LambdaFunctionArgs): void {
    const es = args.eventSource;
    if (es === undefined) return;
    checkQueueArn(check, "eventSource.queueArn", es.queueArn);
    if (es.queueKeyArn !== undefined) checkKeyArn(check, "eventSource.queueKeyArn", es.queueKeyArn);
    const L = LAMBDA_LIMITS;
    if (es.batchSize !== undefined) check.integer("eventSource.batchSize", es.batchSize, L.batchSize.min, L.batchSize.max);
    if (es.maximumBatchingWindowSeconds !== undefined) {
        check.integer("eventSource.maximumBatchingWindowSeconds", es.maximumBatchingWindowSeconds, L.maximumBatchingWindowSeconds.min, L.maximumBatchingWindowSeconds.max);
    }
    if ((es.batchSize ?? 0) > 10) {
        check.require((es.maximumBatchingWindowSeconds ?? 0) >= 1, "eventSource.maximumBatchingWindowSeconds", es.maximumBatchingWindowSeconds ?? 0,
            `a batch size above 10 (${es.batchSize}) needs a batching window of at least 1 second`);
    }
    if (es.maximumConcurrency !== undefined) {
        const max = Math.min(L.maximumConcurrency.max, Number.isInteger(args.reservedConcurrentExecutions) ? args.reservedConcurrentExecutions : L.maximumConcurrency.max);
        check.require(Number.isInteger(es.maximumConcurrency) && es.maximumConcurrency >= L.maximumConcurrency.min && es.maximumConcurrency <= max,
            "eventSource.maximumConcurrency", es.maximumConcurrency,
            `expected a whole number from ${L.maximumConcurrency.min} to ${max} (at most the reserved concurrency: more would be throttled)`);
    }
}

function checkQueueArn(check: ArgsChecker, field: string, arn: unknown): void {
    check.require(arn !== undefined && arn !== "" && (typeof arn !== "string" || QUEUE_ARN.test(arn)), field, arn,
        "expected an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue>)");
}
