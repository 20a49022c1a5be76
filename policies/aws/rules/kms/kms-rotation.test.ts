import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { kmsRotation } from "./kms-rotation";

describe("aws rule kms-rotation", () => {
    it("passes a symmetric key with rotation on", () => {
        const run = runRule(kmsRotation, [{ type: "aws:kms/key:Key", inputs: { enableKeyRotation: true } }]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(1);
    });
    it("reports a symmetric key without rotation, as mandatory", () => {
        const run = runRule(kmsRotation, [{ type: "aws:kms/key:Key", name: "k", inputs: {} }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "kms-rotation", enforcementLevel: "mandatory", urn: "urn:pulumi:test::fixture::aws:kms/key:Key::k" });
        expect(run.messages[0]).to.match(/rotation/);
    });
    it("ignores asymmetric keys, which cannot rotate", () => {
        const run = runRule(kmsRotation, [{ type: "aws:kms/key:Key", inputs: { customerMasterKeySpec: "RSA_2048" } }]);
        expect(run.violations).to.have.length(0);
    });
    it("is not applicable to other types", () => {
        const run = runRule(kmsRotation, [{ type: "aws:s3/bucket:Bucket" }]);
        expect(run.notApplicable).to.equal(1);
        expect(run.violations).to.have.length(0);
    });
    it("defers an unknown rotation flag to the update (advisory note, no violation)", () => {
        const run = runRule(kmsRotation, [{ type: "aws:kms/key:Key", inputs: { enableKeyRotation: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/enableKeyRotation/);
    });
    it("honours a waiver with a reason and records it", () => {
        const run = runRule(kmsRotation, [{ type: "aws:kms/key:Key", name: "legacy", inputs: {} }], {
            waivers: [{ policy: "kms-rotation", resource: "legacy", reason: "Imported key material cannot rotate automatically" }],
        });
        expect(run.violations).to.have.length(0);
        expect(run.waived).to.have.length(1);
        expect(run.waived[0]).to.include({ policy: "kms-rotation", reason: "Imported key material cannot rotate automatically" });
    });
    it("follows the pack config's enforcement level", () => {
        const run = runRule(kmsRotation, [{ type: "aws:kms/key:Key", inputs: {} }], { config: { "kms-rotation": "advisory" } });
        expect(run.violations[0].enforcementLevel).to.equal("advisory");
    });
});
