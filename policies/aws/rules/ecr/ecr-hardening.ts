import { Findings } from "../../../lib/findings";
import { ResourceRule } from "../../../lib/rule";
import { asArray, isSet, isUnknown } from "../../../lib/values";

const IMMUTABLE = ["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"];
const KMS_TYPES = ["KMS", "KMS_DSSE"];

interface EcrHardeningConfig {
    requireScanOnPush: boolean;
}

/** Container repositories use a customer-managed key, immutable tags and scan on push. */
export const ecrHardening: ResourceRule<EcrHardeningConfig> = {
    kind: "resource",
    name: "ecr-hardening",
    description: "ECR repositories are encrypted with a customer-managed KMS key, have immutable image tags and scan images on push.",
    severity: "medium",
    remediation: "On aws.ecr.Repository set encryptionConfigurations: [{ encryptionType: 'KMS', kmsKey: <key ARN> }], "
        + "imageTagMutability: 'IMMUTABLE' (or 'IMMUTABLE_WITH_EXCLUSION' with exclusion filters) and "
        + "imageScanningConfiguration: { scanOnPush: true } (or set requireScanOnPush false when registry-level enhanced scanning is configured).",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            requireScanOnPush: {
                type: "boolean",
                default: true,
                description: "Require imageScanningConfiguration.scanOnPush; disable when aws.ecr.RegistryScanningConfiguration scans every repository.",
            },
        },
    },
    types: ["aws:ecr/repository:Repository"],
    check: ({ props }, config) => {
        const findings = new Findings();
        const encs = props.encryptionConfigurations;
        if (isUnknown(encs)) findings.defer("encryptionConfigurations");
        else {
            const enc = asArray(encs as any[])[0];
            const encType = isUnknown(enc) ? enc : enc?.encryptionType ?? "AES256";
            if (isUnknown(encType)) findings.defer("encryptionConfigurations[0].encryptionType");
            else if (!KMS_TYPES.includes(encType) || !isSet(enc?.kmsKey)) {
                findings.add(`ECR repository encryption is ${encType}${KMS_TYPES.includes(encType) ? " with the AWS managed key" : ""}: `
                    + "use encryptionType KMS with a customer-managed kmsKey.");
            }
        }
        const mutability = props.imageTagMutability ?? "MUTABLE";
        if (isUnknown(mutability)) findings.defer("imageTagMutability");
        else if (!IMMUTABLE.includes(mutability)) findings.add(`ECR repository imageTagMutability is '${mutability}'; use IMMUTABLE.`);
        if (config.requireScanOnPush) {
            const scan = props.imageScanningConfiguration;
            const onPush = isUnknown(scan) ? scan : scan?.scanOnPush;
            if (isUnknown(onPush)) findings.defer("imageScanningConfiguration.scanOnPush");
            else if (onPush !== true) findings.add("ECR repository does not scan on push: set imageScanningConfiguration.scanOnPush true.");
        }
        return findings.result();
    },
};
