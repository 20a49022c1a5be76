import { Findings } from "../../../lib/findings";
import { CheckResult, ResourceRule } from "../../../lib/rule";
import { asArray, isSet, known, knownBool } from "../../../lib/values";

/** Log types that must be published to CloudWatch Logs. */
const REQUIRED_LOG_TYPES = ["AUDIT_LOGS", "ES_APPLICATION_LOGS"];

/** OpenSearch domains live in a VPC, use fine-grained access control without anonymous access, and publish audit and error logs. */
export const opensearchPrivateLogs: ResourceRule = {
    kind: "resource",
    name: "opensearch-private-logs",
    description: "OpenSearch domains are deployed in a VPC, have fine-grained access control enabled with anonymous access off, and publish audit and application (error) logs.",
    severity: "high",
    remediation: "On the aws.opensearch.Domain set vpcOptions: { subnetIds, securityGroupIds } (private subnets), "
        + "advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: true, masterUserOptions: ... } without "
        + "anonymousAuthEnabled, and logPublishingOptions entries for AUDIT_LOGS and ES_APPLICATION_LOGS pointing at a "
        + "KMS-encrypted CloudWatch log group (with a log resource policy for es.amazonaws.com); enable audit logging in the "
        + "domain's security plugin.",
    enforcementLevel: "mandatory",
    types: ["aws:opensearch/domain:Domain"],
    check: ({ props }) => {
        const findings = new Findings();
        findings.check((): CheckResult => {
            const vpc = known(props.vpcOptions, "vpcOptions");
            if (!isSet(known(vpc, "vpcOptions")?.subnetIds)) {
                return "OpenSearch domain has a public endpoint: set vpcOptions.subnetIds (private subnets) and securityGroupIds.";
            }
        });
        findings.check((): CheckResult => {
            const aso = known(props.advancedSecurityOptions, "advancedSecurityOptions");
            const out: string[] = [];
            if (knownBool(aso?.enabled, "advancedSecurityOptions.enabled") !== true) {
                out.push(`OpenSearch domain must enable fine-grained access control: advancedSecurityOptions.enabled is ${aso?.enabled ?? "unset"}.`);
            }
            if (aso && knownBool(aso.anonymousAuthEnabled, "advancedSecurityOptions.anonymousAuthEnabled") === true) {
                out.push("OpenSearch domain allows anonymous access: set advancedSecurityOptions.anonymousAuthEnabled to false.");
            }
            return out;
        });
        findings.check((): CheckResult => {
            const options = asArray<any>(known(props.logPublishingOptions, "logPublishingOptions"));
            const published = new Set<string>();
            options.forEach((o, i) => {
                const opt = known(o, `logPublishingOptions.${i}`) ?? {};
                const type = known(opt.logType, `logPublishingOptions.${i}.logType`);
                if (knownBool(opt.enabled, `logPublishingOptions.${i}.enabled`) === false) return;
                if (!isSet(opt.cloudwatchLogGroupArn)) return;
                published.add(String(type));
            });
            const missing = REQUIRED_LOG_TYPES.filter((t) => !published.has(t));
            if (missing.length > 0) {
                return `OpenSearch domain does not publish ${missing.join(", ")}: add enabled logPublishingOptions with a cloudwatchLogGroupArn for each.`;
            }
        });
        return findings.result();
    },
};
