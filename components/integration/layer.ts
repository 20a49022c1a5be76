/**
 * IntegrationLayer (`platform:integration:IntegrationLayer`): how an order travels after the orders service accepts it,
 * and how it reaches the analysts.
 *
 * - Events: `order-events`, the SQS queue the orders service sends each new order to (the orders image's `sqs`
 *   messaging provider); `order-status`, the SNS topic status changes are published to, fanning out with filter
 *   policies on the `status` message attribute to `order-notifications` (what a customer is told: shipped, delivered,
 *   cancelled) and `order-analytics` (every status). Every queue has its dead-letter queue and redrive; everything is
 *   on the `events` key with TLS-only policies.
 * - Fulfilment: an EventBridge Pipe starts the `order-fulfilment` Step Functions workflow for each order event
 *   (validate, reserve stock, take payment and wait for the payment partner, arrange shipping; compensation on
 *   failure), whose tasks are the Lambda functions of apps/functions/ (bundled by esbuild), each with its own role
 *   generated from its needs, its encrypted log group and reserved concurrency.
 * - Partners: a REST API with `POST /webhooks/payment` and `POST /webhooks/shipping`, each signed with the partner's
 *   HMAC key, kept in Secrets Manager (`<prefix>/partners/<partner>/signing-key`, no value in the program: the
 *   partner issues it and an operator stores it, see README). The stage is associated with the regional web ACL the
 *   edge layer supplies (`webAclArn`).
 * - Analytics: `archive-order-events` consumes `order-analytics` into the data lake's `raw/order-events/`; Glue
 *   crawls it and a PySpark job writes the orders' latest status as Parquet to `curated/orders/`, on a schedule.
 *
 * It takes from the other layers only references: keys, the workload boundary, the workflow table and the data-lake
 * bucket; and hands the compute layer the references the apps' needs resolve to (queues, topics, the events key).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { functionArchive } from "../../apps/functions/bundle";
import {
    ENV, FUNCTION_ENV, FUNCTION_NAMES, FUNCTION_PARTNER, FunctionName, ORDER_STATUS, Partner, PARTNERS, TASK_FUNCTIONS, WEBHOOK_FUNCTIONS,
} from "../../apps/functions/contract";
import type { BucketReference, Need, PlatformReferences, TableReference } from "../compute";
import { keyViaServices } from "../security/key-domains";
import { Tags } from "../shared";
import { IntegrationConfig } from "./config";
import { DATA_LAKE_ETL_DEFAULTS, DataLakeEtl } from "./data-lake-etl";
import { FulfilmentWorkflow } from "./fulfilment-workflow";
import { LambdaFunction, LambdaFunctionArgs, LIVE_ALIAS } from "./function";
import { PartnerApi, WEBHOOK_BODY_SCHEMAS } from "./partner-api";
import { Queue } from "./queue";
import { Topic } from "./topic";

/** The order statuses published to order-status (its `status` message attribute): the functions' contract's. */
export const ORDER_STATUSES = ORDER_STATUS;
/** The statuses a customer is notified of. */
export const NOTIFIED_STATUSES = ["shipped", "delivered", "cancelled"] as const;

/** Memory and timeout of each function (Lambda's CPU follows memory; the handlers are I/O-bound and small). */
const FUNCTION_SIZE: Readonly<Record<FunctionName, { memorySize: number; timeoutSeconds: number }>> = {
    "validate-order": { memorySize: 256, timeoutSeconds: 10 },
    "reserve-stock": { memorySize: 256, timeoutSeconds: 10 },
    "release-stock": { memorySize: 256, timeoutSeconds: 10 },
    // Partner calls: a slow partner gets 20 s before the task fails and the workflow retries.
    "take-payment": { memorySize: 256, timeoutSeconds: 20 },
    "refund-payment": { memorySize: 256, timeoutSeconds: 20 },
    "arrange-shipping": { memorySize: 256, timeoutSeconds: 20 },
    // Behind API Gateway, whose integration timeout is 29 s.
    "payment-webhook": { memorySize: 256, timeoutSeconds: 10 },
    "shipping-webhook": { memorySize: 256, timeoutSeconds: 10 },
    // Batches of 10 S3 writes.
    "archive-order-events": { memorySize: 256, timeoutSeconds: 30 },
};

export interface IntegrationLayerArgs {
    /** The layer's config section (stacks/config.ts). */
    config: IntegrationConfig;
    /** Prefix of names unique per stack, `<project>-<stack>`: every physical name starts with it. */
    namePrefix: string;
    /** From the security layer: the domain keys the layer encrypts with. */
    keys: {
        /** Queues, topics, the state machine, the pipe, the functions' environment. */
        events: pulumi.Input<string>;
        /** Every log group. */
        logs: pulumi.Input<string>;
        /** The workflow table's key (the `carts` domain). */
        carts: pulumi.Input<string>;
        /** The data lake and Glue. */
        assets: pulumi.Input<string>;
        /** The partners' signing keys in Secrets Manager. */
        secrets: pulumi.Input<string>;
    };
    /** From the security layer: the permissions boundary every role of the layer carries. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** From the data layer: the workflow table (idempotency and state) and the data-lake bucket. */
    data: { workflowTable: TableReference; dataLakeBucket: BucketReference };
    /** Days every log group keeps events. */
    logRetentionDays: number;
    /**
     * The regional WAF web ACL the partner API's stage is associated with (the edge layer's). Without one the stage is
     * unprotected and the mandatory waf-apigw rule reports it.
     */
    webAclArn?: pulumi.Input<string>;
    /**
     * Own the account-and-region-wide settings the layer needs: API Gateway's CloudWatch logging role and the Glue Data
     * Catalog's encryption. Exactly one stack per account and region may; defaults to true.
     */
    manageAccountSettings?: boolean;
    /** Protect the stateful resources (prod): queues, topics, secrets, log groups, the catalog database. */
    protect: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

export class IntegrationLayer extends pulumi.ComponentResource {
    /** The orders service's output, the workflow's input. */
    readonly orderEvents: Queue;
    /** Order status changes. */
    readonly orderStatus: Topic;
    /** What customers are told (subscribed to order-status: shipped, delivered, cancelled). */
    readonly orderNotifications: Queue;
    /** Every status change, for analytics (subscribed to order-status: every status). */
    readonly orderAnalytics: Queue;
    /** The partners' signing keys, by partner (values stored by an operator, never by the program). */
    readonly partnerSecrets: Record<Partner, aws.secretsmanager.Secret>;
    /** The functions of apps/functions/, by name. */
    readonly functions: Record<FunctionName, LambdaFunction>;
    /** The order-fulfilment state machine and the pipe that starts it. */
    readonly workflow: FulfilmentWorkflow;
    /** The partners' webhook API. */
    readonly partnerApi: PartnerApi;
    /** The analysts' path: Glue catalog, crawler, ETL job. */
    readonly dataLake: DataLakeEtl;
    /** What the apps' needs resolve to: queues and topics by need name, the events key. */
    readonly references: PlatformReferences;

    constructor(name: string, args: IntegrationLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:integration:IntegrationLayer", name, {}, opts);
        const p = args.namePrefix;
        const parent = { parent: this };
        const manage = args.manageAccountSettings ?? true;
        const common = { kmsKeyArn: args.keys.events, protect: args.protect, tags: args.tags };
        this.orderStatus = new Topic(`${p}-order-status`, { topicName: `${p}-order-status`, ...common }, parent);
        // The orders image delays each send by 10 s and the pipe starts the workflow within seconds: a minute's
        // visibility covers a retry; four days of retention cover a long outage of the workflow.
        this.orderEvents = new Queue(`${p}-order-events`, { queueName: `${p}-order-events`, visibilityTimeoutSeconds: 60, ...common }, parent);
        const fromTopic = { snsTopicArns: [this.orderStatus.arn], ...common };
        this.orderNotifications = new Queue(`${p}-order-notifications`, { queueName: `${p}-order-notifications`, ...fromTopic }, parent);
        // Six times the archive function's timeout: a batch that times out is retried before it is redriven.
        this.orderAnalytics = new Queue(`${p}-order-analytics`, {
            queueName: `${p}-order-analytics`, messageRetentionDays: 14, visibilityTimeoutSeconds: 6 * FUNCTION_SIZE["archive-order-events"].timeoutSeconds, ...fromTopic,
        }, parent);
        this.orderStatus.subscribe(`${p}-order-notifications`, this.orderNotifications, { status: [...NOTIFIED_STATUSES] });
        this.orderStatus.subscribe(`${p}-order-analytics`, this.orderAnalytics, { status: [...ORDER_STATUSES] });

        this.partnerSecrets = Object.fromEntries(PARTNERS.map((partner) => [partner, new aws.secretsmanager.Secret(`${p}-${partner}-partner-signing-key`, {
            name: `${p}/partners/${partner}/signing-key`,
            description: `HMAC signing key the ${partner} partner signs its webhooks with (JSON {"signingKey": "..."}), stored by an operator`,
            kmsKeyId: args.keys.secrets,
            recoveryWindowInDays: args.protect ? 30 : 7,
            tags: args.tags,
        }, { parent: this, protect: args.protect })])) as Record<Partner, aws.secretsmanager.Secret>;

        const prefixes = DATA_LAKE_ETL_DEFAULTS.prefixes;
        const platform: PlatformReferences = {
            tables: { workflow: args.data.workflowTable },
            topics: { "order-status": this.orderStatus.reference },
            buckets: { "data-lake": args.data.dataLakeBucket },
            keys: {
                carts: { arn: args.keys.carts, viaServices: keyViaServices("carts") },
                events: { arn: args.keys.events, viaServices: keyViaServices("events") },
                assets: { arn: args.keys.assets, viaServices: keyViaServices("assets") },
            },
        };
        const concurrency = (fn: FunctionName) => fn === "archive-order-events" ? args.config.functionConcurrency.archive
            : (WEBHOOK_FUNCTIONS as readonly string[]).includes(fn) ? args.config.functionConcurrency.webhooks : args.config.functionConcurrency.tasks;

        /** Each function's environment (exactly the contract's variables: names, ARNs, URLs) and its needs. */
        const functionArgs = (fn: FunctionName): Partial<LambdaFunctionArgs> => {
            const partner = FUNCTION_PARTNER[fn];
            const secret = partner ? this.partnerSecrets[partner] : undefined;
            const values: Record<string, pulumi.Input<string> | undefined> = {
                [ENV.workflowTable]: args.data.workflowTable.name,
                [ENV.orderStatusTopicArn]: this.orderStatus.arn,
                [ENV.partnerSecretArn]: secret?.arn,
                // Unset, not empty, when the partner has no URL: the functions run as a sandbox.
                [ENV.partnerUrl]: partner ? args.config.partnerUrls[partner] || undefined : undefined,
                [ENV.dataLakeBucket]: args.data.dataLakeBucket.name,
                [ENV.rawPrefix]: prefixes.raw,
                [ENV.logLevel]: "info",
            };
            const environment = Object.fromEntries(FUNCTION_ENV[fn].flatMap((v) => values[v] === undefined ? [] : [[v, values[v]]]));
            const reads = (v: string) => FUNCTION_ENV[fn].includes(v as never);
            const needs: Need[] = [
                ...(reads(ENV.workflowTable) ? [{ kind: "table", name: "workflow", access: "read-write" } as const, { kind: "key", domain: "carts" } as const] : []),
                ...(reads(ENV.orderStatusTopicArn) ? [{ kind: "topic", name: "order-status", access: "publish" } as const, { kind: "key", domain: "events" } as const] : []),
                ...(reads(ENV.dataLakeBucket) ? [{ kind: "bucket", name: "data-lake", access: "read-write", prefix: prefixes.raw } as const, { kind: "key", domain: "assets" } as const] : []),
            ];
            return {
                environment,
                needs,
                secrets: secret ? [{ arn: secret.arn, keyArn: args.keys.secrets }] : undefined,
                // payment-webhook completes the TakePayment task with the token take-payment stored; take-payment
                // completes it itself when a retried invocation finds the payment already settled.
                taskCallbacks: fn === "payment-webhook" || fn === "take-payment",
                eventSource: fn === "archive-order-events" ? { queueArn: this.orderAnalytics.arn, batchSize: 10 } : undefined,
            };
        };
        this.functions = Object.fromEntries(FUNCTION_NAMES.map((fn) => [fn, new LambdaFunction(`${p}-${fn}`, {
            functionName: `${p}-${fn}`,
            code: functionArchive(fn),
            ...FUNCTION_SIZE[fn],
            reservedConcurrentExecutions: concurrency(fn),
            kmsKeyArn: args.keys.events,
            logsKmsKeyArn: args.keys.logs,
            logRetentionDays: args.logRetentionDays,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            platform,
            protect: args.protect,
            description: `Order fulfilment: ${fn} (apps/functions/${fn}.ts)`,
            tags: args.tags,
            ...functionArgs(fn),
        }, parent)])) as Record<FunctionName, LambdaFunction>;

        this.workflow = new FulfilmentWorkflow(`${p}-order-fulfilment`, {
            stateMachineName: `${p}-order-fulfilment`,
            // The tasks invoke the `live` alias (CodeDeploy shifts it), never $LATEST.
            functionArns: Object.fromEntries(TASK_FUNCTIONS.map((fn) => [fn, this.functions[fn].aliasArn])) as Record<(typeof TASK_FUNCTIONS)[number], pulumi.Output<string>>,
            orderStatusTopicArn: this.orderStatus.arn,
            orderEventsQueueArn: this.orderEvents.arn,
            eventsKeyArn: args.keys.events,
            logsKeyArn: args.keys.logs,
            logRetentionDays: args.logRetentionDays,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            options: { paymentTimeoutSeconds: args.config.paymentTimeoutMinutes * 60 },
            protect: args.protect,
            tags: args.tags,
        }, parent);

        const domain = args.config.partnerApiDomain;
        this.partnerApi = new PartnerApi(`${p}-partner-api`, {
            apiName: `${p}-partner-api`,
            webhooks: PARTNERS.map((partner) => ({
                segment: partner,
                functionArn: this.functions[`${partner}-webhook`].arn,
                qualifier: LIVE_ALIAS,
                bodySchema: WEBHOOK_BODY_SCHEMAS[partner],
            })),
            throttle: args.config.partnerApiThrottle,
            logs: { kmsKeyArn: args.keys.logs, retentionInDays: args.logRetentionDays },
            manageAccountLogging: manage,
            permissionsBoundary: args.permissionsBoundaryArn,
            webAclArn: args.webAclArn,
            domain: domain.domainName ? { domainName: domain.domainName, certificateArn: domain.certificateArn } : undefined,
            protect: args.protect,
            tags: args.tags,
        }, parent);

        this.dataLake = new DataLakeEtl(`${p}-analytics`, {
            namePrefix: p,
            bucketName: args.data.dataLakeBucket.name,
            assetsKeyArn: args.keys.assets,
            logsKeyArn: args.keys.logs,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            schedule: args.config.analyticsSchedule,
            logRetentionDays: args.logRetentionDays,
            manageCatalogEncryption: manage,
            appFlow: args.config.appFlow.connectorProfileName ? {
                connectorProfileName: args.config.appFlow.connectorProfileName,
                object: args.config.appFlow.object,
                scheduleExpression: args.config.appFlow.scheduleExpression,
            } : undefined,
            protect: args.protect,
            tags: args.tags,
        }, parent);

        this.references = {
            queues: {
                "order-events": this.orderEvents.reference,
                "order-notifications": this.orderNotifications.reference,
                "order-analytics": this.orderAnalytics.reference,
            },
            topics: { "order-status": this.orderStatus.reference },
            keys: { events: { arn: args.keys.events, viaServices: keyViaServices("events") } },
        };
        this.registerOutputs({});
    }
}
