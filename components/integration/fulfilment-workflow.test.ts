import { expect } from "chai";
import { TASK_FUNCTIONS } from "../../apps/functions/contract";
import { KEY_DOMAINS } from "../security/key-domains";
import { keyPolicy } from "../security/kms-keys";
import { ComponentArgsError } from "../shared/validate";
import { simulateWorkload } from "../../tools/testing/iam";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import { StateMachineDefinition, TaskFunction, taskResources } from "./fulfilment-definition";
import { FulfilmentWorkflow, FulfilmentWorkflowArgs, PIPE_INPUT_TEMPLATE, SFN_LOG_DELIVERY_ACTIONS, validateFulfilmentWorkflowArgs, XRAY_ACTIONS } from "./fulfilment-workflow";
 
const aslValidator = require("asl-validator") as (def: unknown) => { isValid: boolean; errorsText: () => string };

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const NAME = "shop-dev-order-fulfilment";
const EVENTS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-00000000000e`;
const LOGS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-00000000000f`;
const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:shop-dev-order-status`;
const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:shop-dev-order-events`;
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/shop/dev/workload-boundary`;
const MACHINE_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${NAME}`;
const PIPE_ARN = `arn:aws:pipes:${REGION}:${ACCOUNT}:pipe/${NAME}`;
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-dev-${name}`;
const FUNCTIONS = Object.fromEntries(TASK_FUNCTIONS.map((n) => [n, fnArn(n)])) as Record<TaskFunction, string>;

const T = {
    machine: "aws:sfn/stateMachine:StateMachine", role: "aws:iam/role:Role", rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup", pipe: "aws:pipes/pipe:Pipe", component: "platform:integration:FulfilmentWorkflow",
};

function args(over: Partial<FulfilmentWorkflowArgs> = {}): FulfilmentWorkflowArgs {
    return {
        stateMachineName: NAME, functionArns: FUNCTIONS, orderStatusTopicArn: TOPIC, orderEventsQueueArn: QUEUE,
        eventsKeyArn: EVENTS_KEY, logsKeyArn: LOGS_KEY, permissionsBoundaryArn: BOUNDARY, tags: { Team: "platform" }, ...over,
    };
}

function record(program: () => unknown, preview = false): Promise<Recording> {
    return recordProgram(program, { project: "test", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT), preview });
}

async function build(a: FulfilmentWorkflowArgs) {
    const rec = await record(() => {
        const w = new FulfilmentWorkflow("order-fulfilment", a);
        return { stateMachineArn: w.stateMachineArn, roleArn: w.roleArn, pipeArn: w.pipeArn, logGroupName: w.logGroupName };
    });
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const one = (type: string, name: string) => {
        const found = of(type).filter((r) => r.name === name);
        expect(found, `${type} ${name}`).to.have.length(1);
        return found[0];
    };
    const policyOf = (role: PlanResource) => {
        const policy = one(T.rolePolicy, role.name);
        expect(policy.inputs.role, role.name).to.equal(role.outputs.name);
        return JSON.parse(policy.inputs.policy as string) as { Statement: Record<string, any>[] };
    };
    const machine = one(T.machine, "order-fulfilment");
    return {
        rec, of, machine, policyOf,
        role: one(T.role, "order-fulfilment"), pipeRole: one(T.role, "order-fulfilment-pipe"),
        logGroup: one(T.logGroup, "order-fulfilment"), pipeLogGroup: one(T.logGroup, "order-fulfilment-pipe"),
        pipe: one(T.pipe, "order-fulfilment"),
        component: one(T.component, "order-fulfilment"),
        definition: JSON.parse(machine.inputs.definition as string) as StateMachineDefinition,
        outputs: rec.outputs as Record<string, any>,
    };
}

/** The events key's policy, as the security layer generates it (a KMS request needs the key policy too). */
const EVENTS_KEY_POLICY = keyPolicy(KEY_DOMAINS.find((k) => k.name === "events")!, {
    admins: [`arn:aws:iam::${ACCOUNT}:root`], root: `arn:aws:iam::${ACCOUNT}:root`, region: REGION, partition: "aws", accountId: ACCOUNT,
});

/** The decision IAM would take for a request of a role with this policy, under the workload boundary (and the key's policy for KMS). */
function decide(policy: unknown, action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<string> {
    return simulateWorkload({ accountId: ACCOUNT, policy, ...(action.startsWith("kms:") ? { resourcePolicy: EVENTS_KEY_POLICY } : {}) }, action, resource, context);
}

function problems(a: unknown): string[] {
    try {
        validateFulfilmentWorkflowArgs(a as FulfilmentWorkflowArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("integration/FulfilmentWorkflow", () => {
    let b: Awaited<ReturnType<typeof build>>;
    before(async () => { b = await build(args()); });

    it("creates the state machine, two roles with a policy each, two log groups and the pipe, all under the component", () => {
        expect(b.of(T.machine)).to.have.length(1);
        expect(b.of(T.role)).to.have.length(2);
        expect(b.of(T.rolePolicy)).to.have.length(2);
        expect(b.of(T.logGroup)).to.have.length(2);
        expect(b.of(T.pipe)).to.have.length(1);
        for (const r of b.rec.resources.filter((x) => x.custom)) expect(r.parent, `${r.type} ${r.name}`).to.equal(b.component.urn);
    });

    describe("the state machine", () => {
        it("is a STANDARD machine whose definition is fulfilmentDefinition's, valid ASL (asl-validator)", () => {
            expect(b.machine.inputs).to.include({ name: NAME, type: "STANDARD" });
            const result = aslValidator(JSON.parse(b.machine.inputs.definition as string));
            expect(result.isValid, result.errorsText()).to.equal(true);
            expect(b.definition.StartAt).to.equal("ValidateOrder");
            expect(taskResources(b.definition).map((t) => t.target)).to.include.members([...Object.values(FUNCTIONS), TOPIC]);
        });
        it("applies the given payment timeout in the definition", async () => {
            const tuned = await build(args({ options: { paymentTimeoutSeconds: 900, paymentHeartbeatSeconds: 300 } }));
            expect(tuned.definition.States.TakePayment).to.include({ TimeoutSeconds: 900, HeartbeatSeconds: 300 });
        });
        it("logs level ALL without execution data (customers' emails) to its encrypted vended-logs group", () => {
            expect(b.machine.inputs.loggingConfiguration).to.deep.equal({
                level: "ALL", includeExecutionData: false, logDestination: `${b.logGroup.outputs.arn}:*`,
            });
            expect(b.logGroup.inputs).to.include({ name: `/aws/vendedlogs/states/${NAME}`, kmsKeyId: LOGS_KEY, retentionInDays: 30 });
            expect(b.logGroup.options.protect).to.equal(false);
        });
        it("is traced with X-Ray and encrypted with the events key", () => {
            expect(b.machine.inputs.tracingConfiguration).to.deep.equal({ enabled: true });
            expect(b.machine.inputs.encryptionConfiguration).to.deep.equal({
                type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: EVENTS_KEY, kmsDataKeyReusePeriodSeconds: 300,
            });
        });
        it("runs as its role, created after the role's policy (Step Functions checks log delivery at creation)", () => {
            expect(b.machine.inputs.roleArn).to.equal(b.role.outputs.arn);
            const policy = b.of(T.rolePolicy).find((p) => p.name === b.role.name)!;
            expect(b.machine.options.dependsOn).to.include(policy.urn);
        });
        it("exposes its ARN, its role's and the pipe's, and its log group", () => {
            expect(b.outputs.stateMachineArn).to.equal(MACHINE_ARN);
            expect(b.outputs.roleArn).to.equal(b.role.outputs.arn);
            expect(b.outputs.logGroupName).to.equal(`/aws/vendedlogs/states/${NAME}`);
            expect(b.outputs.pipeArn).to.equal(b.pipe.outputs.arn);
        });
    });

    describe("the execution role", () => {
        it("is trusted by Step Functions for this account and this state machine only, under the boundary", () => {
            expect(JSON.parse(b.role.inputs.assumeRolePolicy as string).Statement).to.deep.equal([{
                Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": MACHINE_ARN } },
            }]);
            expect(b.role.inputs.permissionsBoundary).to.equal(BOUNDARY);
        });
        it("allows every Task's target: InvokeFunction on each function (and its versions), Publish on the topic (simulated)", async () => {
            const policy = b.policyOf(b.role);
            for (const t of taskResources(b.definition)) {
                const action = t.resource.endsWith(":sns:publish") ? "sns:Publish" : "lambda:InvokeFunction";
                expect(await decide(policy, action, t.target), `${t.state} ${action} ${t.target}`).to.equal("Allowed");
            }
            expect(await decide(policy, "lambda:InvokeFunction", `${fnArn("take-payment")}:live`)).to.equal("Allowed");
        });
        it("denies a function that is not in the workflow, another topic and other actions (simulated)", async () => {
            const policy = b.policyOf(b.role);
            expect(await decide(policy, "lambda:InvokeFunction", fnArn("payment-webhook"))).to.equal("ImplicitlyDenied");
            expect(await decide(policy, "lambda:InvokeFunction", `${fnArn("take-payment")}-evil`)).to.equal("ImplicitlyDenied");
            expect(await decide(policy, "sns:Publish", `arn:aws:sns:${REGION}:${ACCOUNT}:other`)).to.equal("ImplicitlyDenied");
            expect(await decide(policy, "lambda:UpdateFunctionCode", fnArn("take-payment"))).to.equal("ImplicitlyDenied");
        });
        it("uses the events key only through SNS or for this state machine's data (simulated)", async () => {
            const policy = b.policyOf(b.role);
            const sns = { "kms:ViaService": `sns.${REGION}.amazonaws.com`, "kms:CallerAccount": ACCOUNT };
            expect(await decide(policy, "kms:GenerateDataKey", EVENTS_KEY, sns)).to.equal("Allowed");
            // iam-simulate ignores kms:EncryptionContext:<key> context keys (it matches variable keys only in the
            // `prefix/<name>` form): the simulation shows the grant is conditional; the condition is checked as written.
            expect(await decide(policy, "kms:Decrypt", EVENTS_KEY)).to.equal("ImplicitlyDenied");
            expect(policy.Statement.find((s) => s.Sid === "EventsKeyForThisStateMachine")).to.deep.equal({
                Sid: "EventsKeyForThisStateMachine", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: EVENTS_KEY,
                Condition: { StringEquals: { "kms:EncryptionContext:aws:states:stateMachineArn": MACHINE_ARN } },
            });
            expect(await decide(policy, "kms:Decrypt", EVENTS_KEY, { "kms:ViaService": `sqs.${REGION}.amazonaws.com`, "kms:CallerAccount": ACCOUNT }))
                .to.equal("ImplicitlyDenied");
            expect(await decide(policy, "kms:Decrypt", LOGS_KEY, sns)).to.equal("ImplicitlyDenied");
        });
        it("grants the log-delivery and X-Ray actions on Resource '*' (they have no resource-level permissions), and nothing else there", () => {
            const wide = b.policyOf(b.role).Statement.filter((s) => s.Resource === "*");
            expect(wide.map((s) => [s.Sid, s.Action])).to.deep.equal([["VendedLogDelivery", SFN_LOG_DELIVERY_ACTIONS], ["XRayTracing", XRAY_ACTIONS]]);
        });
    });

    describe("the pipe", () => {
        it("reads the order-events queue one message at a time, keeping only messages with order.id", () => {
            expect(b.pipe.inputs.source).to.equal(QUEUE);
            const sp = b.pipe.inputs.sourceParameters as any;
            expect(sp.sqsQueueParameters).to.deep.equal({ batchSize: 1 });
            expect(sp.filterCriteria.filters.map((f: any) => JSON.parse(f.pattern))).to.deep.equal([{ body: { order: { id: [{ exists: true }] } } }]);
        });
        it("starts the state machine fire-and-forget with the contract's input template", () => {
            expect(b.pipe.inputs.target).to.equal(MACHINE_ARN);
            expect(b.pipe.inputs.targetParameters).to.deep.equal({
                stepFunctionStateMachineParameters: { invocationType: "FIRE_AND_FORGET" },
                inputTemplate: "{\"messageId\": <$.messageId>, \"body\": <$.body>}",
            });
            expect(PIPE_INPUT_TEMPLATE).to.equal("{\"messageId\": <$.messageId>, \"body\": <$.body>}");
        });
        it("is encrypted with the events key and logs errors to its own encrypted log group", () => {
            expect(b.pipe.inputs.kmsKeyIdentifier).to.equal(EVENTS_KEY);
            expect(b.pipe.inputs.logConfiguration).to.deep.equal({ level: "ERROR", cloudwatchLogsLogDestination: { logGroupArn: b.pipeLogGroup.outputs.arn } });
            expect(b.pipeLogGroup.inputs).to.include({ name: `/aws/vendedlogs/pipes/${NAME}`, kmsKeyId: LOGS_KEY, retentionInDays: 30 });
        });
        it("runs as its own role, trusted by EventBridge Pipes for this pipe only, under the boundary", () => {
            expect(b.pipe.inputs.roleArn).to.equal(b.pipeRole.outputs.arn);
            expect(JSON.parse(b.pipeRole.inputs.assumeRolePolicy as string).Statement).to.deep.equal([{
                Effect: "Allow", Principal: { Service: "pipes.amazonaws.com" }, Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": PIPE_ARN } },
            }]);
            expect(b.pipeRole.inputs.permissionsBoundary).to.equal(BOUNDARY);
        });
        it("its role may read the queue, decrypt through SQS and start only this state machine (simulated)", async () => {
            const policy = b.policyOf(b.pipeRole);
            for (const a of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]) expect(await decide(policy, a, QUEUE), a).to.equal("Allowed");
            expect(await decide(policy, "sqs:SendMessage", QUEUE)).to.equal("ImplicitlyDenied");
            expect(await decide(policy, "sqs:ReceiveMessage", `${QUEUE}-dlq`)).to.equal("ImplicitlyDenied");
            expect(await decide(policy, "kms:Decrypt", EVENTS_KEY, { "kms:ViaService": `sqs.${REGION}.amazonaws.com`, "kms:CallerAccount": ACCOUNT })).to.equal("Allowed");
            expect(await decide(policy, "kms:Decrypt", EVENTS_KEY, { "kms:ViaService": `s3.${REGION}.amazonaws.com`, "kms:CallerAccount": ACCOUNT })).to.equal("ImplicitlyDenied");
            expect(await decide(policy, "states:StartExecution", MACHINE_ARN)).to.equal("Allowed");
            expect(await decide(policy, "states:StartExecution", `${MACHINE_ARN}-other`)).to.equal("ImplicitlyDenied");
            // Encryption-context grants: conditional (simulated without the context), and as written (see above).
            expect(await decide(policy, "kms:GenerateDataKey", EVENTS_KEY)).to.equal("ImplicitlyDenied");
            const context = Object.fromEntries(policy.Statement.filter((s) => s.Sid.startsWith("EventsKeyFor")).map((s) => [s.Sid, [s.Action, s.Condition]]));
            expect(context).to.deep.equal({
                EventsKeyForTheStateMachine: ["kms:GenerateDataKey", { StringEquals: { "kms:EncryptionContext:aws:states:stateMachineArn": MACHINE_ARN } }],
                EventsKeyForThisPipe: ["kms:Decrypt", { StringEquals: { "kms:EncryptionContext:aws:pipe:arn": PIPE_ARN } }],
            });
        });
        it("is created after its role's policy", () => {
            const policy = b.of(T.rolePolicy).find((p) => p.name === b.pipeRole.name)!;
            expect(b.pipe.options.dependsOn).to.include(policy.urn);
        });
    });

    it("protects both log groups in prod and applies the retention and tags", async () => {
        const prod = await build(args({ protect: true, logRetentionDays: 365 }));
        for (const g of [prod.logGroup, prod.pipeLogGroup]) {
            expect(g.options.protect, g.name).to.equal(true);
            expect(g.inputs.retentionInDays, g.name).to.equal(365);
        }
        expect(prod.machine.inputs.tags).to.deep.equal({ Team: "platform", Name: NAME });
        expect(prod.pipe.inputs.tags).to.deep.equal({ Team: "platform", Name: NAME });
    });

    describe("validation", () => {
        it("accepts the defaults", () => {
            expect(problems(args())).to.deep.equal([]);
        });
        it("names every bad argument with its value and what is allowed", () => {
            const { "take-payment": _omit, ...missingOne } = FUNCTIONS;
            void _omit;
            expect(problems(args({
                stateMachineName: "order fulfilment", functionArns: { ...missingOne, "shipping-webhook": fnArn("shipping-webhook") } as unknown as Record<TaskFunction, string>,
                orderStatusTopicArn: QUEUE, orderEventsQueueArn: TOPIC, eventsKeyArn: "alias/events", logsKeyArn: "", permissionsBoundaryArn: "",
                logRetentionDays: 10, options: { paymentTimeoutSeconds: 10 },
            }))).to.deep.equal([
                "stateMachineName: 'order fulfilment' is not allowed; expected 1-64 letters, digits, '-' or '_' (the pipe shares the name; pipes allow 64)",
                "functionArns.take-payment: (missing) is not allowed; expected the function's alias ARN (arn:<partition>:lambda:<region>:<account>:function:<name>:live) or its unqualified ARN",
                `functionArns.shipping-webhook: '${fnArn("shipping-webhook")}' is not allowed; not a task function of the workflow; expected only: ${TASK_FUNCTIONS.join(", ")}`,
                `orderStatusTopicArn: '${QUEUE}' is not allowed; expected an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<topic>)`,
                `orderEventsQueueArn: '${TOPIC}' is not allowed; expected an SQS queue ARN (arn:<partition>:sqs:<region>:<account>:<queue>)`,
                "permissionsBoundaryArn: '' is not allowed; expected the workload boundary's managed policy ARN (arn:<partition>:iam::<account>:policy/<name>)",
                "eventsKeyArn: 'alias/events' is not allowed; expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
                "logsKeyArn: '' is not allowed; expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
                "logRetentionDays: '10' is not allowed; expected a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
                "options.paymentTimeoutSeconds: '10' is not allowed; expected a whole number from 60 to 604800",
            ]);
        });
        it("registers nothing when the arguments are wrong", async () => {
            let error: unknown;
            const rec = await record(() => {
                try { new FulfilmentWorkflow("bad", args({ eventsKeyArn: "alias/aws/states" })); } catch (e) { error = e; }
            });
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as Error).message).to.match(/^FulfilmentWorkflow: invalid arguments:\n {2}- eventsKeyArn: 'alias\/aws\/states' is not allowed/);
            expect(rec.resources.filter((r) => Object.values(T).includes(r.type))).to.deep.equal([]);
        });
    });
});
