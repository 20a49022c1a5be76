import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { ecrHardening } from "./ecr-hardening";

const REPO = "aws:ecr/repository:Repository";
const good = {
    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: UNKNOWN }],
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
};

describe("aws rule ecr-hardening", () => {
    it("passes a KMS-encrypted, immutable, scanned repository", () => {
        const run = runRule(ecrHardening, [{ type: REPO, inputs: good }, { type: REPO, inputs: { ...good, imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports a default repository on all three counts, as advisory", () => {
        const run = runRule(ecrHardening, [{ type: REPO, name: "app", inputs: {} }]);
        expect(run.violations).to.have.length(3);
        expect(run.violations[0]).to.include({ policy: "ecr-hardening", enforcementLevel: "advisory", urn: `urn:pulumi:test::fixture::${REPO}::app` });
        expect(run.messages).to.deep.equal([
            "ECR repository encryption is AES256: use encryptionType KMS with a customer-managed kmsKey.",
            "ECR repository imageTagMutability is 'MUTABLE'; use IMMUTABLE.",
            "ECR repository does not scan on push: set imageScanningConfiguration.scanOnPush true.",
        ]);
    });
    it("reports KMS encryption without a customer-managed key", () => {
        const run = runRule(ecrHardening, [{ type: REPO, inputs: { ...good, encryptionConfigurations: [{ encryptionType: "KMS" }] } }]);
        expect(run.messages).to.deep.equal(["ECR repository encryption is KMS with the AWS managed key: use encryptionType KMS with a customer-managed kmsKey."]);
    });
    it("skips scan-on-push when registry scanning is configured", () => {
        const run = runRule(ecrHardening, [{ type: REPO, inputs: { ...good, imageScanningConfiguration: undefined } }], {
            config: { "ecr-hardening": { requireScanOnPush: false } },
        });
        expect(run.violations).to.have.length(0);
    });
    it("defers an unknown tag mutability to the update", () => {
        const run = runRule(ecrHardening, [{ type: REPO, inputs: { ...good, imageTagMutability: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/imageTagMutability/);
    });
});
