import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { codebuildEncryption } from "./codebuild-encryption";

const CB = "aws:codebuild/project:Project";
const base = { serviceRole: "arn:aws:iam::111122223333:role/cb", source: { type: "CODEPIPELINE" }, environment: { computeType: "BUILD_GENERAL1_SMALL", image: "x", type: "LINUX_CONTAINER" } };

describe("aws rule codebuild-encryption", () => {
    it("passes a project with a KMS key (computed) and encryption left on", () => {
        const run = runRule(codebuildEncryption, [{ type: CB, inputs: { ...base, encryptionKey: UNKNOWN, artifacts: { type: "S3", location: "b" },
            logsConfig: { s3Logs: { status: "ENABLED", location: "b/logs" } } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports a project without encryptionKey, as mandatory", () => {
        const run = runRule(codebuildEncryption, [{ type: CB, name: "build", inputs: { ...base, artifacts: { type: "NO_ARTIFACTS" } } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "codebuild-encryption", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${CB}::build` });
        expect(run.messages[0]).to.match(/encryptionKey/);
    });
    it("reports disabled artifact, secondary artifact and S3 log encryption", () => {
        const run = runRule(codebuildEncryption, [{ type: CB, inputs: { ...base, encryptionKey: "arn:aws:kms:eu-west-1:111122223333:key/k",
            artifacts: { type: "S3", encryptionDisabled: true },
            secondaryArtifacts: [{ artifactIdentifier: "a", type: "S3", encryptionDisabled: false }, { artifactIdentifier: "b", type: "S3", encryptionDisabled: true }],
            logsConfig: { s3Logs: { status: "ENABLED", encryptionDisabled: true } } } }]);
        expect(run.messages).to.deep.equal([
            "artifacts.encryptionDisabled is true: keep encryption enabled.",
            "secondaryArtifacts[1].encryptionDisabled is true: keep encryption enabled.",
            "logsConfig.s3Logs.encryptionDisabled is true: keep encryption enabled.",
        ]);
    });
    it("defers an unknown encryptionDisabled flag to the update", () => {
        const run = runRule(codebuildEncryption, [{ type: CB, inputs: { ...base, encryptionKey: "k", artifacts: { type: "S3", encryptionDisabled: UNKNOWN } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/artifacts\.encryptionDisabled/);
    });
});
