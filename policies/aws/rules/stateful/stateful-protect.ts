import { LB_TYPES } from "../../../lib/network";
import { ResourceRule } from "../../../lib/rule";
import { inProtectedStack, PROTECTED_STACKS_PROPERTY } from "../../../lib/stacks";
import { knownBool } from "../../../lib/values";

interface StatefulProtectConfig {
    protectedStacks: string[];
}

/** Resource types whose deletion destroys data: they carry `protect` in protected stacks. */
const STATEFUL_TYPES: Record<string, string> = {
    "aws:rds/instance:Instance": "RDS instance",
    "aws:rds/cluster:Cluster": "RDS cluster",
    "aws:dynamodb/table:Table": "DynamoDB table",
    "aws:s3/bucket:Bucket": "S3 bucket",
    "aws:s3/bucketV2:BucketV2": "S3 bucket",
    "aws:kms/key:Key": "KMS key",
    "aws:elasticache/replicationGroup:ReplicationGroup": "ElastiCache replication group",
    "aws:opensearch/domain:Domain": "OpenSearch domain",
    "aws:sqs/queue:Queue": "SQS queue",
    "aws:efs/fileSystem:FileSystem": "EFS file system",
    "aws:cognito/userPool:UserPool": "Cognito user pool",
};

/** In protected stacks, stateful resources cannot be deleted by a program change, and load balancers have deletion protection. */
export const statefulProtect: ResourceRule<StatefulProtectConfig> = {
    kind: "resource",
    name: "stateful-protect",
    description: "In protected stacks, stateful resources (databases, tables, buckets, KMS keys, caches, search domains, queues, file systems, user pools) have the `protect` resource option and load balancers have deletion protection enabled.",
    severity: "medium",
    remediation: "Pass { protect: true } in the resource options of stateful resources in protected stacks (default: prod; the "
        + "platform's protectStateful config does this for its components), and set enableDeletionProtection: true on "
        + "aws.lb.LoadBalancer / aws.alb.LoadBalancer. To delete one deliberately, remove protect in a reviewed change first.",
    enforcementLevel: "advisory",
    configSchema: { properties: { protectedStacks: PROTECTED_STACKS_PROPERTY } },
    // Load balancers: their DNS names are referenced from outside the stack.
    types: [...Object.keys(STATEFUL_TYPES), ...LB_TYPES],
    check: ({ type, urn, props, opts }, config) => {
        if (!inProtectedStack(urn, config.protectedStacks)) return;
        if (LB_TYPES.includes(type)) {
            if (knownBool(props.enableDeletionProtection, "enableDeletionProtection") !== true) {
                return `Load balancer in a protected stack must set enableDeletionProtection: true (it is ${props.enableDeletionProtection ?? "unset"}).`;
            }
            return;
        }
        // The analyzer passes `protect`; `retainOnDelete` is not part of its resource options (accepted if it ever is).
        if (opts?.protect === true || (opts as { retainOnDelete?: boolean } | undefined)?.retainOnDelete === true) return;
        return `${STATEFUL_TYPES[type]} in a protected stack must have the protect resource option ({ protect: true }).`;
    },
};
