import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { sfnLoggingTracing } from "./sfn-logging-tracing";

const SM = "aws:sfn/stateMachine:StateMachine";
const logging = { level: "ALL", includeExecutionData: true, logDestination: "arn:aws:logs:eu-west-1:1:log-group:sfn:*" };

describe("aws rule sfn-logging-tracing", () => {
    it("passes a state machine logging ALL/ERROR with execution data and tracing", () => {
        const run = runRule(sfnLoggingTracing, [
            { type: SM, name: "a", inputs: { definition: "{}", roleArn: "r", loggingConfiguration: logging, tracingConfiguration: { enabled: true } } },
            { type: SM, name: "b", inputs: { loggingConfiguration: { ...logging, level: "ERROR", logDestination: UNKNOWN }, tracingConfiguration: { enabled: true } } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports missing logging and tracing, as advisory", () => {
        const run = runRule(sfnLoggingTracing, [{ type: SM, name: "sm", inputs: { definition: "{}" } }]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "sfn-logging-tracing", enforcementLevel: "advisory", urn: `urn:pulumi:test::fixture::${SM}::sm` });
        expect(run.messages).to.deep.equal([
            "loggingConfiguration is not set: executions are not logged.",
            "tracingConfiguration.enabled is not true: executions are not traced with X-Ray.",
        ]);
    });
    it("reports a wrong level and a missing destination; execution data only when configured to require it", () => {
        const sm = { type: SM, inputs: { loggingConfiguration: { level: "FATAL" }, tracingConfiguration: { enabled: true } } };
        expect(runRule(sfnLoggingTracing, [sm]).messages).to.deep.equal([
            "loggingConfiguration.level is FATAL; use ALL or ERROR.",
            "loggingConfiguration.logDestination is not set.",
        ]);
        expect(runRule(sfnLoggingTracing, [sm], { config: { "sfn-logging-tracing": { requireExecutionData: true } } }).messages).to.deep.equal([
            "loggingConfiguration.level is FATAL; use ALL or ERROR.",
            "loggingConfiguration.includeExecutionData is not true: logged events lack execution input and output.",
            "loggingConfiguration.logDestination is not set.",
        ]);
    });
    it("follows config: levels and requireExecutionData", () => {
        const run = runRule(sfnLoggingTracing, [{ type: SM, inputs: { loggingConfiguration: { level: "ERROR", includeExecutionData: false, logDestination: "arn" }, tracingConfiguration: { enabled: true } } }],
            { config: { "sfn-logging-tracing": { levels: ["ALL"], requireExecutionData: false } } });
        expect(run.messages).to.deep.equal(["loggingConfiguration.level is ERROR; use ALL."]);
    });
    it("defers unknown settings when nothing known is wrong", () => {
        const run = runRule(sfnLoggingTracing, [{ type: SM, inputs: { loggingConfiguration: { ...logging, level: UNKNOWN }, tracingConfiguration: { enabled: true } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/loggingConfiguration\.level/);
    });
    it("is not applicable to other types", () => {
        expect(runRule(sfnLoggingTracing, [{ type: "aws:sfn/activity:Activity" }]).notApplicable).to.equal(1);
    });
});
