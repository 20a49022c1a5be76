import { Findings } from "../../../lib/findings";
import { isAwsManagedKeyAlias } from "../../../lib/kms";
import { CheckResult, ResourceRule } from "../../../lib/rule";
import { isSet, isUnknown, known, knownBool } from "../../../lib/values";

/** TLS security policies that require TLS 1.2 or later. */
const TLS12_PLUS = /^Policy-Min-TLS-1-([2-9]|\d{2,})-/;

/** OpenSearch domains encrypt at rest (CMK), between nodes, and accept only HTTPS with TLS 1.2+. */
export const opensearchEncryptionTls: ResourceRule = {
    kind: "resource",
    name: "opensearch-encryption-tls",
    description: "OpenSearch domains encrypt at rest with a customer-managed KMS key, encrypt node-to-node traffic, enforce HTTPS and use a TLS 1.2+ security policy.",
    severity: "high",
    remediation: "On the aws.opensearch.Domain set encryptAtRest: { enabled: true, kmsKeyId: <customer-managed key ARN> }, "
        + "nodeToNodeEncryption: { enabled: true }, and domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "
        + "\"Policy-Min-TLS-1-2-PFS-2023-10\" }. Encryption at rest and node-to-node encryption need a blue/green update on existing domains.",
    enforcementLevel: "mandatory",
    types: ["aws:opensearch/domain:Domain"],
    check: ({ props }) => {
        const findings = new Findings();
        findings.check((): CheckResult => {
            const ear = known(props.encryptAtRest, "encryptAtRest");
            if (knownBool(ear?.enabled, "encryptAtRest.enabled") !== true) {
                return `OpenSearch domain must set encryptAtRest.enabled: true (it is ${ear?.enabled ?? "unset"}).`;
            }
            if (!isSet(ear.kmsKeyId)) return "OpenSearch domain encryptAtRest sets no kmsKeyId (AWS-managed aws/es key); set a customer-managed key.";
            if (!isUnknown(ear.kmsKeyId) && isAwsManagedKeyAlias(ear.kmsKeyId)) {
                return `OpenSearch domain encryptAtRest.kmsKeyId '${ear.kmsKeyId}' is an AWS-managed key; set a customer-managed key.`;
            }
        });
        findings.check((): CheckResult => {
            const n2n = known(props.nodeToNodeEncryption, "nodeToNodeEncryption");
            if (knownBool(n2n?.enabled, "nodeToNodeEncryption.enabled") !== true) {
                return `OpenSearch domain must set nodeToNodeEncryption.enabled: true (it is ${n2n?.enabled ?? "unset"}).`;
            }
        });
        const endpoint = () => known(props.domainEndpointOptions, "domainEndpointOptions");
        findings.check((): CheckResult => {
            const opts = endpoint();
            if (knownBool(opts?.enforceHttps, "domainEndpointOptions.enforceHttps") !== true) {
                return `OpenSearch domain must set domainEndpointOptions.enforceHttps: true (it is ${opts?.enforceHttps ?? "unset"}).`;
            }
        });
        findings.check((): CheckResult => {
            const policy = known(endpoint()?.tlsSecurityPolicy, "domainEndpointOptions.tlsSecurityPolicy");
            if (typeof policy !== "string" || !TLS12_PLUS.test(policy)) {
                return `OpenSearch domain domainEndpointOptions.tlsSecurityPolicy is ${policy === undefined || policy === null ? "unset" : `'${policy}'`}; `
                    + "use a TLS 1.2+ policy such as 'Policy-Min-TLS-1-2-PFS-2023-10'.";
            }
        });
        return findings.result();
    },
};
