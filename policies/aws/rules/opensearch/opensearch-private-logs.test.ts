import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { opensearchPrivateLogs } from "./opensearch-private-logs";

const DOMAIN = "aws:opensearch/domain:Domain";
const LG = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/opensearch/search";
const good = {
    vpcOptions: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-1"] },
    advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: true, anonymousAuthEnabled: false },
    logPublishingOptions: [
        { logType: "AUDIT_LOGS", cloudwatchLogGroupArn: LG },
        { logType: "ES_APPLICATION_LOGS", cloudwatchLogGroupArn: LG, enabled: true },
    ],
};

describe("aws rule opensearch-private-logs", () => {
    it("passes a VPC domain with FGAC and audit/application logs", () => {
        const run = runRule(opensearchPrivateLogs, [{ type: DOMAIN, inputs: good }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports a public domain without FGAC or logs, as mandatory", () => {
        const run = runRule(opensearchPrivateLogs, [{ type: DOMAIN, name: "search", inputs: {} }]);
        expect(run.violations).to.have.length(3);
        expect(run.violations[0]).to.include({ policy: "opensearch-private-logs", enforcementLevel: "mandatory" });
        expect(run.messages[0]).to.match(/public endpoint/);
        expect(run.messages[1]).to.match(/advancedSecurityOptions\.enabled is unset/);
        expect(run.messages[2]).to.match(/does not publish AUDIT_LOGS, ES_APPLICATION_LOGS/);
    });
    it("reports anonymous access and a disabled audit log", () => {
        const run = runRule(opensearchPrivateLogs, [{ type: DOMAIN, inputs: { ...good,
            advancedSecurityOptions: { enabled: true, anonymousAuthEnabled: true },
            logPublishingOptions: [{ ...good.logPublishingOptions[0], enabled: false }, good.logPublishingOptions[1]] } }]);
        expect(run.messages).to.have.length(2);
        expect(run.messages[0]).to.match(/anonymous access/);
        expect(run.messages[1]).to.match(/does not publish AUDIT_LOGS:/);
    });
    it("counts unknown subnet ids and log group ARNs as set", () => {
        const run = runRule(opensearchPrivateLogs, [{ type: DOMAIN, inputs: { ...good, vpcOptions: { subnetIds: UNKNOWN },
            logPublishingOptions: good.logPublishingOptions.map((o) => ({ ...o, cloudwatchLogGroupArn: UNKNOWN })) } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("defers an unknown FGAC flag", () => {
        const run = runRule(opensearchPrivateLogs, [{ type: DOMAIN, inputs: { ...good, advancedSecurityOptions: { enabled: UNKNOWN } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/advancedSecurityOptions\.enabled/);
    });
});
