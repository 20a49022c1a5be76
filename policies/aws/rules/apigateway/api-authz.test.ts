import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { apiAuthz } from "./api-authz";

const METHOD = "aws:apigateway/method:Method";
const ROUTE = "aws:apigatewayv2/route:Route";
const URL = "aws:lambda/functionUrl:FunctionUrl";

describe("aws rule api-authz", () => {
    it("passes authorized methods, routes, function URLs and OPTIONS preflight", () => {
        const run = runRule(apiAuthz, [
            { type: METHOD, inputs: { httpMethod: "GET", authorization: "COGNITO_USER_POOLS", authorizerId: UNKNOWN } },
            { type: METHOD, inputs: { httpMethod: "OPTIONS", authorization: "NONE" } },
            { type: ROUTE, inputs: { routeKey: "GET /items", authorizationType: "JWT" } },
            { type: ROUTE, inputs: { routeKey: "OPTIONS /items" } },
            { type: URL, inputs: { authorizationType: "AWS_IAM" } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(5);
    });
    it("reports an unauthorized REST method, as advisory", () => {
        const run = runRule(apiAuthz, [{ type: METHOD, name: "m", inputs: { httpMethod: "POST", authorization: "NONE" } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "api-authz", enforcementLevel: "advisory", urn: `urn:pulumi:test::fixture::${METHOD}::m` });
        expect(run.messages[0]).to.equal("API Gateway method POST has authorization NONE: use AWS_IAM, COGNITO_USER_POOLS or CUSTOM.");
    });
    it("reports an HTTP API route without authorizationType and a public function URL", () => {
        const run = runRule(apiAuthz, [
            { type: ROUTE, inputs: { routeKey: "$default" } },
            { type: URL, inputs: { authorizationType: "NONE" } },
        ]);
        expect(run.messages).to.deep.equal([
            "API Gateway v2 route '$default' has authorizationType unset (NONE): use JWT, AWS_IAM or CUSTOM.",
            "Lambda function URL has authorizationType NONE (public, unauthenticated): use AWS_IAM.",
        ]);
    });
    it("ignores WebSocket routes that cannot carry an authorizer, but not $connect", () => {
        const run = runRule(apiAuthz, [{ type: ROUTE, inputs: { routeKey: "sendmessage" } }, { type: ROUTE, inputs: { routeKey: "$connect" } }]);
        expect(run.messages).to.have.length(1);
        expect(run.messages[0]).to.match(/\$connect/);
    });
    it("defers an unknown authorization to the update", () => {
        const run = runRule(apiAuthz, [{ type: METHOD, inputs: { httpMethod: "GET", authorization: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/authorization/);
    });
    it("honours a waiver for a deliberately public webhook", () => {
        const run = runRule(apiAuthz, [{ type: URL, name: "stripe-webhook", inputs: { authorizationType: "NONE" } }], {
            waivers: [{ policy: "api-authz", resource: "stripe-webhook", reason: "Stripe webhook verifies the Stripe-Signature HMAC itself" }],
        });
        expect(run.violations).to.have.length(0);
        expect(run.waived).to.have.length(1);
    });
    it("can be made mandatory by the pack config", () => {
        const run = runRule(apiAuthz, [{ type: URL, inputs: { authorizationType: "NONE" } }], { config: { "api-authz": "mandatory" } });
        expect(run.violations[0].enforcementLevel).to.equal("mandatory");
    });
});
