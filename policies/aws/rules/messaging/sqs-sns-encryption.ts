import { isAwsManagedKeyAlias } from "../../../lib/kms";
import { CheckResult, ResourceRule } from "../../../lib/rule";
import { isSet, isUnknown } from "../../../lib/values";

interface SqsSnsEncryptionConfig {
    allowAwsManagedKeys: boolean;
}

/** SQS queues and SNS topics encrypt messages with a KMS key (customer-managed unless configured otherwise). */
export const sqsSnsEncryption: ResourceRule<SqsSnsEncryptionConfig> = {
    kind: "resource",
    name: "sqs-sns-encryption",
    description: "SQS queues and SNS topics encrypt messages at rest with a customer-managed KMS key (kmsMasterKeyId).",
    severity: "high",
    remediation: "Set kmsMasterKeyId to a customer-managed KMS key ARN on the aws.sqs.Queue / aws.sns.Topic (SQS-managed SSE, "
        + "sqsManagedSseEnabled, is not a customer-managed key), and allow the producing services (e.g. sns.amazonaws.com, "
        + "events.amazonaws.com) kms:GenerateDataKey/kms:Decrypt in the key policy. Set allowAwsManagedKeys: true in the "
        + "policy config to accept alias/aws/sqs and alias/aws/sns.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowAwsManagedKeys: {
                type: "boolean", default: false,
                description: "Accept the AWS-managed keys alias/aws/sqs and alias/aws/sns as kmsMasterKeyId.",
            },
        },
    },
    types: ["aws:sqs/queue:Queue", "aws:sns/topic:Topic"],
    check: ({ type, props }, config): CheckResult => {
        const kind = type === "aws:sqs/queue:Queue" ? "SQS queue" : "SNS topic";
        const key = props.kmsMasterKeyId;
        if (!isSet(key)) {
            if (type === "aws:sqs/queue:Queue" && props.sqsManagedSseEnabled === true) {
                return "SQS queue uses SQS-managed encryption (sqsManagedSseEnabled) only; set kmsMasterKeyId to a customer-managed KMS key.";
            }
            return `${kind} must set kmsMasterKeyId to a customer-managed KMS key (messages are not KMS-encrypted).`;
        }
        if (config.allowAwsManagedKeys !== true && !isUnknown(key) && isAwsManagedKeyAlias(key)) {
            return `${kind} kmsMasterKeyId '${key}' is an AWS-managed key; use a customer-managed key (or set allowAwsManagedKeys).`;
        }
    },
};
