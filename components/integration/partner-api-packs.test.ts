/**
 * The AWS policy pack, with the repository's waivers file, over a program that builds the partner API as the
 * integration layer will: the security layer's keys and workload boundary, and a PartnerApi with the payment and
 * shipping webhooks (the functions given by ARN), recorded as a first `pulumi preview` and as `pulumi up`, once with
 * the edge layer's web ACL and once without.
 *
 * What the pack finds, exactly (and nothing else, in both phases):
 * - api-authz (advisory) on each POST method: authorization NONE. Deliberate: the partners sign with HMAC, checked by
 *   the function (see partner-api.ts); the repository's waiver (policies/waivers.yaml) names that reason, so both
 *   findings are waived.
 * - waf-apigw (mandatory) on the stage, only without a web ACL: no WebAclAssociation names the stage. The stack
 *   supplies the ACL (`webAclArn`, components/edge/web-acl.ts); nothing waives this.
 * Nothing is deferred in either phase: the permissions' sourceArn and the association's resourceArn are unknown in
 * preview but set, and the rules that read them only need them set (resource-policy-not-public) or linked by
 * dependency (waf-apigw).
 */
import { expect } from "chai";
import { SecurityLayer } from "../security/layer";
import { awsPackRuns, PackRun } from "../../tools/testing/policies";
import { PartnerApi, WEBHOOK_BODY_SCHEMAS } from "./partner-api";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const PROJECT = "ecommerce-platform";
const STACK = "dev";
const PREFIX = `${PROJECT}-${STACK}`;
const WEB_ACL = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/${PREFIX}-edge/0f0e0d0c-1111-4222-a333-444455556666`;
const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${PREFIX}-${name}`;

function program(withAcl: boolean) {
    const security = new SecurityLayer(PREFIX, {
        config: { kmsDeletionWindowDays: 30, keyAdminRoleArns: [] }, aliasPrefix: `${PROJECT}/${STACK}`, protect: false,
    });
    new PartnerApi(`${PREFIX}-partner-api`, {
        apiName: `${PREFIX}-partner-api`,
        webhooks: [
            { segment: "payment", functionArn: fn("payment-webhook"), bodySchema: WEBHOOK_BODY_SCHEMAS.payment },
            { segment: "shipping", functionArn: fn("shipping-webhook"), bodySchema: WEBHOOK_BODY_SCHEMAS.shipping, throttle: { rateLimit: 5, burstLimit: 10 } },
        ],
        throttle: { rateLimit: 20, burstLimit: 40 },
        logs: { kmsKeyArn: security.keyArn("logs"), retentionInDays: 30 },
        permissionsBoundary: security.workloadBoundary.arn,
        webAclArn: withAcl ? WEB_ACL : undefined,
        tags: { Environment: STACK },
    });
}

describe("integration: the AWS pack over the partner API, with the repository's waivers", function () {
    this.timeout(120000);
    let results: Record<string, PackRun>;

    before(async () => {
        results = await awsPackRuns({ "with web ACL": { stack: STACK, program: () => program(true) }, "without web ACL": { stack: STACK, program: () => program(false) } });
    });

    for (const acl of ["with web ACL", "without web ACL"] as const) {
        for (const phase of ["preview", "up"] as const) {
            const key = `${acl} ${phase}`;
            it(`records two POST methods, their permissions, two log groups and the account's logging role (${key})`, () => {
                expect(results[key].counts).to.deep.include({
                    "aws:apigateway/method:Method": 2, "aws:lambda/permission:Permission": 2, "aws:apigateway/stage:Stage": 1,
                    "aws:apigateway/methodSettings:MethodSettings": 2, "aws:cloudwatch/logGroup:LogGroup": 2,
                    "aws:apigateway/account:Account": 1, "aws:iam/role:Role": 1,
                });
                expect(results[key].counts["aws:wafv2/webAclAssociation:WebAclAssociation"] ?? 0).to.equal(acl === "with web ACL" ? 1 : 0);
            });
            it(`waives api-authz on each POST method with the repository's reason, and reports nothing advisory (${key})`, () => {
                expect(results[key].advisory).to.deep.equal([]);
                expect(results[key].waived).to.deep.equal([`api-authz ${PREFIX}-partner-api-payment`, `api-authz ${PREFIX}-partner-api-shipping`]);
            });
            if (acl === "with web ACL") {
                it(`finds no mandatory violation (${key})`, () => {
                    expect(results[key].mandatory).to.deep.equal([]);
                });
            } else {
                it(`reports waf-apigw (mandatory) on the stage, and nothing else mandatory (${key})`, () => {
                    expect(results[key].mandatory).to.deep.equal([
                        `waf-apigw mandatory ${PREFIX}-partner-api: API Gateway stage '${PREFIX}-partner-api' has no aws.wafv2.WebAclAssociation whose resourceArn is the stage's ARN.`,
                    ]);
                });
            }
            it(`defers nothing (${key})`, () => {
                expect(results[key].deferred).to.deep.equal([]);
            });
        }
    }
});
