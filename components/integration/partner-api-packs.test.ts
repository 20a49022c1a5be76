/**
 * The AWS policy pack, with the repository's waivers file, over a program that builds the partner API as the
 * integration layer will: the security layer's keys and workload boundary, and a PartnerApi with the payment and
 * shipping webhooks (the functions given by ARN), recorded as a first `pulumi preview` and as `pulumi up`, once with
 * the edge layer's web ACL and once without.
 *
 * What the pack finds, exactly (and nothing else, in both phases):
 * - api-authz (advisory) on each POST method: authorization NONE. Deliberate: the partners sign with HMAC, checked by
 *   the function (see partner-api.ts); it needs a reviewed waiver with that reason.
 * - waf-apigw (mandatory) on the stage, only without a web ACL: no WebAclAssociation names the stage. The edge layer
 *   must supply the ACL (`webAclArn`), or the lead writes a waiver for the stage until it does.
 * PROPOSED_WAIVERS below are the entries that would clear both (checked here against the pack, not added to
 * policies/waivers.yaml, which the lead owns).
 * Nothing is deferred in either phase: the permissions' sourceArn and the association's resourceArn are unknown in
 * preview but set, and the rules that read them only need them set (resource-policy-not-public) or linked by
 * dependency (waf-apigw).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SecurityLayer } from "../security/layer";
import { evaluatePacks, Violation } from "../../tools/plan/evaluate";
import { loadAwsPackWithRepositoryWaivers, loadPolicyPack, REPOSITORY_WAIVERS_FILE } from "../../tools/testing/policies";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
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

/**
 * The waivers the lead may add to policies/waivers.yaml (YAML, in that file's format): they clear exactly these findings.
 * No `expires` here so the test does not turn red on a date; the waf-apigw one should carry one in the real file.
 */
const PROPOSED_WAIVERS = `
  - policy: api-authz
    resource: "urn:pulumi:*::ecommerce-platform::*platform:integration:PartnerApi$aws:apigateway/method:Method::ecommerce-platform-*-partner-api-*"
    reason: >-
      Partner webhooks cannot carry AWS_IAM, Cognito or a custom authorizer's credentials: the partners sign each request
      with HMAC-SHA256 over the timestamp and the raw body, which only the webhook function can verify (a REQUEST
      authorizer cannot see the body). API Gateway first requires both signature headers (401 without them) and a body
      matching the contract's schema; the function refuses a bad signature or a stale timestamp before reading anything.
  - policy: waf-apigw
    resource: "urn:pulumi:*::ecommerce-platform::*platform:integration:PartnerApi$aws:apigateway/stage:Stage::ecommerce-platform-*-partner-api"
    reason: >-
      Until the edge layer supplies the regional web ACL (PartnerApi webAclArn), the partner API stage has no WAF: it
      accepts only POST of schema-valid, signed bodies on two paths, throttled per stage and per partner.
`;

const short = (urn: string | null | undefined) => urn?.split("::").pop();
const describeFinding = (v: Violation) => `${v.policy} ${v.enforcementLevel} ${short(v.urn)}: ${v.message}`;
const AUTHZ = (segment: string) => `api-authz advisory ${PREFIX}-partner-api-${segment}: API Gateway method POST has authorization NONE: use AWS_IAM, COGNITO_USER_POOLS or CUSTOM.`;

describe("integration: the AWS pack over the partner API, with the repository's waivers", function () {
    this.timeout(120000);
    interface Phase { mandatory: string[]; advisory: string[]; deferred: string[]; waived: string[]; counts: Record<string, number> }
    const results: Record<string, Phase> = {};

    before(async () => {
        const pack = loadAwsPackWithRepositoryWaivers();
        for (const acl of ["with web ACL", "without web ACL"] as const) {
            for (const phase of ["preview", "up"] as const) {
                const { resources } = await recordProgram(() => program(acl === "with web ACL"), {
                    project: PROJECT, stack: STACK, config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT), preview: phase === "preview",
                });
                const evaluation = await evaluatePacks([pack], resources);
                const counts: Record<string, number> = {};
                for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
                results[`${acl} ${phase}`] = {
                    mandatory: evaluation.violations.filter((v) => v.enforcementLevel === "mandatory").map(describeFinding),
                    advisory: evaluation.violations.filter((v) => v.enforcementLevel === "advisory").map(describeFinding),
                    deferred: evaluation.unknowns.map((u) => `${u.policy} ${short(u.urn)}`),
                    waived: evaluation.waivers.map((w) => `${w.policy} ${short(w.urn)}`),
                    counts,
                };
            }
        }
    });

    it("the proposed waivers clear exactly the api-authz and waf-apigw findings, in both phases", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "partner-api-waivers-")), "waivers.yaml");
        fs.writeFileSync(file, fs.readFileSync(REPOSITORY_WAIVERS_FILE, "utf8").trimEnd() + "\n" + PROPOSED_WAIVERS);
        const saved = process.env.PLATFORM_POLICY_WAIVERS;
        process.env.PLATFORM_POLICY_WAIVERS = file;
        let pack: ReturnType<typeof loadPolicyPack>;
        try {
            pack = loadPolicyPack(path.resolve(__dirname, "..", "..", "policies", "aws"));
        } finally {
            if (saved === undefined) delete process.env.PLATFORM_POLICY_WAIVERS; else process.env.PLATFORM_POLICY_WAIVERS = saved;
        }
        for (const preview of [true, false]) {
            const { resources } = await recordProgram(() => program(false), {
                project: PROJECT, stack: STACK, config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT), preview,
            });
            const evaluation = await evaluatePacks([pack], resources);
            expect(evaluation.violations.map(describeFinding)).to.deep.equal([]);
            expect(evaluation.waivers.map((w) => `${w.policy} ${short(w.urn)}`)).to.have.members([
                `api-authz ${PREFIX}-partner-api-payment`, `api-authz ${PREFIX}-partner-api-shipping`, `waf-apigw ${PREFIX}-partner-api`,
            ]);
        }
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
            it(`reports api-authz (advisory) on each POST method, nothing else advisory (${key})`, () => {
                expect(results[key].advisory).to.deep.equal([AUTHZ("payment"), AUTHZ("shipping")]);
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
            it(`waives and defers nothing (${key})`, () => {
                expect(results[key].waived).to.deep.equal([]);
                expect(results[key].deferred).to.deep.equal([]);
            });
        }
    }
});
