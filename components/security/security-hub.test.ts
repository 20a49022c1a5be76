import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { SecurityHub, standardsArn } from "./security-hub";

const ACCOUNT = "123456789012";

async function build(region: string) {
    return recordProgram(() => { new SecurityHub("hub"); }, {
        project: "ecommerce-platform", stack: "prod", config: { "aws:region": region }, cloud: cloudContextFor(region, ACCOUNT),
    });
}

describe("security/SecurityHub", () => {
    it("enables Security Hub without its default standards, with consolidated control findings and new controls on", async () => {
        const rec = await build("eu-west-1");
        const account = rec.resources.filter((r) => r.type === "aws:securityhub/account:Account");
        expect(account).to.have.length(1);
        expect(account[0].inputs).to.deep.include({ enableDefaultStandards: false, controlFindingGenerator: "SECURITY_CONTROL", autoEnableControls: true });
    });
    it("subscribes to FSBP v1.0.0 and CIS v3.0.0 by their regional ARNs, each after the account is enabled", async () => {
        const rec = await build("eu-west-1");
        const account = rec.resources.find((r) => r.type === "aws:securityhub/account:Account")!;
        const subs = rec.resources.filter((r) => r.type === "aws:securityhub/standardsSubscription:StandardsSubscription");
        expect(subs.map((s) => s.inputs.standardsArn)).to.have.members([
            "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
            "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
        ]);
        for (const s of subs) expect(s.options.dependsOn, s.name).to.deep.equal([account.urn]);
    });
    it("builds the ARNs in the stack's partition and region", async () => {
        const rec = await build("us-gov-west-1");
        expect(rec.resources.filter((r) => r.type === "aws:securityhub/standardsSubscription:StandardsSubscription").map((s) => s.inputs.standardsArn)).to.include(
            "arn:aws-us-gov:securityhub:us-gov-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0");
        expect(standardsArn("aws-cn", "cn-north-1", { id: "x", version: "1.0.0" })).to.equal("arn:aws-cn:securityhub:cn-north-1::standards/x/v/1.0.0");
    });
});
