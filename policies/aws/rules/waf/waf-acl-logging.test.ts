import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { wafAclLogging } from "./waf-acl-logging";

const ACL = "aws:wafv2/webAcl:WebAcl";
const managed = (name: string, priority: number) => ({
    name, priority, overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { name, vendorName: "AWS" } },
    visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
});
const goodRules = [managed("AWSManagedRulesCommonRuleSet", 1), managed("AWSManagedRulesKnownBadInputsRuleSet", 2)];
const logging = (target: string): FixtureResource => ({
    type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", name: `${target}-logs`,
    inputs: { resourceArn: UNKNOWN, logDestinationConfigs: [UNKNOWN] }, propertyDependencies: { resourceArn: [target] },
});

describe("aws rule waf-acl-logging (stack)", () => {
    it("passes a logged ACL with the required managed groups", () => {
        const run = runRule(wafAclLogging, [{ type: ACL, name: "acl", inputs: { scope: "REGIONAL", rules: goodRules } }, logging("acl")]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports an ACL without a logging configuration", () => {
        const run = runRule(wafAclLogging, [{ type: ACL, name: "acl", inputs: { rules: goodRules } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "waf-acl-logging", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${ACL}::acl` });
        expect(run.messages[0]).to.match(/WebAclLoggingConfiguration/);
    });
    it("reports missing managed rule groups by name", () => {
        const run = runRule(wafAclLogging, [{ type: ACL, name: "acl", inputs: { rules: [goodRules[0]] } }, logging("acl")]);
        expect(run.messages).to.deep.equal([
            "Web ACL 'acl' lacks required managed rule group(s) AWSManagedRulesKnownBadInputsRuleSet (rules[].statement.managedRuleGroupStatement.name)."]);
    });
    it("reads managed groups from ruleJson", () => {
        const ruleJson = JSON.stringify(goodRules.map((r) => ({ Name: r.name, Priority: r.priority, Statement: { ManagedRuleGroupStatement: { Name: r.name, VendorName: "AWS" } } })));
        const run = runRule(wafAclLogging, [{ type: ACL, name: "acl", inputs: { ruleJson } }, logging("acl")]);
        expect(run.violations).to.have.length(0);
    });
    it("uses the configured list of required groups", () => {
        const run = runRule(wafAclLogging, [{ type: ACL, name: "acl", inputs: { rules: goodRules } }, logging("acl")], {
            config: { "waf-acl-logging": { requiredManagedRuleGroups: ["AWSManagedRulesSQLiRuleSet"] } },
        });
        expect(run.messages).to.have.length(1);
        expect(run.messages[0]).to.match(/AWSManagedRulesSQLiRuleSet/);
    });
    it("defers unknown rules to the update", () => {
        const run = runRule(wafAclLogging, [{ type: ACL, name: "acl", inputs: { rules: UNKNOWN } }, logging("acl")]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/rules/);
    });
});
