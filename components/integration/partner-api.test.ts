import { expect } from "chai";
import { WEBHOOK_HEADERS } from "../../apps/functions/contract";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import {
    ACCESS_LOG_FORMAT, deploymentFingerprint, PartnerApi, PartnerApiArgs, validatePartnerApiArgs, WEBHOOK_BODY_SCHEMAS,
} from "./partner-api";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const LOGS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-00000000000c`;
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/ecommerce-platform-dev-workload-boundary`;
const WEB_ACL = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/partner-api/0f0e0d0c-1111-4222-a333-444455556666`;
const CERT = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/0a1b2c3d-1111-4222-a333-444455556666`;
const PAY_FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-dev-payment-webhook`;
const SHIP_FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-dev-shipping-webhook`;
const T = {
    api: "aws:apigateway/restApi:RestApi", resource: "aws:apigateway/resource:Resource", method: "aws:apigateway/method:Method",
    integration: "aws:apigateway/integration:Integration", model: "aws:apigateway/model:Model",
    validator: "aws:apigateway/requestValidator:RequestValidator", response: "aws:apigateway/response:Response",
    deployment: "aws:apigateway/deployment:Deployment", stage: "aws:apigateway/stage:Stage",
    settings: "aws:apigateway/methodSettings:MethodSettings", account: "aws:apigateway/account:Account",
    domain: "aws:apigateway/domainName:DomainName", mapping: "aws:apigateway/basePathMapping:BasePathMapping",
    permission: "aws:lambda/permission:Permission", waf: "aws:wafv2/webAclAssociation:WebAclAssociation",
    logGroup: "aws:cloudwatch/logGroup:LogGroup", role: "aws:iam/role:Role", attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    component: "platform:integration:PartnerApi",
};

function args(over: Partial<PartnerApiArgs> = {}): PartnerApiArgs {
    return {
        apiName: "shop-dev-partner-api",
        webhooks: [
            { segment: "payment", functionArn: PAY_FN, bodySchema: WEBHOOK_BODY_SCHEMAS.payment },
            { segment: "shipping", functionArn: SHIP_FN, bodySchema: WEBHOOK_BODY_SCHEMAS.shipping },
        ],
        throttle: { rateLimit: 20, burstLimit: 40 },
        logs: { kmsKeyArn: LOGS_KEY, retentionInDays: 30 },
        permissionsBoundary: BOUNDARY,
        tags: { Team: "platform" },
        ...over,
    };
}

function record(program: () => unknown, region = REGION): Promise<Recording> {
    return recordProgram(program, { project: "test", stack: "dev", config: { "aws:region": region }, cloud: cloudContextFor(region, ACCOUNT) });
}

async function build(a: PartnerApiArgs, region = REGION) {
    const rec = await record(() => {
        const api = new PartnerApi("partners", a);
        return { restApiId: api.restApiId, executionArn: api.executionArn, stageArn: api.stageArn, invokeUrl: api.invokeUrl, webhookUrls: api.webhookUrls };
    }, region);
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const one = (type: string, name?: string) => {
        const found = of(type).filter((r) => name === undefined || r.name === name);
        expect(found, `${type} ${name ?? ""}`).to.have.length(1);
        return found[0];
    };
    return { rec, of, one, outputs: rec.outputs as Record<string, any>, api: one(T.api), component: one(T.component) };
}

function problems(a: unknown): string[] {
    try {
        validatePartnerApiArgs(a as PartnerApiArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("integration/PartnerApi", () => {
    describe("two webhooks, execute-api endpoint, account logging managed, no web ACL", () => {
        let b: Awaited<ReturnType<typeof build>>;
        let apiId: string;
        let executionArn: string;
        before(async () => {
            b = await build(args());
            apiId = b.outputs.restApiId;
            executionArn = b.outputs.executionArn;
        });

        it("creates a REGIONAL REST API with the execute-api endpoint on, every child under the component", () => {
            expect(b.api.inputs).to.deep.include({
                name: "shop-dev-partner-api", endpointConfiguration: { types: "REGIONAL" }, disableExecuteApiEndpoint: false,
                tags: { Team: "platform", Name: "shop-dev-partner-api" },
            });
            for (const r of b.rec.resources.filter((x) => x.type.startsWith("aws:"))) expect(r.parent, r.name).to.equal(b.component.urn);
        });
        it("has exactly POST /webhooks/payment and POST /webhooks/shipping", () => {
            const paths = b.of(T.resource).map((r) => r.inputs.pathPart);
            expect(paths).to.deep.equal(["webhooks", "payment", "shipping"]);
            const webhooks = b.one(T.resource, "partners-webhooks");
            expect(webhooks.inputs.parentId).to.equal(b.api.outputs.rootResourceId);
            expect(webhooks.propertyDependencies.parentId).to.deep.equal([b.api.urn]);
            for (const seg of ["payment", "shipping"]) {
                expect(b.one(T.resource, `partners-${seg}`).propertyDependencies.parentId).to.deep.equal([webhooks.urn]);
                expect(b.one(T.method, `partners-${seg}`).propertyDependencies.resourceId).to.deep.equal([b.one(T.resource, `partners-${seg}`).urn]);
            }
            expect(b.of(T.method).map((m) => m.inputs.httpMethod)).to.deep.equal(["POST", "POST"]);
        });
        it("each method requires the signature headers and the body model, through the one validator, authorization NONE", () => {
            const validator = b.one(T.validator);
            expect(validator.inputs).to.deep.include({ validateRequestBody: true, validateRequestParameters: true });
            for (const [seg, model] of [["payment", "PaymentWebhookBody"], ["shipping", "ShippingWebhookBody"]]) {
                const m = b.one(T.method, `partners-${seg}`);
                expect(m.inputs).to.deep.include({
                    authorization: "NONE",
                    requestModels: { "application/json": model },
                    requestParameters: { [`method.request.header.${WEBHOOK_HEADERS.signature}`]: true, [`method.request.header.${WEBHOOK_HEADERS.timestamp}`]: true },
                });
                expect(m.inputs).not.to.have.property("apiKeyRequired");
                expect(m.propertyDependencies.requestValidatorId).to.deep.equal([validator.urn]);
            }
        });
        it("models the contract's bodies as JSON schema draft 4: required ids and status, known statuses", () => {
            const pay = JSON.parse(b.one(T.model, "partners-payment").inputs.schema as string);
            expect(b.one(T.model, "partners-payment").inputs).to.deep.include({ name: "PaymentWebhookBody", contentType: "application/json" });
            expect(pay.$schema).to.equal("http://json-schema.org/draft-04/schema#");
            expect(pay.type).to.equal("object");
            expect(pay.required).to.deep.equal(["eventId", "orderId", "paymentId", "status"]);
            expect(pay.properties.status).to.deep.equal({ type: "string", enum: ["succeeded", "failed"] });
            expect(pay.properties.reason).to.deep.equal({ type: "string" });
            const ship = JSON.parse(b.one(T.model, "partners-shipping").inputs.schema as string);
            expect(ship.required).to.deep.equal(["eventId", "orderId", "shipmentId", "status"]);
            expect(ship.properties.status.enum).to.deep.equal(["shipped", "delivered"]);
        });
        it("answers a missing signature header 401, as the contract does", () => {
            expect(b.one(T.response).inputs).to.deep.include({ responseType: "BAD_REQUEST_PARAMETERS", statusCode: "401", restApiId: apiId });
            expect(JSON.parse((b.one(T.response).inputs.responseTemplates as Record<string, string>)["application/json"])).to.deep.equal({
                message: "missing signature: headers x-signature and x-timestamp are required",
            });
        });
        it("proxies each method to its function (AWS_PROXY, POST to the function's invoke URI)", () => {
            for (const [seg, fn] of [["payment", PAY_FN], ["shipping", SHIP_FN]]) {
                const i = b.one(T.integration, `partners-${seg}`);
                expect(i.inputs).to.deep.include({
                    type: "AWS_PROXY", integrationHttpMethod: "POST", httpMethod: "POST",
                    uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fn}/invocations`,
                });
                expect(i.inputs.resourceId).to.equal(b.one(T.method, `partners-${seg}`).inputs.resourceId);
            }
        });
        it("lets API Gateway invoke each function only for its own stage, method and path", () => {
            for (const [seg, fn] of [["payment", PAY_FN], ["shipping", SHIP_FN]]) {
                expect(b.one(T.permission, `partners-${seg}`).inputs).to.deep.equal({
                    action: "lambda:InvokeFunction", function: fn, principal: "apigateway.amazonaws.com",
                    sourceArn: `${executionArn}/v1/POST/webhooks/${seg}`,
                });
            }
            expect(executionArn).to.equal(`arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}`);
        });
        it("deploys after every method, integration and the gateway response, create-before-delete, with a content hash", () => {
            const d = b.one(T.deployment);
            const expected = [...b.of(T.response), ...b.of(T.method), ...b.of(T.integration)].map((r) => r.urn);
            expect(d.options.dependsOn).to.have.members(expected);
            expect(d.options.deleteBeforeReplace).to.equal(false);
            expect(d.inputs.triggers).to.have.keys("redeployment");
            expect((d.inputs.triggers as any).redeployment).to.match(/^[0-9a-f]{64}$/);
        });
        it("stage v1: the deployment, JSON access logs (no body) to the encrypted access group, X-Ray on, no cache", () => {
            const s = b.one(T.stage);
            const access = b.one(T.logGroup, "partners-access");
            expect(s.inputs).to.deep.include({ stageName: "v1", xrayTracingEnabled: true, cacheClusterEnabled: false, restApi: apiId });
            expect(s.propertyDependencies.deployment).to.deep.equal([b.one(T.deployment).urn]);
            const als = s.inputs.accessLogSettings as { destinationArn: string; format: string };
            expect(als.destinationArn).to.equal(access.outputs.arn);
            const format = JSON.parse(als.format);
            expect(format).to.deep.equal(ACCESS_LOG_FORMAT);
            expect(format).to.include({
                requestId: "$context.requestId", ip: "$context.identity.sourceIp", caller: "$context.identity.caller",
                resourcePath: "$context.resourcePath", status: "$context.status", latency: "$context.responseLatency",
                integrationErrorMessage: "$context.integrationErrorMessage",
            });
            expect(als.format).not.to.match(/body|requestOverride|responseOverride/i);
        });
        it("encrypts both log groups with the logs key and keeps them 30 days; the execution group is API Gateway's own name, made before the stage", () => {
            const access = b.one(T.logGroup, "partners-access");
            const execution = b.one(T.logGroup, "partners-execution");
            expect(access.inputs).to.deep.include({ name: "shop-dev-partner-api-access", kmsKeyId: LOGS_KEY, retentionInDays: 30 });
            expect(execution.inputs).to.deep.include({ name: `API-Gateway-Execution-Logs_${apiId}/v1`, kmsKeyId: LOGS_KEY, retentionInDays: 30 });
            expect(b.one(T.stage).options.dependsOn).to.include(execution.urn);
        });
        it("stage-wide method settings: ERROR logging, metrics, no data trace, no cache, the stage throttle", () => {
            const all = b.one(T.settings, "partners-all");
            expect(all.inputs).to.deep.equal({
                restApi: apiId, stageName: "v1", methodPath: "*/*",
                settings: { loggingLevel: "ERROR", metricsEnabled: true, dataTraceEnabled: false, cachingEnabled: false, throttlingRateLimit: 20, throttlingBurstLimit: 40 },
            });
            expect(all.propertyDependencies.stageName).to.deep.equal([b.one(T.stage).urn]);
            expect(b.of(T.settings)).to.have.length(1);
        });
        it("owns the account's CloudWatch role: trusted by API Gateway, the managed push policy, the boundary; the stage waits for it", () => {
            const role = b.one(T.role);
            expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement).to.deep.equal([
                { Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" },
            ]);
            expect(role.inputs.permissionsBoundary).to.equal(BOUNDARY);
            const attachment = b.one(T.attachment);
            expect(attachment.inputs).to.deep.equal({ role: role.outputs.name ?? role.inputs.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs" });
            const account = b.one(T.account);
            expect(account.inputs.cloudwatchRoleArn).to.equal(role.outputs.arn);
            expect(account.options.dependsOn).to.deep.equal([attachment.urn]);
            expect(b.one(T.stage).options.dependsOn).to.include(account.urn);
        });
        it("associates no web ACL and makes no domain", () => {
            expect(b.of(T.waf)).to.deep.equal([]);
            expect(b.of(T.domain)).to.deep.equal([]);
            expect(b.of(T.mapping)).to.deep.equal([]);
        });
        it("outputs the id, execution and stage ARNs, the execute-api URL and each webhook's URL", () => {
            const base = `https://${apiId}.execute-api.${REGION}.amazonaws.com/v1`;
            expect(b.outputs).to.deep.equal({
                restApiId: apiId, executionArn, stageArn: `arn:aws:apigateway:${REGION}::/restapis/${apiId}/stages/v1`, invokeUrl: base,
                webhookUrls: { payment: `${base}/webhooks/payment`, shipping: `${base}/webhooks/shipping` },
            });
        });
    });

    describe("web ACL, custom domain, INFO logging, a partner throttle, another stage, account logging owned elsewhere", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => {
            const a = args({
                webAclArn: WEB_ACL, domain: { domainName: "partners.shop.example.com", certificateArn: CERT }, loggingLevel: "INFO",
                stageName: "live", manageAccountLogging: false, permissionsBoundary: undefined,
            });
            a.webhooks[0] = { ...a.webhooks[0], throttle: { rateLimit: 5, burstLimit: 10 } };
            b = await build(a);
        });

        it("associates the web ACL with the stage's ARN (linked to the stage)", () => {
            const waf = b.one(T.waf);
            expect(waf.inputs).to.deep.equal({ webAclArn: WEB_ACL, resourceArn: `arn:aws:apigateway:${REGION}::/restapis/${b.outputs.restApiId}/stages/live` });
            expect(waf.propertyDependencies.resourceArn).to.include(b.one(T.stage).urn);
        });
        it("makes a REGIONAL TLS 1.2 domain mapped to the stage at its root, and disables the execute-api endpoint", () => {
            expect(b.one(T.domain).inputs).to.deep.include({
                domainName: "partners.shop.example.com", regionalCertificateArn: CERT, endpointConfiguration: { types: "REGIONAL" }, securityPolicy: "TLS_1_2",
            });
            const mapping = b.one(T.mapping);
            expect(mapping.inputs).to.deep.equal({ restApi: b.outputs.restApiId, stageName: "live", domainName: "partners.shop.example.com" });
            expect(b.api.inputs.disableExecuteApiEndpoint).to.equal(true);
        });
        it("outputs the domain's URLs and the stage's ARN", () => {
            expect(b.outputs.invokeUrl).to.equal("https://partners.shop.example.com");
            expect(b.outputs.webhookUrls).to.deep.equal({
                payment: "https://partners.shop.example.com/webhooks/payment", shipping: "https://partners.shop.example.com/webhooks/shipping",
            });
        });
        it("logs at INFO stage-wide, and throttles the payment partner's path on its own", () => {
            expect(b.one(T.settings, "partners-all").inputs.settings).to.deep.include({ loggingLevel: "INFO", throttlingRateLimit: 20, throttlingBurstLimit: 40 });
            expect(b.one(T.settings, "partners-payment").inputs).to.deep.include({
                methodPath: "webhooks/payment/POST", stageName: "live",
                settings: { loggingLevel: "INFO", metricsEnabled: true, dataTraceEnabled: false, cachingEnabled: false, throttlingRateLimit: 5, throttlingBurstLimit: 10 },
            });
            expect(b.of(T.settings)).to.have.length(2);
        });
        it("scopes permissions to the stage it deploys, and names the execution log group after it", () => {
            expect(b.one(T.permission, "partners-shipping").inputs.sourceArn).to.equal(`${b.outputs.executionArn}/live/POST/webhooks/shipping`);
            expect(b.one(T.logGroup, "partners-execution").inputs.name).to.equal(`API-Gateway-Execution-Logs_${b.outputs.restApiId}/live`);
        });
        it("leaves the account's CloudWatch role to another stack", () => {
            expect(b.of(T.role)).to.deep.equal([]);
            expect(b.of(T.account)).to.deep.equal([]);
            expect(b.one(T.stage).options.dependsOn).to.deep.equal([b.one(T.logGroup, "partners-execution").urn]);
        });
    });

    it("builds the invoke URI, execute-api URL and stage ARN in the stack's partition (China)", async () => {
        const region = "cn-north-1";
        const fn = `arn:aws-cn:lambda:${region}:${ACCOUNT}:function:pay`;
        const b = await build(args({ webhooks: [{ segment: "payment", functionArn: fn, bodySchema: WEBHOOK_BODY_SCHEMAS.payment }], logs: { kmsKeyArn: `arn:aws-cn:kms:${region}:${ACCOUNT}:key/1`, retentionInDays: 30 } }), region);
        expect(b.one(T.integration).inputs.uri).to.equal(`arn:aws-cn:apigateway:${region}:lambda:path/2015-03-31/functions/${fn}/invocations`);
        expect(b.outputs.invokeUrl).to.equal(`https://${b.outputs.restApiId}.execute-api.${region}.amazonaws.com.cn/v1`);
        expect(b.outputs.stageArn).to.equal(`arn:aws-cn:apigateway:${region}::/restapis/${b.outputs.restApiId}/stages/v1`);
        expect(b.one(T.attachment).inputs.policyArn).to.equal("arn:aws-cn:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
    });

    describe("webhooks on an alias (qualifier)", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => {
            b = await build(args({ webhooks: [{ segment: "payment", functionArn: PAY_FN, qualifier: "live", bodySchema: WEBHOOK_BODY_SCHEMAS.payment }] }));
        });
        it("integrates with the alias and permits API Gateway on the alias only", () => {
            expect(b.one(T.integration, "partners-payment").inputs.uri).to.equal(`arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${PAY_FN}:live/invocations`);
            expect(b.one(T.permission, "partners-payment").inputs).to.deep.include({ function: PAY_FN, qualifier: "live" });
        });
        it("changes the deployment fingerprint with the qualifier", () => {
            const hook = { segment: "payment", functionArn: PAY_FN, bodySchema: WEBHOOK_BODY_SCHEMAS.payment };
            const resolved = (h: PartnerApiArgs["webhooks"]) => new Promise<string>((resolve) => deploymentFingerprint(h).apply(resolve));
            return Promise.all([resolved([hook]), resolved([{ ...hook, qualifier: "live" }])]).then(([x, y]) => expect(x).to.not.equal(y));
        });
        it("refuses a qualifier that is not an alias name or version", () => {
            expect(problems(args({ webhooks: [{ segment: "payment", functionArn: PAY_FN, qualifier: "live:1", bodySchema: WEBHOOK_BODY_SCHEMAS.payment }] }))).to.deep.equal([
                "webhooks[0].qualifier: 'live:1' is not allowed; expected an alias name or a version number (1-128 letters, digits, '-' or '_')",
            ]);
        });
    });

    describe("deployment triggers", () => {
        const fingerprint = async (a: PartnerApiArgs) => {
            const b = await build(a);
            return (b.one(T.deployment).inputs.triggers as { redeployment: string }).redeployment;
        };
        let base: string;
        before(async () => { base = await fingerprint(args()); });

        it("are stable for the same definition, and equal the pure fingerprint", async () => {
            expect(await fingerprint(args())).to.equal(base);
            const pure = await new Promise<string>((resolve) => deploymentFingerprint(args().webhooks).apply(resolve));
            expect(pure).to.equal(base);
        });
        it("change when a webhook is added, a schema or a function changes; not for stage settings", async () => {
            const extra = args();
            extra.webhooks.push({ segment: "returns", functionArn: SHIP_FN, bodySchema: WEBHOOK_BODY_SCHEMAS.shipping });
            const schema = args();
            schema.webhooks[1] = { ...schema.webhooks[1], bodySchema: { ...WEBHOOK_BODY_SCHEMAS.shipping, required: ["eventId"] } };
            const fn = args();
            fn.webhooks[0] = { ...fn.webhooks[0], functionArn: SHIP_FN };
            const changed = [await fingerprint(extra), await fingerprint(schema), await fingerprint(fn)];
            for (const c of changed) expect(c).to.not.equal(base);
            expect(new Set(changed).size).to.equal(3);
            expect(await fingerprint(args({ throttle: { rateLimit: 50, burstLimit: 100 }, loggingLevel: "INFO" }))).to.equal(base);
        });
    });

    describe("validation", () => {
        it("accepts the defaults and the limits", () => {
            expect(problems(args())).to.deep.equal([]);
            expect(problems(args({ throttle: { rateLimit: 10000, burstLimit: 5000 }, stageName: "prod_v2", manageAccountLogging: false, permissionsBoundary: undefined })))
                .to.deep.equal([]);
        });
        it("refuses a bad segment, a duplicate segment and a function that is not a Lambda ARN, naming the entry", () => {
            const a = args();
            a.webhooks = [
                { segment: "Payment/v2", functionArn: PAY_FN, bodySchema: WEBHOOK_BODY_SCHEMAS.payment },
                { segment: "shipping", functionArn: SHIP_FN, bodySchema: WEBHOOK_BODY_SCHEMAS.shipping },
                { segment: "shipping", functionArn: `${SHIP_FN}:live`, bodySchema: WEBHOOK_BODY_SCHEMAS.shipping },
            ];
            expect(problems(a)).to.deep.equal([
                "webhooks[0].segment: 'Payment/v2' is not allowed; expected 1-63 lowercase letters, digits or '-', starting with a letter (one path segment under /webhooks)",
                "webhooks[2].segment: 'shipping' is not allowed; each segment may be used once; it is already the segment of an earlier webhook",
                `webhooks[2].functionArn: '${SHIP_FN}:live' is not allowed; expected an unqualified Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>); the alias goes in qualifier`,
            ]);
        });
        it("refuses throttles out of range, stage-wide and per webhook", () => {
            const a = args({ throttle: { rateLimit: 0, burstLimit: 5001 } });
            a.webhooks[1] = { ...a.webhooks[1], throttle: { rateLimit: 10001, burstLimit: 2.5 } };
            expect(problems(a)).to.deep.equal([
                "webhooks[1].throttle.rateLimit: '10001' is not allowed; expected requests per second from 1 to 10000",
                "webhooks[1].throttle.burstLimit: '2.5' is not allowed; expected a whole number from 1 to 5000",
                "throttle.rateLimit: '0' is not allowed; expected requests per second from 1 to 10000",
                "throttle.burstLimit: '5001' is not allowed; expected a whole number from 1 to 5000",
            ]);
            expect(problems(args({ throttle: undefined as never }))).to.deep.equal(["throttle: (missing) is not allowed; expected { rateLimit, burstLimit }"]);
        });
        it("refuses no webhooks, a schema that is not an object schema or not draft 4, and OFF logging", () => {
            expect(problems(args({ webhooks: [] }))).to.deep.equal(["webhooks: '[]' is not allowed; expected at least one webhook { segment, functionArn, bodySchema }"]);
            const a = args({ loggingLevel: "OFF" as never });
            a.webhooks[0] = { ...a.webhooks[0], bodySchema: { type: "array" } };
            a.webhooks[1] = { ...a.webhooks[1], bodySchema: { ...WEBHOOK_BODY_SCHEMAS.shipping, $schema: "https://json-schema.org/draft/2020-12/schema" } };
            expect(problems(a)).to.deep.equal([
                "webhooks[0].bodySchema: '{\"type\":\"array\"}' is not allowed; expected a JSON schema (draft 4) of an object: { type: \"object\", required: [...], properties: {...} }",
                "webhooks[1].bodySchema.$schema: 'https://json-schema.org/draft/2020-12/schema' is not allowed; API Gateway models are JSON Schema draft 4: expected http://json-schema.org/draft-04/schema# or no $schema",
                "loggingLevel: 'OFF' is not allowed; expected one of: ERROR, INFO",
            ]);
        });
        it("refuses a missing boundary while account logging is managed, a bad key, retention, web ACL, domain and names", () => {
            expect(problems(args({
                apiName: "partner api", stageName: "v1/x", permissionsBoundary: undefined, logs: { kmsKeyArn: "alias/aws/logs", retentionInDays: 0 },
                webAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/edge/0f0e0d0c`,
                domain: { domainName: "Partners.Example.com", certificateArn: "" },
            }))).to.deep.equal([
                "apiName: 'partner api' is not allowed; expected 1-128 letters, digits, '-' or '_', starting with a letter",
                "stageName: 'v1/x' is not allowed; expected 1-128 letters, digits, '-' or '_'",
                "logs.kmsKeyArn: 'alias/aws/logs' is not allowed; expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
                `logs.retentionInDays: '0' is not allowed; expected a CloudWatch retention period: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653`,
                "permissionsBoundary: (missing) is not allowed; expected the workload boundary's IAM policy ARN: the account's API Gateway CloudWatch role carries it (manageAccountLogging is on)",
                `webAclArn: 'arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/edge/0f0e0d0c' is not allowed; expected a REGIONAL WAFv2 web ACL ARN (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>)`,
                "domain.domainName: 'Partners.Example.com' is not allowed; expected a lowercase DNS name such as partners.example.com",
                "domain.certificateArn: '' is not allowed; expected an ACM certificate ARN of the stack's region (arn:aws:acm:<region>:<account>:certificate/<id>)",
            ]);
        });
        it("registers nothing when the arguments are wrong", async () => {
            let error: unknown;
            const rec = await record(() => {
                try { new PartnerApi("bad", args({ throttle: { rateLimit: 20, burstLimit: 0 } })); } catch (e) { error = e; }
            });
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as Error).message).to.equal("PartnerApi: invalid arguments:\n  - throttle.burstLimit: '0' is not allowed; expected a whole number from 1 to 5000");
            expect(rec.resources.filter((r: PlanResource) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
        });
    });
});
