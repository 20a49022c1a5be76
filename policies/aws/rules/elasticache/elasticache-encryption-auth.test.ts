import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { elasticacheEncryptionAuth } from "./elasticache-encryption-auth";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const encrypted = { atRestEncryptionEnabled: true, kmsKeyId: KEY, transitEncryptionEnabled: true };

describe("aws rule elasticache-encryption-auth", () => {
    it("passes an encrypted group with an AUTH token or RBAC user groups", () => {
        expect(runRule(elasticacheEncryptionAuth, [{ type: RG, inputs: { ...encrypted, authToken: "[secret]" } }]).violations).to.have.length(0);
        expect(runRule(elasticacheEncryptionAuth, [{ type: RG, inputs: { ...encrypted, userGroupIds: ["checkout-users"] } }]).violations).to.have.length(0);
    });
    it("reports every missing control, as mandatory, without echoing secrets", () => {
        const run = runRule(elasticacheEncryptionAuth, [{ type: RG, name: "cache", inputs: { transitEncryptionEnabled: false } }]);
        expect(run.violations).to.have.length(4);
        expect(run.violations[0]).to.include({ policy: "elasticache-encryption-auth", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${RG}::cache` });
        expect(run.messages[0]).to.match(/atRestEncryptionEnabled: true \(it is unset\)/);
        expect(run.messages[1]).to.match(/kmsKeyId/);
        expect(run.messages[2]).to.match(/transitEncryptionEnabled: true \(it is false\)/);
        expect(run.messages[3]).to.match(/requires no authentication/);
    });
    it("reports transitEncryptionMode 'preferred'", () => {
        const run = runRule(elasticacheEncryptionAuth, [{ type: RG, inputs: { ...encrypted, transitEncryptionMode: "preferred", authToken: "[secret]" } }]);
        expect(run.messages).to.have.length(1);
        expect(run.messages[0]).to.match(/'preferred'/);
    });
    it("accepts network isolation only when configured (clients that cannot send AUTH)", () => {
        const run = runRule(elasticacheEncryptionAuth, [{ type: RG, inputs: encrypted }],
            { config: { "elasticache-encryption-auth": { allowNetworkIsolationOnly: true } } });
        expect(run.violations).to.have.length(0);
        const strict = runRule(elasticacheEncryptionAuth, [{ type: RG, inputs: encrypted }]);
        expect(strict.messages).to.have.length(1);
    });
    it("accepts a waiver for one replication group", () => {
        const run = runRule(elasticacheEncryptionAuth, [{ type: RG, name: "checkout-redis", inputs: encrypted }],
            { waivers: [{ policy: "elasticache-encryption-auth", resource: "checkout-redis", reason: "Checkout image cannot send AUTH; SG allows only checkout pods" }] });
        expect(run.violations).to.have.length(0);
        expect(run.waived).to.have.length(1);
    });
    it("counts unknown key and token as set, defers unknown flags", () => {
        expect(runRule(elasticacheEncryptionAuth, [{ type: RG, inputs: { ...encrypted, kmsKeyId: UNKNOWN, authToken: UNKNOWN } }]).violations).to.have.length(0);
        const run = runRule(elasticacheEncryptionAuth, [{ type: RG, inputs: { ...encrypted, atRestEncryptionEnabled: UNKNOWN, authToken: "[secret]" } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/atRestEncryptionEnabled/);
    });
    it("is not applicable to other types", () => {
        expect(runRule(elasticacheEncryptionAuth, [{ type: "aws:elasticache/cluster:Cluster" }]).notApplicable).to.equal(1);
    });
});
