import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { apigwExecutionLogging } from "./apigw-execution-logging";

const API = "aws:apigateway/restApi:RestApi";
const STAGE = "aws:apigateway/stage:Stage";
const MS = "aws:apigateway/methodSettings:MethodSettings";
const urn = (name: string) => `urn:pulumi:test::fixture::${STAGE}::${name}`;

const api = (name: string): FixtureResource => ({ type: API, name, inputs: { id: UNKNOWN } });
/** A stage of `apiName` as a program writes it (restApi: api.id). */
const stage = (name: string, apiName = "api", stageName = name): FixtureResource => ({
    type: STAGE, name, inputs: { restApi: UNKNOWN, stageName }, propertyDependencies: { restApi: [apiName] },
});
/** Method settings as a program writes them (restApi: api.id, stageName: stage.stageName). */
const settings = (name: string, of: { stage: string; api?: string; methodPath?: unknown; loggingLevel?: unknown }): FixtureResource => ({
    type: MS, name,
    inputs: { restApi: UNKNOWN, stageName: UNKNOWN, methodPath: of.methodPath ?? "*/*", settings: { loggingLevel: of.loggingLevel ?? "INFO", metricsEnabled: true } },
    propertyDependencies: { restApi: [of.api ?? "api"], stageName: [of.stage] },
});

describe("aws rule apigw-execution-logging (stack)", () => {
    it("passes a stage with stage-wide INFO or ERROR settings linked by property dependencies", () => {
        const run = runRule(apigwExecutionLogging, [
            api("api"), stage("prod"), settings("all", { stage: "prod" }),
            stage("v2"), settings("v2-all", { stage: "v2", loggingLevel: "ERROR" }),
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("passes stage-wide settings linked by known equal restApi and stageName", () => {
        const run = runRule(apigwExecutionLogging, [
            { type: STAGE, name: "prod", inputs: { restApi: "a1b2c3", stageName: "prod" } },
            { type: MS, name: "all", inputs: { restApi: "a1b2c3", stageName: "prod", methodPath: "*/*", settings: { loggingLevel: "INFO" } } },
        ]);
        expect(run.violations).to.have.length(0);
    });
    it("reports a REST stage without any method settings, as mandatory", () => {
        const run = runRule(apigwExecutionLogging, [api("api"), stage("prod")]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "apigw-execution-logging", enforcementLevel: "mandatory", urn: urn("prod") });
        expect(run.messages[0]).to.equal("REST API stage 'prod' has no stage-wide aws.apigateway.MethodSettings (methodPath '*/*', restApi "
            + "and stageName from this stage), so execution logging is OFF: add one with settings.loggingLevel INFO or ERROR.");
    });
    it("reports a stage whose only method settings are for another stage, another API or one method", () => {
        const run = runRule(apigwExecutionLogging, [
            api("api"), api("other-api"), stage("prod"), stage("test"), stage("other", "other-api", "prod"),
            settings("test-all", { stage: "test" }),
            settings("prod-one", { stage: "prod", methodPath: "items/GET" }),
            { type: MS, name: "wrong-api", inputs: { restApi: UNKNOWN, stageName: "prod", methodPath: "*/*", settings: { loggingLevel: "INFO" } }, propertyDependencies: { restApi: ["api"] } },
        ]);
        // 'wrong-api' names stageName 'prod' of API 'api': it covers stage 'prod', not 'other' (stageName 'prod' of 'other-api').
        expect(run.violations.map((v) => v.urn)).to.deep.equal([urn("other")]);
        const noWide = runRule(apigwExecutionLogging, [api("api"), stage("prod"), stage("test"), settings("test-all", { stage: "test" }), settings("prod-one", { stage: "prod", methodPath: "items/GET" })]);
        expect(noWide.violations.map((v) => v.urn)).to.deep.equal([urn("prod")]);
    });
    it("reports a stage whose stage-wide settings log at OFF, naming them", () => {
        const run = runRule(apigwExecutionLogging, [api("api"), stage("prod"), settings("all", { stage: "prod", loggingLevel: "OFF" })]);
        expect(run.messages).to.deep.equal(["REST API stage 'prod' does not log execution: its stage-wide aws.apigateway.MethodSettings 'all' (loggingLevel OFF) must set loggingLevel INFO or ERROR."]);
    });
    it("defers a stage whose only candidate settings have an unknown level, method path or an unlinked unknown stage name", () => {
        for (const candidate of [
            settings("all", { stage: "prod", loggingLevel: UNKNOWN }),
            settings("all", { stage: "prod", methodPath: UNKNOWN }),
            { type: MS, name: "all", inputs: { restApi: UNKNOWN, stageName: UNKNOWN, methodPath: "*/*", settings: { loggingLevel: "INFO" } }, propertyDependencies: { restApi: ["api"] } },
        ]) {
            const run = runRule(apigwExecutionLogging, [api("api"), stage("prod"), candidate]);
            expect(run.violations).to.have.length(0);
            expect(run.unknowns).to.have.length(1);
        }
    });
    it("still reports a definite finding beside a deferred stage", () => {
        const run = runRule(apigwExecutionLogging, [api("api"), stage("prod"), settings("all", { stage: "prod", loggingLevel: UNKNOWN }), stage("test")]);
        expect(run.violations.map((v) => v.urn)).to.deep.equal([urn("test")]);
    });
    it("is not applicable without REST stages", () => {
        expect(runRule(apigwExecutionLogging, [api("api")]).notApplicable).to.equal(1);
    });
});
