import { Findings } from "../../../lib/findings";
import { isAwsManagedKeyAlias } from "../../../lib/kms";
import { CheckResult, ResourceRule } from "../../../lib/rule";
import { asArray, isSet, isUnknown, known, knownBool } from "../../../lib/values";

/** DynamoDB tables (and their global-table replicas) encrypt with a customer-managed KMS key. */
export const dynamodbCmk: ResourceRule = {
    kind: "resource",
    name: "dynamodb-cmk",
    description: "DynamoDB tables encrypt at rest with a customer-managed KMS key (serverSideEncryption.enabled with kmsKeyArn), including every replica.",
    severity: "medium",
    remediation: "Set serverSideEncryption: { enabled: true, kmsKeyArn: <customer-managed key ARN> } on the aws.dynamodb.Table "
        + "(without it the table uses an AWS-owned key you cannot audit or revoke), and kmsKeyArn on each replica (a key in the replica's region).",
    enforcementLevel: "advisory",
    types: ["aws:dynamodb/table:Table"],
    check: ({ props }) => {
        const findings = new Findings();
        findings.check((): CheckResult => {
            const sse = known(props.serverSideEncryption, "serverSideEncryption");
            if (!sse) return "DynamoDB table has no serverSideEncryption block: set { enabled: true, kmsKeyArn: <customer-managed key ARN> }.";
            if (knownBool(sse.enabled, "serverSideEncryption.enabled") !== true) {
                return `DynamoDB table serverSideEncryption.enabled is ${sse.enabled ?? "unset"} (AWS-owned key); set it to true with a kmsKeyArn.`;
            }
            if (!isSet(sse.kmsKeyArn)) {
                return "DynamoDB table serverSideEncryption sets no kmsKeyArn, so the AWS-managed aws/dynamodb key is used; set a customer-managed key.";
            }
            if (!isUnknown(sse.kmsKeyArn) && isAwsManagedKeyAlias(sse.kmsKeyArn)) {
                return `DynamoDB table serverSideEncryption.kmsKeyArn '${sse.kmsKeyArn}' is an AWS-managed key; set a customer-managed key.`;
            }
        });
        findings.check((): CheckResult => {
            const replicas = asArray<any>(known(props.replicas, "replicas"));
            return replicas.flatMap((r, i) => {
                const rep = known(r, `replicas.${i}`) ?? {};
                return isSet(rep.kmsKeyArn) ? []
                    : [`DynamoDB table replica in ${isUnknown(rep.regionName) ? `replicas[${i}]` : `'${rep.regionName}'`} sets no kmsKeyArn; set a customer-managed key of that region.`];
            });
        });
        return findings.result();
    },
};
