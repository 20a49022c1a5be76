import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { ComponentArgsError } from "../shared/validate";
import { ShieldAdvanced, ShieldAdvancedArgs } from "./shield-advanced";

const DIST = "arn:aws:cloudfront::123456789012:distribution/E2ABCDEFGHIJKL";
const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";

async function build(args: ShieldAdvancedArgs) {
    const rec = await recordProgram(() => { new ShieldAdvanced("shield", args); },
        { project: "test", stack: "prod", config: { "aws:region": "eu-west-1" }, cloud: cloudContextFor("eu-west-1", "123456789012") });
    return { rec, of: (type: string) => rec.resources.filter((r) => r.type === type) };
}

describe("edge: ShieldAdvanced", function () {
    this.timeout(60000);

    it("subscribes the account (protected, auto-renewed, kept on destroy) and protects each resource after subscribing", async () => {
        const b = await build({ groupName: "shop-prod", protectedResources: { distribution: DIST, "hosted-zone": ZONE }, tags: { Team: "edge" } });
        const [subscription] = b.of("aws:shield/subscription:Subscription");
        expect(subscription.inputs).to.deep.equal({ autoRenew: "ENABLED", skipDestroy: true });
        expect(subscription.options.protect).to.equal(true);
        const protections = b.of("aws:shield/protection:Protection");
        expect(protections.map((p) => [p.inputs.name, p.inputs.resourceArn])).to.deep.equal([
            ["shop-prod-distribution", DIST], ["shop-prod-hosted-zone", ZONE]]);
        expect(protections.every((p) => p.options.dependsOn.includes(subscription.urn))).to.equal(true);
        const [group] = b.of("aws:shield/protectionGroup:ProtectionGroup");
        expect(group.inputs).to.deep.include({ protectionGroupId: "shop-prod", aggregation: "MAX", pattern: "ALL" });
    });

    it("refuses a bad group name or nothing to protect, naming the field", () => {
        const problems = (args: ShieldAdvancedArgs) => {
            try { new ShieldAdvanced("x", args); } catch (e) { expect(e).to.be.instanceOf(ComponentArgsError); return [...(e as ComponentArgsError).problems]; }
            return [];
        };
        expect(problems({ groupName: "shop prod!", protectedResources: {} })).to.deep.equal([
            "groupName: 'shop prod!' is not allowed; expected 1-36 letters, digits, '-' or '_' (a Shield protection group id)",
            "protectedResources: '{}' is not allowed; expected at least one resource ARN to protect",
        ]);
    });
});
