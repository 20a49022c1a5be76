import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { eksSecretsKms } from "./eks-secrets-kms";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const RAW = "aws:eks/cluster:Cluster";
const COMPONENT = "eks:index:Cluster";

describe("aws rule eks-secrets-kms", () => {
    it("passes a raw cluster and a component with secrets encryption", () => {
        const run = runRule(eksSecretsKms, [
            { type: RAW, name: "raw", inputs: { encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY } } } },
            { type: COMPONENT, name: "eks", inputs: { encryptionConfigKeyArn: KEY } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(2);
    });
    it("reports a component without encryptionConfigKeyArn, as mandatory", () => {
        const run = runRule(eksSecretsKms, [{ type: COMPONENT, name: "eks", inputs: {} }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "eks-secrets-kms", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${COMPONENT}::eks` });
        expect(run.messages[0]).to.match(/encryptionConfigKeyArn/);
    });
    it("reports a raw cluster without encryption, or without a key", () => {
        expect(runRule(eksSecretsKms, [{ type: RAW, inputs: {} }]).messages[0]).to.match(/does not cover "secrets"/);
        expect(runRule(eksSecretsKms, [{ type: RAW, inputs: { encryptionConfig: { resources: ["secrets"], provider: {} } } }]).messages[0]).to.match(/no provider\.keyArn/);
    });
    it("counts unknown key ARNs as set", () => {
        expect(runRule(eksSecretsKms, [{ type: COMPONENT, inputs: { encryptionConfigKeyArn: UNKNOWN } }]).violations).to.have.length(0);
        expect(runRule(eksSecretsKms, [{ type: RAW, inputs: { encryptionConfig: { resources: ["secrets"], provider: { keyArn: UNKNOWN } } } }]).violations).to.have.length(0);
    });
    it("defers unknown encrypted resource kinds", () => {
        const run = runRule(eksSecretsKms, [{ type: RAW, inputs: { encryptionConfig: { resources: UNKNOWN, provider: { keyArn: KEY } } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/encryptionConfig\.0\.resources/);
    });
    it("is not applicable to other types", () => {
        expect(runRule(eksSecretsKms, [{ type: "aws:eks/nodeGroup:NodeGroup" }]).notApplicable).to.equal(1);
    });
});
