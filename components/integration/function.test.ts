import { createHash } from "crypto";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { KEY_DOMAINS } from "../security/key-domains";
import { keyPolicy } from "../security/kms-keys";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram, Recording } from "../../tools/plan/recorder";
import { simulateWorkload } from "../../tools/testing/iam";
import { functionPolicy, LambdaFunction, LambdaFunctionArgs, validateLambdaFunctionArgs } from "./function";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const key = (n: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-00000000000${n}`;
const EVENTS_KEY = key("a");
const LOGS_KEY = key("b");
const SECRETS_KEY = key("c");
const CARTS_KEY = key("d");
const ASSETS_KEY = key("e");
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/shop/dev/shop-dev-workload-boundary`;
const TABLE = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/shop-dev-workflow`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:shop-dev-order-status`;
const BUCKET = "arn:aws:s3:::shop-dev-data-lake";
const SOURCE_QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:shop-dev-order-analytics`;
const FAILURE_QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:shop-dev-fn-failures`;
const PAYMENT_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:shop-dev/payment-partner-AbCdEf`;
const SHIPPING_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:shop-dev/shipping-partner-GhIjKl`;
const API_SOURCE = `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5/*/POST/webhooks/payment`;
const RULE_SOURCE = `arn:aws:events:${REGION}:${ACCOUNT}:rule/shop-dev-nightly`;
const FN = "shop-dev-everything";
const T = {
    role: "aws:iam/role:Role", rolePolicy: "aws:iam/rolePolicy:RolePolicy", attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    logGroup: "aws:cloudwatch/logGroup:LogGroup", fn: "aws:lambda/function:Function", esm: "aws:lambda/eventSourceMapping:EventSourceMapping",
    invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", permission: "aws:lambda/permission:Permission",
    component: "platform:integration:LambdaFunction", alias: "aws:lambda/alias:Alias",
};
const code = () => new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") });

/** A synchronous task function: nothing but what every function has. */
function minimal(over: Partial<LambdaFunctionArgs> = {}): LambdaFunctionArgs {
    return {
        functionName: "shop-dev-validate-order", code: code(), reservedConcurrentExecutions: 5,
        kmsKeyArn: EVENTS_KEY, logsKmsKeyArn: LOGS_KEY, logRetentionDays: 30, permissionsBoundaryArn: BOUNDARY, ...over,
    };
}

/** Every option at once (no real function needs all of them: each is asserted on its own child). */
function everything(): LambdaFunctionArgs {
    return {
        ...minimal(),
        functionName: FN, handler: "main.run", runtime: "nodejs20.x", memorySize: 512, timeoutSeconds: 20, reservedConcurrentExecutions: 8,
        applicationLogLevel: "DEBUG", systemLogLevel: "INFO", description: "Everything at once",
        environment: { WORKFLOW_TABLE: "shop-dev-workflow", PARTNER_SECRET_ARN: PAYMENT_SECRET, LOG_LEVEL: "debug" },
        needs: [
            { kind: "table", name: "workflow", access: "read-write", indexes: true },
            { kind: "topic", name: "order-status", access: "publish" },
            { kind: "bucket", name: "data-lake", access: "read-write", prefix: "raw/order-events/" },
            { kind: "key", domain: "carts" },
            { kind: "key", domain: "events" },
            { kind: "key", domain: "assets" },
        ],
        platform: {
            tables: { workflow: { arn: TABLE, name: "shop-dev-workflow" } },
            topics: { "order-status": { arn: TOPIC } },
            buckets: { "data-lake": { arn: BUCKET, name: "shop-dev-data-lake" } },
            keys: { carts: { arn: CARTS_KEY, viaServices: ["dynamodb"] }, events: { arn: EVENTS_KEY, viaServices: ["sqs", "sns", "states", "lambda"] }, assets: { arn: ASSETS_KEY, viaServices: ["s3", "glue"] } },
        },
        secrets: [{ arn: PAYMENT_SECRET, keyArn: SECRETS_KEY }, { arn: SHIPPING_SECRET, keyArn: SECRETS_KEY }],
        taskCallbacks: true,
        eventSource: { queueArn: SOURCE_QUEUE, batchSize: 20, maximumBatchingWindowSeconds: 5 },
        asyncFailure: { queueArn: FAILURE_QUEUE, maximumRetryAttempts: 1, maximumEventAgeSeconds: 600 },
        invokers: [{ principal: "apigateway.amazonaws.com", sourceArn: API_SOURCE }, { principal: "events.amazonaws.com", sourceArn: RULE_SOURCE }],
        tags: { Team: "platform" },
    };
}

function record(program: () => unknown, preview = false): Promise<Recording> {
    return recordProgram(program, { project: "test", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT), preview });
}

async function build(a: LambdaFunctionArgs) {
    const rec = await record(() => {
        const f = new LambdaFunction(a.functionName, a);
        return {
            arn: f.arn, name: f.name, invokeArn: f.invokeArn, aliasArn: f.aliasArn, aliasName: f.aliasName, aliasInvokeArn: f.aliasInvokeArn,
            roleArn: f.roleArn, logGroupName: f.logGroupName,
        };
    });
    const all = (type: string) => rec.resources.filter((r) => r.type === type);
    const one = (type: string) => { const found = all(type); expect(found, type).to.have.length(1); return found[0]; };
    return {
        rec, all, one,
        component: one(T.component), role: one(T.role), rolePolicy: one(T.rolePolicy), logGroup: one(T.logGroup), fn: one(T.fn),
        policy: () => JSON.parse(one(T.rolePolicy).inputs.policy as string) as { Version: string; Statement: Record<string, unknown>[] },
        outputs: rec.outputs as Record<string, string>,
    };
}

function problems(a: unknown): string[] {
    try {
        validateLambdaFunctionArgs(a as LambdaFunctionArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

const LOGS = { Sid: "OwnLogStreams", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"] };
const XRAY = { Sid: "XRayTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" };
const logStreams = (fn: string) => [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${fn}:*`];

describe("integration/LambdaFunction", () => {
    describe("a synchronous task function with the defaults", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(minimal()); });

        it("creates a role, its one inline policy, a log group, the function and its live alias under the component, and nothing else", () => {
            expect(b.rec.resources.filter((r) => r.custom).map((r) => r.type).sort()).to.deep.equal([T.logGroup, T.role, T.rolePolicy, T.fn, T.alias].sort());
            for (const r of [b.role, b.rolePolicy, b.logGroup, b.fn]) expect(r.parent, r.type).to.equal(b.component.urn);
            expect(b.all(T.attachment)).to.deep.equal([]);
        });
        it("trusts only the Lambda service of this account, with the workload boundary", () => {
            expect(JSON.parse(b.role.inputs.assumeRolePolicy as string)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }],
            });
            expect(b.role.inputs.permissionsBoundary).to.equal(BOUNDARY);
            expect(b.role.inputs).not.to.have.property("managedPolicyArns");
        });
        it("grants only its own log streams and X-Ray when it declares nothing", () => {
            expect(b.policy()).to.deep.equal({ Version: "2012-10-17", Statement: [{ ...LOGS, Resource: logStreams("shop-dev-validate-order") }, XRAY] });
            expect(b.rolePolicy.propertyDependencies.role).to.deep.equal([b.role.urn]);
        });
        it("keeps its logs in /aws/lambda/<name>, encrypted with the logs key, for the given retention", () => {
            expect(b.logGroup.inputs).to.deep.include({ name: "/aws/lambda/shop-dev-validate-order", retentionInDays: 30, kmsKeyId: LOGS_KEY });
        });
        it("runs index.handler on nodejs22.x, arm64, 256 MB, 30 s, reserved concurrency, active tracing, env key, JSON logs", () => {
            expect(b.fn.inputs).to.deep.include({
                name: "shop-dev-validate-order", handler: "index.handler", runtime: "nodejs22.x", architectures: ["arm64"], memorySize: 256, timeout: 30,
                reservedConcurrentExecutions: 5, tracingConfig: { mode: "Active" }, kmsKeyArn: EVENTS_KEY, role: b.role.outputs.arn,
                loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/shop-dev-validate-order", applicationLogLevel: "INFO", systemLogLevel: "WARN" },
            });
            // The plan records what ships: the archive's members and each text member's SHA-256.
            expect(b.fn.inputs.code).to.deep.equal({ archive: ["index.js"], sha256: { "index.js": createHash("sha256").update("exports.handler = async () => ({});").digest("hex") } });
            expect(b.fn.inputs).not.to.have.property("environment");
        });
        it("is created after its log group and its role's policy", () => {
            expect(b.fn.dependencies).to.include.members([b.logGroup.urn, b.rolePolicy.urn]);
            expect(b.fn.options.dependsOn).to.include(b.rolePolicy.urn);
        });
        it("outputs the function's ARN, name and invoke ARN, the role's ARN and the log group's name", () => {
            expect(b.outputs).to.deep.equal({
                arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-dev-validate-order`,
                name: "shop-dev-validate-order",
                invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-dev-validate-order/invocations`,
                aliasArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-dev-validate-order:live`,
                aliasName: "live",
                aliasInvokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-dev-validate-order:live/invocations`,
                roleArn: b.role.outputs.arn,
                logGroupName: "/aws/lambda/shop-dev-validate-order",
            });
        });
    });

    describe("versions and the live alias", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(minimal()); });
        it("publishes a version on every change and points the alias `live` at it, under the component", () => {
            expect(b.fn.inputs.publish).to.equal(true);
            const alias = b.one(T.alias);
            expect(alias.inputs).to.deep.include({ name: "live", functionName: "shop-dev-validate-order", functionVersion: b.fn.outputs.version });
            expect(alias.parent).to.equal(b.component.urn);
        });
        it("leaves the alias's version and routing to CodeDeploy after creation (ignoreChanges)", () => {
            expect(b.one(T.alias).options.ignoreChanges).to.have.members(["functionVersion", "routingConfig"]);
        });
    });

    describe("every option", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(everything()); });

        it("generates one statement per need (needsPolicy), then the secrets, task callbacks and queues, exact actions on exact ARNs", () => {
            const via = (s: string) => ({ StringEquals: { "kms:ViaService": [`${s}.${REGION}.amazonaws.com`] } });
            expect(b.policy().Statement).to.deep.equal([
                { ...LOGS, Resource: logStreams(FN) },
                XRAY,
                {
                    Sid: "TableWorkflowReadWrite", Effect: "Allow", Resource: [TABLE, `${TABLE}/index/*`],
                    Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"],
                },
                { Sid: "TopicOrderStatusPublish", Effect: "Allow", Action: ["sns:Publish"], Resource: [TOPIC] },
                { Sid: "BucketDataLakeReadWriteObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: [`${BUCKET}/raw/order-events/*`] },
                { Sid: "BucketDataLakeList", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [BUCKET], Condition: { StringLike: { "s3:prefix": ["raw/order-events/*"] } } },
                { Sid: "KeyCartsViaDynamodb", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [CARTS_KEY], Condition: via("dynamodb") },
                { Sid: "KeyEventsViaSns", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [EVENTS_KEY], Condition: via("sns") },
                { Sid: "KeyAssetsViaS3", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [ASSETS_KEY], Condition: via("s3") },
                { Sid: "ReadSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [PAYMENT_SECRET, SHIPPING_SECRET] },
                { Sid: "SecretKeysViaSecretsManager", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [SECRETS_KEY], Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } } },
                { Sid: "TaskCallbacks", Effect: "Allow", Action: ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"], Resource: "*" },
                { Sid: "EventSourceReceive", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: [SOURCE_QUEUE] },
                { Sid: "AsyncFailureSend", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [FAILURE_QUEUE] },
                { Sid: "QueueKeysDecryptGenerateDataKeyViaSqs", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [EVENTS_KEY], Condition: { StringEquals: { "kms:ViaService": `sqs.${REGION}.amazonaws.com` } } },
            ]);
        });
        it("names no '*' action and uses Resource '*' only for X-Ray and task callbacks", () => {
            const statements = b.policy().Statement;
            expect(statements.flatMap((s) => s.Action as string[]).filter((a) => a.includes("*"))).to.deep.equal([]);
            expect(statements.filter((s) => s.Resource === "*" || (s.Resource as string[]).includes("*")).map((s) => s.Sid)).to.deep.equal(["XRayTraces", "TaskCallbacks"]);
        });
        it("sets the function's settings, environment and log levels as given", () => {
            expect(b.fn.inputs).to.deep.include({
                handler: "main.run", runtime: "nodejs20.x", memorySize: 512, timeout: 20, reservedConcurrentExecutions: 8, description: "Everything at once",
                environment: { variables: { WORKFLOW_TABLE: "shop-dev-workflow", PARTNER_SECRET_ARN: PAYMENT_SECRET, LOG_LEVEL: "debug" } },
                loggingConfig: { logFormat: "JSON", logGroup: `/aws/lambda/${FN}`, applicationLogLevel: "DEBUG", systemLogLevel: "INFO" },
            });
        });
        it("merges the tags into the role, the log group, the function and the mapping", () => {
            expect(b.role.inputs.tags).to.deep.equal({ Team: "platform", Name: FN });
            expect(b.role.inputs.description).to.equal(`Execution role of the ${FN} function: Everything at once`);
            expect(b.logGroup.inputs.tags).to.deep.equal({ Team: "platform", Name: `/aws/lambda/${FN}` });
            expect(b.fn.inputs.tags).to.deep.equal({ Team: "platform", Name: FN });
            expect(b.one(T.esm).inputs.tags).to.deep.equal({ Team: "platform", Name: `${FN}-events` });
        });
        it("maps the SQS queue with partial batch failures, the batching window and the reserved concurrency as maximum, after the policy", () => {
            const esm = b.one(T.esm);
            expect(esm.inputs).to.deep.include({
                eventSourceArn: SOURCE_QUEUE, functionName: `${b.fn.outputs.arn}:live`, batchSize: 20, maximumBatchingWindowInSeconds: 5,
                functionResponseTypes: ["ReportBatchItemFailures"], scalingConfig: { maximumConcurrency: 8 },
            });
            expect(esm.options.dependsOn).to.deep.equal([b.rolePolicy.urn]);
            expect(esm.parent).to.equal(b.component.urn);
        });
        it("sends failed asynchronous events to the failure queue after the given retries and age", () => {
            const cfg = b.one(T.invokeConfig);
            expect(cfg.inputs).to.deep.include({
                functionName: FN, qualifier: "live", maximumRetryAttempts: 1, maximumEventAgeInSeconds: 600, destinationConfig: { onFailure: { destination: FAILURE_QUEUE } },
            });
            expect(cfg.options.dependsOn).to.deep.equal([b.rolePolicy.urn]);
        });
        it("lets each invoker call the function from its source ARN only", () => {
            expect(b.all(T.permission).map((p) => p.inputs)).to.deep.equal([
                { statementId: "invoke-execute-api-1", action: "lambda:InvokeFunction", function: FN, qualifier: "live", principal: "apigateway.amazonaws.com", sourceArn: API_SOURCE },
                { statementId: "invoke-events-2", action: "lambda:InvokeFunction", function: FN, qualifier: "live", principal: "events.amazonaws.com", sourceArn: RULE_SOURCE },
            ]);
        });
    });

    describe("the policy, decided by a real IAM evaluator under the workload boundary", () => {
        const doc = functionPolicy({
            functionName: FN, partition: "aws", region: REGION, accountId: ACCOUNT, dnsSuffix: "amazonaws.com", needs: [], refs: {},
            secrets: [{ arn: PAYMENT_SECRET, keyArn: SECRETS_KEY }], taskCallbacks: true,
            eventSource: { queueArn: SOURCE_QUEUE, keyArn: EVENTS_KEY },
        });
        // KMS needs the key's policy to allow as well: the platform's own policies of the secrets and events keys.
        const keyPolicyOf = (domain: string) => keyPolicy(KEY_DOMAINS.find((d) => d.name === domain)!, {
            admins: [`arn:aws:iam::${ACCOUNT}:root`], root: `arn:aws:iam::${ACCOUNT}:root`, region: REGION, partition: "aws", accountId: ACCOUNT,
        });
        const keyPolicies: Record<string, unknown> = { [SECRETS_KEY]: keyPolicyOf("secrets"), [EVENTS_KEY]: keyPolicyOf("events") };
        const sim = (action: string, resource: string, context: Record<string, string> = {}) => simulateWorkload(
            { accountId: ACCOUNT, policy: doc, ...(keyPolicies[resource] ? { resourcePolicy: keyPolicies[resource] } : {}) },
            action, resource, { "kms:CallerAccount": ACCOUNT, ...context });
        it("allows its own log streams, not another function's", async () => {
            expect(await sim("logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${FN}:log-stream:2026/12/01/[$LATEST]abc`)).to.equal("Allowed");
            expect(await sim("logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${FN}-other:log-stream:x`)).to.equal("ImplicitlyDenied");
        });
        it("reads the declared secret only, and decrypts its key only through Secrets Manager", async () => {
            expect(await sim("secretsmanager:GetSecretValue", PAYMENT_SECRET)).to.equal("Allowed");
            expect(await sim("secretsmanager:GetSecretValue", SHIPPING_SECRET)).to.equal("ImplicitlyDenied");
            expect(await sim("kms:Decrypt", SECRETS_KEY, { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` })).to.equal("Allowed");
            expect(await sim("kms:Decrypt", SECRETS_KEY)).to.equal("ImplicitlyDenied");
            expect(await sim("kms:Decrypt", SECRETS_KEY, { "kms:ViaService": `s3.${REGION}.amazonaws.com` })).to.equal("ImplicitlyDenied");
        });
        it("completes task tokens (the actions have no resource-level permissions: the request's resource is '*')", async () => {
            expect(await sim("states:SendTaskSuccess", "*")).to.equal("Allowed");
            expect(await sim("states:SendTaskFailure", "*")).to.equal("Allowed");
        });
        it("receives from its event source queue but cannot send to it", async () => {
            expect(await sim("sqs:ReceiveMessage", SOURCE_QUEUE)).to.equal("Allowed");
            expect(await sim("sqs:SendMessage", SOURCE_QUEUE)).to.equal("ImplicitlyDenied");
            expect(await sim("kms:Decrypt", EVENTS_KEY, { "kms:ViaService": `sqs.${REGION}.amazonaws.com` })).to.equal("Allowed");
            expect(await sim("kms:GenerateDataKey", EVENTS_KEY, { "kms:ViaService": `sqs.${REGION}.amazonaws.com` })).to.equal("ImplicitlyDenied");
        });
    });

    describe("event source defaults", () => {
        it("batches 10 messages without a window, and sets no maximum concurrency when only 1 execution is reserved", async () => {
            const b = await build(minimal({ reservedConcurrentExecutions: 1, eventSource: { queueArn: SOURCE_QUEUE } }));
            const esm = b.one(T.esm);
            expect(esm.inputs).to.deep.include({ batchSize: 10, maximumBatchingWindowInSeconds: 0, functionResponseTypes: ["ReportBatchItemFailures"] });
            expect(esm.inputs).not.to.have.property("scalingConfig");
            // The queue is decrypted with the function's key (the events key) unless another is given.
            expect(b.policy().Statement.slice(-1)[0]).to.deep.equal({
                Sid: "QueueKeysDecryptViaSqs", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [EVENTS_KEY],
                Condition: { StringEquals: { "kms:ViaService": `sqs.${REGION}.amazonaws.com` } },
            });
        });
        it("retries an async event twice within an hour by default", async () => {
            const b = await build(minimal({ asyncFailure: { queueArn: FAILURE_QUEUE } }));
            expect(b.one(T.invokeConfig).inputs).to.deep.include({ maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 });
        });
    });

    describe("environment values given as Outputs", () => {
        it("refuses, once known, a credential-looking name whose value is not an ARN, without echoing it", async () => {
            let error: unknown;
            await record(() => new LambdaFunction("shop-dev-leaky", minimal({
                functionName: "shop-dev-leaky", environment: { PARTNER_SECRET: pulumi.output("hunter2-hunter2") },
            }))).catch((e) => { error = e; });
            expect(String(error)).to.contain("shop-dev-leaky: environment.PARTNER_SECRET: the name looks like a credential (SECRET)");
            expect(String(error)).not.to.contain("hunter2");
        });
        it("accepts a credential-looking name holding a Secrets Manager ARN from an Output", async () => {
            const b = await build(minimal({ environment: { PARTNER_SECRET_ARN: pulumi.output(PAYMENT_SECRET) } }));
            expect(b.fn.inputs.environment).to.deep.equal({ variables: { PARTNER_SECRET_ARN: PAYMENT_SECRET } });
        });
    });

    describe("validation (before any resource is registered)", () => {
        it("accepts the minimal and the full arguments", () => {
            expect(problems(minimal())).to.deep.equal([]);
            expect(problems(everything())).to.deep.equal([]);
        });
        it("throws from the constructor before anything is registered (no Pulumi runtime is even needed)", () => {
            expect(() => new LambdaFunction("x", minimal({ reservedConcurrentExecutions: 0 }))).to.throw(ComponentArgsError,
                "reservedConcurrentExecutions: '0' is not allowed; expected a whole number from 1 to 1000");
        });
        it("names the field, the value and what is allowed for the function's settings", () => {
            expect(problems(minimal({
                functionName: "bad name", handler: "index", runtime: "nodejs16.x" as never, memorySize: 64, timeoutSeconds: 901,
                reservedConcurrentExecutions: undefined as never, logRetentionDays: 10, applicationLogLevel: "VERBOSE" as never,
                systemLogLevel: "ERROR" as never, permissionsBoundaryArn: "", code: "./dist",
            }))).to.deep.equal([
                "functionName: 'bad name' is not allowed; expected 1-64 letters, digits, '-' or '_'",
                "code: './dist' is not allowed; expected a pulumi.asset.Archive (AssetArchive or FileArchive of the bundle)",
                "handler: 'index' is not allowed; expected <module>.<export> such as index.handler",
                "runtime: 'nodejs16.x' is not allowed; expected one of: nodejs22.x, nodejs20.x, python3.13, python3.12",
                "memorySize: '64' is not allowed; expected a whole number from 128 to 10240",
                "timeoutSeconds: '901' is not allowed; expected a whole number from 1 to 900",
                "reservedConcurrentExecutions: (missing) is not allowed; expected a whole number from 1 to 1000",
                "logRetentionDays: '10' is not allowed; expected a CloudWatch retention period: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
                "applicationLogLevel: 'VERBOSE' is not allowed; expected one of: TRACE, DEBUG, INFO, WARN, ERROR, FATAL",
                "systemLogLevel: 'ERROR' is not allowed; expected one of: DEBUG, INFO, WARN",
                "permissionsBoundaryArn: '' is not allowed; every workload role carries the platform's permissions boundary",
            ]);
        });
        it("refuses aliases and AWS-managed keys for the environment and the logs", () => {
            expect(problems(minimal({ kmsKeyArn: "alias/aws/lambda", logsKmsKeyArn: undefined as never }))).to.deep.equal([
                "kmsKeyArn: 'alias/aws/lambda' is not allowed; expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
                "logsKmsKeyArn: (missing) is not allowed; expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
            ]);
        });
        it("refuses credentials in the environment without echoing them, and variables the runtime owns", () => {
            expect(problems(minimal({
                environment: {
                    DB_PASSWORD: "hunter2", PARTNER_API_KEY: "abc123", OK_URL: "https://user:pa55@partner.example",
                    AWS_REGION: "eu-west-1", "1BAD": "x", SIGNING: "AKIAABCDEFGHIJKLMNOP", PARTNER_SECRET_ARN: PAYMENT_SECRET,
                },
            }))).to.deep.equal([
                "environment.DB_PASSWORD: '(value not shown)' is not allowed; the name looks like a credential (PASSWORD), so it must hold the ARN of a Secrets Manager secret, an SSM parameter or a KMS key (read the credential at runtime), not a plain value",
                "environment.PARTNER_API_KEY: '(value not shown)' is not allowed; the name looks like a credential (KEY), so it must hold the ARN of a Secrets Manager secret, an SSM parameter or a KMS key (read the credential at runtime), not a plain value",
                "environment.OK_URL: '(value not shown)' is not allowed; the value looks like a URL with a password; keep it in Secrets Manager and pass the secret's ARN",
                "environment.AWS_REGION: 'AWS_REGION' is not allowed; set by the Lambda runtime or reserved for credentials; remove it",
                "environment.1BAD: '1BAD' is not allowed; expected a variable name (letters, digits, '_', starting with a letter)",
                "environment.SIGNING: '(value not shown)' is not allowed; the value looks like an AWS access key id; keep it in Secrets Manager and pass the secret's ARN",
            ]);
        });
        it("names the function and the need when a need has no reference, and refuses kinds a function cannot use", () => {
            expect(problems(minimal({
                needs: [{ kind: "table", name: "workflow", access: "read-write" }, { kind: "secret", name: "partner" }, { kind: "queue", name: "q", access: "consume" as never }],
                platform: { tables: { carts: { arn: TABLE, name: "carts" } } },
            }))).to.deep.equal([
                "needs[1].kind: 'secret' is not allowed; expected one of: table, queue, topic, bucket, key (a function reads its secrets itself: list them in secrets)",
                "needs[2].access: 'consume' is not allowed; expected one of: send, receive",
            ]);
            expect(problems(minimal({ needs: [{ kind: "table", name: "workflow", access: "read-write" }, { kind: "key", domain: "carts" }], platform: {} }))).to.deep.equal([
                "shop-dev-validate-order: needs[0]: table 'workflow' has no platform reference (platform.tables.workflow); platform.tables has: none",
                "shop-dev-validate-order: needs[1]: key 'carts' has no platform reference (platform.keys.carts); platform.keys has: none",
            ]);
        });
        it("refuses secrets given by name or with an alias key, and a non-boolean taskCallbacks", () => {
            expect(problems(minimal({ secrets: [{ arn: "shop-dev/payment-partner", keyArn: "alias/secrets" }], taskCallbacks: "yes" as never }))).to.deep.equal([
                "secrets[0].arn: 'shop-dev/payment-partner' is not allowed; expected a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<suffix>)",
                "secrets[0].keyArn: 'alias/secrets' is not allowed; expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
                "taskCallbacks: 'yes' is not allowed; expected true or false",
            ]);
        });
        it("checks the event source and the async failure queue against Lambda's limits and the reserved concurrency", () => {
            expect(problems(minimal({
                reservedConcurrentExecutions: 4,
                eventSource: { queueArn: "order-analytics", batchSize: 100, maximumConcurrency: 5 },
                asyncFailure: { queueArn: TOPIC, maximumRetryAttempts: 3, maximumEventAgeSeconds: 30 },
            }))).to.deep.equal([
                "eventSource.queueArn: 'order-analytics' is not allowed; expected an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue>)",
                "eventSource.maximumBatchingWindowSeconds: '0' is not allowed; a batch size above 10 (100) needs a batching window of at least 1 second",
                "eventSource.maximumConcurrency: '5' is not allowed; expected a whole number from 2 to 4 (at most the reserved concurrency: more would be throttled)",
                `asyncFailure.queueArn: '${TOPIC}' is not allowed; expected an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue>)`,
                "asyncFailure.maximumRetryAttempts: '3' is not allowed; expected a whole number from 0 to 2",
                "asyncFailure.maximumEventAgeSeconds: '30' is not allowed; expected a whole number from 60 to 21600",
            ]);
        });
        it("refuses invokers that need no permission, and permissions open to every source", () => {
            expect(problems(minimal({
                invokers: [
                    { principal: "states.amazonaws.com" as never, sourceArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:x` },
                    { principal: "apigateway.amazonaws.com", sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:*` },
                    { principal: "sns.amazonaws.com", sourceArn: API_SOURCE },
                    { principal: "events.amazonaws.com", sourceArn: undefined as never },
                ],
            }))).to.deep.equal([
                "invokers[0].principal: 'states.amazonaws.com' is not allowed; expected one of: apigateway.amazonaws.com, events.amazonaws.com, sns.amazonaws.com (Step Functions and EventBridge Pipes invoke through their role's lambda:InvokeFunction, SQS through eventSource: they need no permission)",
                `invokers[1].sourceArn: 'arn:aws:execute-api:${REGION}:${ACCOUNT}:*' is not allowed; expected the ARN the invocation comes from (arn:aws:execute-api:<region>:<account>:...); a permission is never open to every source`,
                `invokers[2].sourceArn: '${API_SOURCE}' is not allowed; expected the ARN the invocation comes from (arn:aws:sns:<region>:<account>:...); a permission is never open to every source`,
                "invokers[3].sourceArn: (missing) is not allowed; expected the ARN the invocation comes from (arn:aws:events:<region>:<account>:...); a permission is never open to every source",
            ]);
        });
    });
});
