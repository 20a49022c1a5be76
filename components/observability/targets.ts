/**
 * What the platform alarms on, from the layers' components: every stateful and entry-point resource, as AlarmTargets
 * (kind, label, metric dimensions). The observability layer builds its alarms and dashboard from this one list.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ComputeLayer } from "../compute/layer";
import type { DataLayer } from "../data/layer";
import type { Storefront } from "../edge/storefront";
import type { IntegrationLayer } from "../integration/layer";
import { AlarmTarget } from "./alarm-definitions";

/** The layers' components the platform alarms on. */
export interface AlarmSources {
    /** RDS databases, DynamoDB tables, the Redis cache's nodes, the OpenSearch domain. */
    data?: DataLayer;
    /** Queues and their DLQs, the fulfilment state machine, the functions, the partner API's stage. */
    integration?: IntegrationLayer;
    /** The EKS cluster's nodes and the shop's load balancers (IngressGroups). */
    compute?: ComputeLayer;
    /** The shop's CloudFront distribution. */
    storefront?: Storefront;
    /** Size of each OpenSearch node's volume (searchSize.volumeSizeGiB): its free-storage alarm fires at 25% of it. */
    searchVolumeSizeGiB?: number;
}

/** The AlarmTargets of the sources; `accountId` is OpenSearch's `ClientId` dimension. */
export function alarmTargets(s: AlarmSources, accountId: pulumi.Input<string>): AlarmTarget[] {
    const targets: AlarmTarget[] = [];
    if (s.data) {
        for (const [label, db] of Object.entries(s.data.databases)) {
            targets.push({ kind: "rds", label, dimensions: { DBInstanceIdentifier: db.identifier } });
        }
        for (const [label, t] of Object.entries(s.data.tables)) targets.push({ kind: "dynamodb", label, dimensions: { TableName: t.name } });
        const rg = s.data.cache.memberClusterIds;
        for (const id of rg) targets.push({ kind: "redis-node", label: `sessions-${id.slice(-3)}`, dimensions: { CacheClusterId: id } });
        targets.push({
            kind: "opensearch", label: "products", dimensions: { DomainName: s.data.search.domain.domainName, ClientId: accountId },
            ...(s.searchVolumeSizeGiB ? { thresholds: { "opensearch-free-storage": Math.floor(s.searchVolumeSizeGiB * 1024 * 0.25) } } : {}),
        });
    }
    if (s.integration) {
        const i = s.integration;
        const queues = { "order-events": i.orderEvents, "order-notifications": i.orderNotifications, "order-analytics": i.orderAnalytics };
        for (const [label, q] of Object.entries(queues)) {
            targets.push({ kind: "sqs-queue", label, dimensions: { QueueName: q.name } });
            targets.push({ kind: "sqs-dlq", label: `${label}-dlq`, dimensions: { QueueName: q.deadLetterQueue.name } });
        }
        targets.push({ kind: "state-machine", label: "fulfilment", dimensions: { StateMachineArn: i.workflow.stateMachineArn } });
        for (const [label, fn] of Object.entries(i.functions)) targets.push({ kind: "lambda", label, dimensions: { FunctionName: fn.name } });
        targets.push({ kind: "rest-api", label: "partner-api", dimensions: { ApiName: i.partnerApi.restApi.name, Stage: i.partnerApi.stage.stageName } });
    }
    if (s.compute) {
        targets.push({ kind: "eks", label: "cluster", dimensions: { ClusterName: s.compute.cluster.clusterName } });
        for (const group of s.compute.ingressGroupNames) {
            targets.push({ kind: "alb", label: group.endsWith("-internal") ? "shop-internal" : "shop", dimensions: {}, tagValue: group });
        }
    }
    if (s.storefront) {
        targets.push({ kind: "cloudfront", label: "storefront", dimensions: { DistributionId: s.storefront.distribution.id, Region: "Global" } });
    }
    return targets;
}
