import { Findings } from "../../../lib/findings";
import { isAwsManagedKeyAlias } from "../../../lib/kms";
import { CheckResult, ResourceRule } from "../../../lib/rule";
import { isSet, isUnknown, known, knownBool } from "../../../lib/values";

interface ElasticacheEncryptionAuthConfig {
    allowNetworkIsolationOnly: boolean;
}

/** ElastiCache replication groups encrypt at rest (CMK) and in transit, and require authentication. */
export const elasticacheEncryptionAuth: ResourceRule<ElasticacheEncryptionAuthConfig> = {
    kind: "resource",
    name: "elasticache-encryption-auth",
    description: "ElastiCache replication groups encrypt at rest with a customer-managed KMS key, require TLS in transit, and require authentication (AUTH token or RBAC user groups) unless network isolation only is allowed by config.",
    severity: "high",
    remediation: "On the aws.elasticache.ReplicationGroup set atRestEncryptionEnabled: true, kmsKeyId: <customer-managed key ARN>, "
        + "transitEncryptionEnabled: true (transitEncryptionMode 'required' or unset), and authToken (from Secrets Manager) or "
        + "userGroupIds (RBAC). Clients that cannot send AUTH (the retail checkout image has no AUTH setting) rely on network "
        + "isolation instead: restrict the security group to the client's pods/nodes and either waive this policy for that "
        + "replication group (policies/waivers.yaml, with the reason) or set allowNetworkIsolationOnly: true in this policy's config.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowNetworkIsolationOnly: {
                type: "boolean", default: false,
                description: "Accept replication groups without AUTH token or user groups (security groups are the only access control).",
            },
        },
    },
    types: ["aws:elasticache/replicationGroup:ReplicationGroup"],
    check: ({ props }, config) => {
        const findings = new Findings();
        findings.check((): CheckResult => {
            if (knownBool(props.atRestEncryptionEnabled, "atRestEncryptionEnabled") !== true) {
                return `ElastiCache replication group must set atRestEncryptionEnabled: true (it is ${props.atRestEncryptionEnabled ?? "unset"}).`;
            }
        });
        findings.check((): CheckResult => {
            if (!isSet(props.kmsKeyId)) return "ElastiCache replication group must set kmsKeyId to a customer-managed KMS key for encryption at rest.";
            if (!isUnknown(props.kmsKeyId) && isAwsManagedKeyAlias(props.kmsKeyId)) {
                return `ElastiCache replication group kmsKeyId '${props.kmsKeyId}' is an AWS-managed key; use a customer-managed key.`;
            }
        });
        findings.check((): CheckResult => {
            if (knownBool(props.transitEncryptionEnabled, "transitEncryptionEnabled") !== true) {
                return `ElastiCache replication group must set transitEncryptionEnabled: true (it is ${props.transitEncryptionEnabled ?? "unset"}).`;
            }
            const mode = known(props.transitEncryptionMode, "transitEncryptionMode");
            if (mode === "preferred") {
                return "ElastiCache replication group transitEncryptionMode is 'preferred', which still accepts plaintext connections; set 'required'.";
            }
        });
        if (config.allowNetworkIsolationOnly !== true) {
            findings.check((): CheckResult => {
                if (isSet(props.authToken) || isSet(props.authTokenWo) || isSet(props.userGroupIds)) return;
                return "ElastiCache replication group requires no authentication: set authToken (or authTokenWo) or userGroupIds, "
                    + "or, for clients that cannot send AUTH, waive this policy for the group or set allowNetworkIsolationOnly.";
            });
        }
        return findings.result();
    },
};
