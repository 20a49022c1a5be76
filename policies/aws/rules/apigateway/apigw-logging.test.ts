import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { apigwLogging } from "./apigw-logging";

const STAGE = "aws:apigateway/stage:Stage";
const V2 = "aws:apigatewayv2/stage:Stage";
const MS = "aws:apigateway/methodSettings:MethodSettings";
const als = { destinationArn: "arn:aws:logs:eu-west-1:111122223333:log-group:api", format: "$context.requestId" };

describe("aws rule apigw-logging", () => {
    it("passes stages with access logs and stage-wide INFO logging", () => {
        const run = runRule(apigwLogging, [
            { type: STAGE, inputs: { stageName: "prod", accessLogSettings: als } },
            { type: V2, inputs: { accessLogSettings: { destinationArn: UNKNOWN, format: "x" }, defaultRouteSettings: { loggingLevel: "INFO" } } },
            { type: MS, inputs: { methodPath: "*/*", settings: { loggingLevel: "INFO", metricsEnabled: true } } },
            { type: MS, inputs: { methodPath: "items/GET", settings: { cachingEnabled: true } } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports REST and HTTP stages without access logs, as mandatory", () => {
        const run = runRule(apigwLogging, [{ type: STAGE, name: "rest", inputs: {} }, { type: V2, name: "http", inputs: { accessLogSettings: { format: "x" } } }]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "apigw-logging", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${STAGE}::rest` });
        expect(run.messages[0]).to.match(/accessLogSettings\.destinationArn/);
    });
    it("reports stage-wide execution logging that is unset or OFF, and data tracing", () => {
        const run = runRule(apigwLogging, [
            { type: MS, name: "a", inputs: { methodPath: "*/*", settings: { metricsEnabled: true } } },
            { type: MS, name: "b", inputs: { methodPath: "items/GET", settings: { loggingLevel: "OFF", dataTraceEnabled: true } } },
        ]);
        expect(run.messages).to.deep.equal([
            "settings.loggingLevel is 'unset (OFF)' for all methods ('*/*'); use INFO or ERROR.",
            "settings.loggingLevel is 'OFF'; use INFO or ERROR.",
            "settings.dataTraceEnabled is true: data tracing logs full requests and responses; turn it off.",
        ]);
    });
    it("reports data tracing on HTTP/WebSocket route settings", () => {
        const run = runRule(apigwLogging, [{ type: V2, inputs: { accessLogSettings: als, routeSettings: [{ routeKey: "$connect", dataTraceEnabled: true }] } }]);
        expect(run.messages).to.have.length(1);
        expect(run.messages[0]).to.match(/routeSettings\[0\]\.dataTraceEnabled/);
    });
    it("defers an unknown logging level to the update", () => {
        const run = runRule(apigwLogging, [{ type: MS, inputs: { methodPath: "*/*", settings: { loggingLevel: UNKNOWN } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/loggingLevel/);
    });
});
