import { Findings } from "../../../lib/findings";
import { ResourceRule } from "../../../lib/rule";
import { asArray, isSet, isUnknown } from "../../../lib/values";

/** CodeBuild encrypts its output with a customer-managed key, and never turns artifact or S3 log encryption off. */
export const codebuildEncryption: ResourceRule = {
    kind: "resource",
    name: "codebuild-encryption",
    description: "CodeBuild projects use a KMS key (encryptionKey) and keep artifact and S3 log encryption enabled.",
    severity: "high",
    remediation: "Set encryptionKey to a customer-managed KMS key ARN on the aws.codebuild.Project, and remove encryptionDisabled: true "
        + "from artifacts, secondaryArtifacts and logsConfig.s3Logs.",
    enforcementLevel: "mandatory",
    types: ["aws:codebuild/project:Project"],
    check: ({ props }) => {
        const findings = new Findings();
        if (!isSet(props.encryptionKey)) findings.add("CodeBuild project has no encryptionKey: set a customer-managed KMS key ARN.");
        const flags: [string, any][] = [["artifacts", props.artifacts]];
        if (isUnknown(props.secondaryArtifacts)) findings.defer("secondaryArtifacts");
        else asArray(props.secondaryArtifacts as any[]).forEach((a, i) => flags.push([`secondaryArtifacts[${i}]`, a]));
        const logs = props.logsConfig;
        if (isUnknown(logs)) findings.defer("logsConfig");
        else flags.push(["logsConfig.s3Logs", logs?.s3Logs]);
        for (const [path, block] of flags) {
            const disabled = isUnknown(block) ? block : block?.encryptionDisabled;
            if (isUnknown(disabled)) { findings.defer(`${path}.encryptionDisabled`); continue; }
            if (disabled === true || disabled === "true") findings.add(`${path}.encryptionDisabled is true: keep encryption enabled.`);
        }
        return findings.result();
    },
};
