import { Findings } from "../../../lib/findings";
import { physicalName, refersTo } from "../../../lib/links";
import { StackFinding, StackRule } from "../../../lib/rule";
import { isSet, isUnknown, known } from "../../../lib/values";

const SECURITY_CONFIGURATION_TYPE = "aws:glue/securityConfiguration:SecurityConfiguration";
const JOB_TYPE = "aws:glue/job:Job";
const CRAWLER_TYPE = "aws:glue/crawler:Crawler";
const CATALOG_ENCRYPTION_TYPE = "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings";

interface GlueEncryptionConfig {
    externalSecurityConfigurations: string[];
}

/** The parts of a security configuration: block name, mode property, required mode. */
const PARTS = [
    { block: "s3Encryption", mode: "s3EncryptionMode", want: "SSE-KMS", what: "S3 data" },
    { block: "cloudwatchEncryption", mode: "cloudwatchEncryptionMode", want: "SSE-KMS", what: "CloudWatch logs" },
    { block: "jobBookmarksEncryption", mode: "jobBookmarksEncryptionMode", want: "CSE-KMS", what: "job bookmarks" },
] as const;

const CATALOG_MODES = ["SSE-KMS", "SSE-KMS-WITH-SERVICE-ROLE"];

/** Glue encrypts everything it writes with KMS, and every job and crawler runs under such a security configuration. */
export const glueEncryption: StackRule<GlueEncryptionConfig> = {
    kind: "stack",
    name: "glue-encryption",
    description: "Glue security configurations encrypt S3 data (SSE-KMS), CloudWatch logs (SSE-KMS) and job bookmarks (CSE-KMS) with KMS keys, every job and crawler uses one of them, and the Data Catalog (when configured) is encrypted with KMS.",
    severity: "high",
    remediation: "Create an aws.glue.SecurityConfiguration with encryptionConfiguration { s3Encryption: { s3EncryptionMode: \"SSE-KMS\", kmsKeyArn }, "
        + "cloudwatchEncryption: { cloudwatchEncryptionMode: \"SSE-KMS\", kmsKeyArn }, jobBookmarksEncryption: { jobBookmarksEncryptionMode: "
        + "\"CSE-KMS\", kmsKeyArn } } and set securityConfiguration: <its name> on every aws.glue.Job and aws.glue.Crawler "
        + "(list security configurations managed outside this stack in externalSecurityConfigurations). Set the "
        + "DataCatalogEncryptionSettings encryptionAtRest.catalogEncryptionMode to SSE-KMS with sseAwsKmsKeyId and "
        + "connectionPasswordEncryption { returnConnectionPasswordEncrypted: true, awsKmsKeyId }.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            externalSecurityConfigurations: {
                type: "array", items: { type: "string" }, default: [],
                description: "Names of compliant Glue security configurations managed outside this stack that jobs and crawlers may use.",
            },
        },
    },
    types: [SECURITY_CONFIGURATION_TYPE, JOB_TYPE, CRAWLER_TYPE, CATALOG_ENCRYPTION_TYPE],
    check: (resources, config) => {
        const result = new Findings<StackFinding>();
        const external = Array.isArray(config.externalSecurityConfigurations) ? config.externalSecurityConfigurations.map(String) : [];
        const securityConfigs = resources.filter((r) => r.type === SECURITY_CONFIGURATION_TYPE);

        for (const sc of securityConfigs) {
            for (const part of PARTS) {
                result.check(() => {
                    const enc = known(sc.props.encryptionConfiguration, `${sc.name}.encryptionConfiguration`) ?? {};
                    const block = known(enc[part.block], `${sc.name}.encryptionConfiguration.${part.block}`) ?? {};
                    const mode = known(block[part.mode], `${sc.name}.encryptionConfiguration.${part.block}.${part.mode}`);
                    if (mode !== part.want) {
                        result.report(sc.urn, `Glue security configuration '${sc.name}' encrypts ${part.what} with ${part.mode} `
                            + `'${mode ?? "DISABLED"}'; '${part.want}' is required.`);
                    } else if (!isSet(block.kmsKeyArn)) {
                        result.report(sc.urn, `Glue security configuration '${sc.name}' sets no ${part.block}.kmsKeyArn; a KMS key is required.`);
                    }
                });
            }
        }

        for (const user of resources.filter((r) => r.type === JOB_TYPE || r.type === CRAWLER_TYPE)) {
            const kind = user.type === JOB_TYPE ? "Glue job" : "Glue crawler";
            result.check(() => {
                const value = user.props.securityConfiguration;
                const deps = user.propertyDependencies.securityConfiguration ?? [];
                if (deps.some((d) => d.type === SECURITY_CONFIGURATION_TYPE)) return;
                if (!isSet(value)) {
                    result.report(user.urn, `${kind} '${user.name}' sets no securityConfiguration: name a Glue security configuration with KMS encryption.`);
                    return;
                }
                if (isUnknown(value)) {
                    result.defer(`${user.name}.securityConfiguration`);
                    return;
                }
                if (securityConfigs.some((sc) => refersTo(user, "securityConfiguration", sc, [physicalName(sc)]) === "linked")) return;
                if (external.includes(String(value))) return;
                result.report(user.urn, `${kind} '${user.name}' uses security configuration '${value}', which is not defined in this stack `
                    + "(add it to externalSecurityConfigurations if it is managed elsewhere and compliant).");
            });
        }

        for (const cat of resources.filter((r) => r.type === CATALOG_ENCRYPTION_TYPE)) {
            const settings = () => known(cat.props.dataCatalogEncryptionSettings, `${cat.name}.dataCatalogEncryptionSettings`) ?? {};
            result.check(() => {
                const rest = known(settings().encryptionAtRest, `${cat.name}.dataCatalogEncryptionSettings.encryptionAtRest`) ?? {};
                const mode = known(rest.catalogEncryptionMode, `${cat.name}.dataCatalogEncryptionSettings.encryptionAtRest.catalogEncryptionMode`);
                if (!CATALOG_MODES.includes(String(mode))) {
                    result.report(cat.urn, `Glue Data Catalog encryption '${cat.name}' has catalogEncryptionMode '${mode ?? "unset"}'; SSE-KMS is required.`);
                } else if (!isSet(rest.sseAwsKmsKeyId)) {
                    result.report(cat.urn, `Glue Data Catalog encryption '${cat.name}' sets no encryptionAtRest.sseAwsKmsKeyId; a customer-managed key is required.`);
                }
            });
            result.check(() => {
                const pw = known(settings().connectionPasswordEncryption, `${cat.name}.dataCatalogEncryptionSettings.connectionPasswordEncryption`) ?? {};
                const on = known(pw.returnConnectionPasswordEncrypted, `${cat.name}.dataCatalogEncryptionSettings.connectionPasswordEncryption.returnConnectionPasswordEncrypted`);
                if (on !== true || !isSet(pw.awsKmsKeyId)) {
                    result.report(cat.urn, `Glue Data Catalog encryption '${cat.name}' does not encrypt connection passwords: set `
                        + "connectionPasswordEncryption { returnConnectionPasswordEncrypted: true, awsKmsKeyId }.");
                }
            });
        }
        return result.result();
    },
};
