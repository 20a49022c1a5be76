import { Findings } from "../../../lib/findings";
import { isAwsManagedKeyAlias } from "../../../lib/kms";
import { linksTo } from "../../../lib/links";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { BUCKET_TYPES, bucketIds } from "../../../lib/s3";
import { asArray, isSet, isUnknown, known } from "../../../lib/values";

const SSE_CONFIG_TYPES = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

interface S3SseKmsConfig {
    requireCustomerManagedKey: boolean;
}

interface SseDefault {
    sseAlgorithm: unknown;
    kmsMasterKeyId: unknown;
    path: string;
}

/** Default-encryption settings of a bucket: inline (deprecated inputs) and from linked configuration resources. */
function inlineDefaults(bucket: StackSubject): SseDefault[] {
    const out: SseDefault[] = [];
    const v1 = bucket.props.serverSideEncryptionConfiguration;
    if (v1 !== undefined && v1 !== null) {
        const d = known(known(v1, `${bucket.name}.serverSideEncryptionConfiguration`).rule,
            `${bucket.name}.serverSideEncryptionConfiguration.rule`)?.applyServerSideEncryptionByDefault;
        const k = known(d, `${bucket.name}.serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault`);
        if (k) out.push({ ...k, path: `${bucket.name}.serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault` });
    }
    const v2 = known(bucket.props.serverSideEncryptionConfigurations, `${bucket.name}.serverSideEncryptionConfigurations`);
    asArray<any>(v2).forEach((c, i) => {
        const rules = known(known(c, `${bucket.name}.serverSideEncryptionConfigurations.${i}`)?.rules, `${bucket.name}.serverSideEncryptionConfigurations.${i}.rules`);
        asArray<any>(rules).forEach((r, j) => {
            const p = `${bucket.name}.serverSideEncryptionConfigurations.${i}.rules.${j}.applyServerSideEncryptionByDefaults`;
            asArray<any>(known(known(r, p)?.applyServerSideEncryptionByDefaults, p)).forEach((d, k) => {
                if (known(d, `${p}.${k}`)) out.push({ ...d, path: `${p}.${k}` });
            });
        });
    });
    return out;
}

function resourceDefaults(setting: StackSubject): SseDefault[] {
    const rules = known(setting.props.rules, `${setting.name}.rules`);
    const out: SseDefault[] = [];
    asArray<any>(rules).forEach((r, i) => {
        const p = `${setting.name}.rules.${i}.applyServerSideEncryptionByDefault`;
        const d = known(known(r, `${setting.name}.rules.${i}`)?.applyServerSideEncryptionByDefault, p);
        if (d) out.push({ ...d, path: p });
    });
    return out;
}

/** Buckets encrypt by default with SSE-KMS (a customer-managed key unless configured otherwise). */
export const s3SseKms: StackRule<S3SseKmsConfig> = {
    kind: "stack",
    name: "s3-sse-kms",
    description: "Every S3 bucket has a default server-side encryption configuration using SSE-KMS with a customer-managed KMS key.",
    severity: "high",
    remediation: "Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket (bucket: bucket.bucket) with a rule whose "
        + "applyServerSideEncryptionByDefault is { sseAlgorithm: \"aws:kms\", kmsMasterKeyId: <customer-managed key ARN> } "
        + "(bucketKeyEnabled: true keeps KMS costs down). Set requireCustomerManagedKey: false in the policy config to accept the aws/s3 key.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            requireCustomerManagedKey: {
                type: "boolean", default: true,
                description: "Require kmsMasterKeyId to name a customer-managed key (not unset, not alias/aws/s3).",
            },
        },
    },
    types: BUCKET_TYPES,
    check: (resources, config) => {
        const result = new Findings<StackFinding>();
        const requireCmk = config.requireCustomerManagedKey !== false;
        for (const bucket of resources.filter((r) => BUCKET_TYPES.includes(r.type))) {
            result.check(() => {
                const links = linksTo(resources, SSE_CONFIG_TYPES, "bucket", bucket, bucketIds(bucket));
                const defaults = [...inlineDefaults(bucket), ...links.linked.flatMap(resourceDefaults)];
                if (defaults.length === 0) {
                    if (links.maybe.length > 0) result.defer(`${links.maybe[0].name}.bucket`);
                    else result.report(bucket.urn, `S3 bucket '${bucket.name}' has no default encryption configuration: add a `
                        + "BucketServerSideEncryptionConfiguration with sseAlgorithm 'aws:kms' and a customer-managed kmsMasterKeyId.");
                    return;
                }
                for (const d of defaults) {
                    result.check(() => {
                        const alg = known(d.sseAlgorithm, `${d.path}.sseAlgorithm`);
                        if (!KMS_ALGORITHMS.includes(String(alg))) {
                            result.report(bucket.urn, `S3 bucket '${bucket.name}' default encryption uses sseAlgorithm '${alg ?? "(unset)"}' `
                                + "(at " + d.path + "); SSE-KMS ('aws:kms') is required.");
                            return;
                        }
                        if (!requireCmk) return;
                        if (!isSet(d.kmsMasterKeyId)) {
                            result.report(bucket.urn, `S3 bucket '${bucket.name}' default encryption sets no kmsMasterKeyId (at ${d.path}), `
                                + "so the AWS-managed aws/s3 key is used; a customer-managed key is required.");
                        } else if (!isUnknown(d.kmsMasterKeyId) && isAwsManagedKeyAlias(d.kmsMasterKeyId)) {
                            result.report(bucket.urn, `S3 bucket '${bucket.name}' default encryption uses the AWS-managed key `
                                + `'${d.kmsMasterKeyId}' (at ${d.path}); a customer-managed key is required.`);
                        }
                    });
                }
            });
        }
        return result.result();
    },
};
