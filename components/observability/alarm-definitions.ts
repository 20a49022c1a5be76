/**
 * The platform's alarms as data: for each kind of resource, the metrics watched, how (statistic, comparison,
 * threshold, period, evaluation periods, missing data) and one line for on-call saying why it matters. The alarms
 * (alarms.ts), the dashboard (dashboard.ts) and the README's thresholds table all read these definitions, so they
 * never disagree.
 *
 * A definition is either a plain metric alarm on the target's dimensions, or, with `query`, a CloudWatch Metrics
 * Insights query: `SELECT <STAT>(<metric>) FROM SCHEMA("<namespace>", <dimensions>) WHERE <target>` that aggregates
 * the series of a schema with more dimensions than the target fixes (DynamoDB's per-operation SystemErrors) or that
 * selects the resource by tag when its dimension is unknown to the program (the shop's ALB, made by the AWS Load
 * Balancer Controller: `WHERE tag.IngressGroup = '<group>'`).
 */
import * as pulumi from "@pulumi/pulumi";

/** The kinds of resource the platform alarms on. */
export const TARGET_KINDS = [
    "rds", "dynamodb", "redis-node", "opensearch", "sqs-dlq", "sqs-queue", "state-machine", "lambda", "rest-api",
    "alb", "cloudfront", "eks",
] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Kinds whose metrics CloudWatch keeps only in us-east-1 (an alarm's SNS action must be in the alarm's region). */
export const GLOBAL_KINDS: readonly TargetKind[] = ["cloudfront"];

/** The dimensions (or, for `alb`, the tag) identifying a target of each kind, in this order. */
export const TARGET_DIMENSIONS: Readonly<Record<TargetKind, readonly string[]>> = {
    "rds": ["DBInstanceIdentifier"],
    "dynamodb": ["TableName"],
    "redis-node": ["CacheClusterId"],
    "opensearch": ["DomainName", "ClientId"],
    "sqs-dlq": ["QueueName"],
    "sqs-queue": ["QueueName"],
    "state-machine": ["StateMachineArn"],
    "lambda": ["FunctionName"],
    "rest-api": ["ApiName", "Stage"],
    "alb": [],
    "cloudfront": ["DistributionId", "Region"],
    "eks": ["ClusterName"],
};

/** The tag the shop's load balancers carry (annotation `alb.ingress.kubernetes.io/tags`): their IngressGroup's name. */
export const ALB_GROUP_TAG = "IngressGroup";

export type Statistic = "Average" | "Sum" | "Maximum" | "Minimum";
export type Comparison = "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";
export type MissingData = "missing" | "notBreaching" | "breaching" | "ignore";

export interface AlarmDefinition {
    /** Unique id, `<kind>-<what>`: the alarm's name ends with it. */
    id: string;
    kind: TargetKind;
    namespace: string;
    metric: string;
    /** The statistic; `p99` and other percentiles as an extended statistic (plain metric alarms only). */
    statistic: Statistic | "p99";
    comparison: Comparison;
    threshold: number;
    /** The threshold's unit, for people (README, dashboard). */
    unit: string;
    periodSeconds: number;
    evaluationPeriods: number;
    /** Breaching data points of `evaluationPeriods` that raise the alarm. Defaults to evaluationPeriods. */
    datapointsToAlarm?: number;
    treatMissingData: MissingData;
    /** One line for on-call: what it means and where to look. */
    why: string;
    /** A Metrics Insights query over a schema of these dimensions (the target's own among them, or a tag for `alb`). */
    query?: { schema: readonly string[] };
}

const M = 60;
/** The definitions, by kind. Thresholds are the defaults; a target may override one (`AlarmTarget.thresholds`). */
export const ALARM_DEFINITIONS: readonly AlarmDefinition[] = [
    // RDS (orders PostgreSQL, catalog MySQL)
    { id: "rds-cpu", kind: "rds", namespace: "AWS/RDS", metric: "CPUUtilization", statistic: "Average", comparison: "GreaterThanThreshold", threshold: 80, unit: "%", periodSeconds: 5 * M, evaluationPeriods: 3, treatMissingData: "missing",
        why: "The database has run above 80% CPU for 15 minutes: slow queries (Performance Insights) or an undersized instance class." },
    { id: "rds-free-storage", kind: "rds", namespace: "AWS/RDS", metric: "FreeStorageSpace", statistic: "Minimum", comparison: "LessThanThreshold", threshold: 2 * 1024 ** 3, unit: "bytes", periodSeconds: 5 * M, evaluationPeriods: 1, treatMissingData: "missing",
        why: "Less than 2 GiB free: storage autoscaling has reached maxStorageGiB or cannot keep up; the database stops accepting writes when full." },
    { id: "rds-connections", kind: "rds", namespace: "AWS/RDS", metric: "DatabaseConnections", statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 300, unit: "connections", periodSeconds: 5 * M, evaluationPeriods: 2, treatMissingData: "missing",
        why: "Over 300 connections (the smallest class, db.t4g.medium, allows about 400): a connection leak or too many replicas without a pooler." },
    // DynamoDB (carts, workflow; on demand)
    { id: "dynamodb-read-throttles", kind: "dynamodb", namespace: "AWS/DynamoDB", metric: "ReadThrottleEvents", statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, unit: "requests", periodSeconds: 5 * M, evaluationPeriods: 2, treatMissingData: "notBreaching",
        why: "Reads throttled for 10 minutes (all operations; ThrottledRequests is per operation): a hot partition key or the on-demand table's burst limit." },
    { id: "dynamodb-write-throttles", kind: "dynamodb", namespace: "AWS/DynamoDB", metric: "WriteThrottleEvents", statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, unit: "requests", periodSeconds: 5 * M, evaluationPeriods: 2, treatMissingData: "notBreaching",
        why: "Writes throttled for 10 minutes: carts or workflow state are not saved; look for a hot partition key." },
    { id: "dynamodb-system-errors", kind: "dynamodb", namespace: "AWS/DynamoDB", metric: "SystemErrors", statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, unit: "requests", periodSeconds: 5 * M, evaluationPeriods: 1, treatMissingData: "notBreaching",
        query: { schema: ["TableName", "Operation"] },
        why: "DynamoDB answered HTTP 500 (summed over every operation): an AWS-side problem; check the AWS Health Dashboard, clients retry." },
    // ElastiCache Redis (checkout sessions), per node
    { id: "redis-memory", kind: "redis-node", namespace: "AWS/ElastiCache", metric: "DatabaseMemoryUsagePercentage", statistic: "Average", comparison: "GreaterThanThreshold", threshold: 80, unit: "%", periodSeconds: 5 * M, evaluationPeriods: 3, treatMissingData: "missing",
        why: "The node's memory is over 80% used for 15 minutes: sessions will soon be evicted; a larger nodeType or shorter session TTLs." },
    { id: "redis-evictions", kind: "redis-node", namespace: "AWS/ElastiCache", metric: "Evictions", statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, unit: "keys", periodSeconds: 5 * M, evaluationPeriods: 1, treatMissingData: "notBreaching",
        why: "Redis evicted keys: shoppers lose checkout sessions; the cache is full (see redis-memory)." },
    // OpenSearch (product search)
    { id: "opensearch-red", kind: "opensearch", namespace: "AWS/ES", metric: "ClusterStatus.red", statistic: "Maximum", comparison: "GreaterThanOrEqualToThreshold", threshold: 1, unit: "status", periodSeconds: M, evaluationPeriods: 1, treatMissingData: "breaching",
        why: "A primary shard is unassigned: some products cannot be found and writes to that index fail; check the domain's health and free storage." },
    { id: "opensearch-yellow", kind: "opensearch", namespace: "AWS/ES", metric: "ClusterStatus.yellow", statistic: "Maximum", comparison: "GreaterThanOrEqualToThreshold", threshold: 1, unit: "status", periodSeconds: M, evaluationPeriods: 5, treatMissingData: "missing",
        why: "Replica shards unassigned for 5 minutes: one more node loss loses data (a one-node dev domain stays yellow when indices have replicas)." },
    { id: "opensearch-free-storage", kind: "opensearch", namespace: "AWS/ES", metric: "FreeStorageSpace", statistic: "Minimum", comparison: "LessThanOrEqualToThreshold", threshold: 5120, unit: "MiB", periodSeconds: 5 * M, evaluationPeriods: 1, treatMissingData: "missing",
        why: "A node has 25% of its volume or less free (the layer sets 25% of volumeSizeGiB): at the 5% floor OpenSearch blocks writes." },
    { id: "opensearch-writes-blocked", kind: "opensearch", namespace: "AWS/ES", metric: "ClusterIndexWritesBlocked", statistic: "Maximum", comparison: "GreaterThanOrEqualToThreshold", threshold: 1, unit: "status", periodSeconds: 5 * M, evaluationPeriods: 1, treatMissingData: "missing",
        why: "The domain refuses writes (disk, memory or JVM pressure): catalog changes do not reach search." },
    // SQS
    { id: "sqs-dlq-messages", kind: "sqs-dlq", namespace: "AWS/SQS", metric: "ApproximateNumberOfMessagesVisible", statistic: "Maximum", comparison: "GreaterThanThreshold", threshold: 0, unit: "messages", periodSeconds: 5 * M, evaluationPeriods: 1, treatMissingData: "notBreaching",
        why: "Messages failed processing and were dead-lettered: read them, fix the consumer, then redrive them to the main queue." },
    { id: "sqs-oldest-message", kind: "sqs-queue", namespace: "AWS/SQS", metric: "ApproximateAgeOfOldestMessage", statistic: "Maximum", comparison: "GreaterThanOrEqualToThreshold", threshold: 900, unit: "seconds", periodSeconds: 5 * M, evaluationPeriods: 2, treatMissingData: "notBreaching",
        why: "A message has waited 15 minutes or more: the consumer is down, failing or too slow for the traffic." },
    // Step Functions (order fulfilment)
    { id: "sfn-executions-failed", kind: "state-machine", namespace: "AWS/States", metric: "ExecutionsFailed", statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, unit: "executions", periodSeconds: 5 * M, evaluationPeriods: 1, treatMissingData: "notBreaching",
        why: "An order's fulfilment failed after its compensations: look at the execution's history; the order needs a person." },
    { id: "sfn-executions-timed-out", kind: "state-machine", namespace: "AWS/States", metric: "ExecutionsTimedOut", statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, unit: "executions", periodSeconds: 5 * M, evaluationPeriods: 1, treatMissingData: "notBreaching",
        why: "An order's fulfilment ran out of time (a partner never called back): the order is stuck; check the partner's webhook." },
    // Lambda, per function
    { id: "lambda-errors", kind: "lambda", namespace: "AWS/Lambda", metric: "Errors", statistic: "Sum", comparison: "GreaterThanOrEqualToThreshold", threshold: 3, unit: "invocations", periodSeconds: 5 * M, evaluationPeriods: 1, treatMissingData: "notBreaching",
        why: "The function failed 3 times or more in 5 minutes: read its log group (/aws/lambda/<name>)." },
    { id: "lambda-throttles", kind: "lambda", namespace: "AWS/Lambda", metric: "Throttles", statistic: "Sum", comparison: "GreaterThanThreshold", threshold: 0, unit: "invocations", periodSeconds: 5 * M, evaluationPeriods: 1, treatMissingData: "notBreaching",
        why: "The function hit its reserved concurrency (functionConcurrency): raise it or find the burst's source." },
    // API Gateway REST (partner webhooks)
    { id: "api-5xx", kind: "rest-api", namespace: "AWS/ApiGateway", metric: "5XXError", statistic: "Average", comparison: "GreaterThanThreshold", threshold: 0.05, unit: "ratio", periodSeconds: 5 * M, evaluationPeriods: 2, treatMissingData: "notBreaching",
        why: "Over 5% of partner webhook calls answered 5xx for 10 minutes: partners retry, then give up; read the stage's execution logs." },
    { id: "api-latency-p99", kind: "rest-api", namespace: "AWS/ApiGateway", metric: "Latency", statistic: "p99", comparison: "GreaterThanThreshold", threshold: 3000, unit: "ms", periodSeconds: 5 * M, evaluationPeriods: 3, treatMissingData: "notBreaching",
        why: "The slowest 1% of webhook calls take over 3 s for 15 minutes: partners may time out; look at the functions' duration." },
    // The shop's ALB (AWS Load Balancer Controller), selected by tag
    { id: "alb-elb-5xx", kind: "alb", namespace: "AWS/ApplicationELB", metric: "HTTPCode_ELB_5XX_Count", statistic: "Sum", comparison: "GreaterThanOrEqualToThreshold", threshold: 10, unit: "requests", periodSeconds: 5 * M, evaluationPeriods: 1, treatMissingData: "notBreaching",
        query: { schema: ["LoadBalancer"] },
        why: "The load balancer itself answered 5xx 10 times or more in 5 minutes (no healthy target, 502/503/504): check the pods and the target groups' health." },
    { id: "alb-target-5xx", kind: "alb", namespace: "AWS/ApplicationELB", metric: "HTTPCode_Target_5XX_Count", statistic: "Sum", comparison: "GreaterThanOrEqualToThreshold", threshold: 25, unit: "requests", periodSeconds: 5 * M, evaluationPeriods: 1, treatMissingData: "notBreaching",
        query: { schema: ["LoadBalancer"] },
        why: "The shop's services answered 5xx 25 times or more in 5 minutes: read the services' logs." },
    // CloudFront (us-east-1)
    { id: "cloudfront-5xx-rate", kind: "cloudfront", namespace: "AWS/CloudFront", metric: "5xxErrorRate", statistic: "Average", comparison: "GreaterThanThreshold", threshold: 5, unit: "%", periodSeconds: 5 * M, evaluationPeriods: 3, treatMissingData: "notBreaching",
        why: "Over 5% of shoppers' requests get a 5xx for 15 minutes: the load balancer or the assets bucket fails behind CloudFront." },
    // EKS nodes (Container Insights, the amazon-cloudwatch-observability add-on)
    { id: "eks-node-cpu", kind: "eks", namespace: "ContainerInsights", metric: "node_cpu_utilization", statistic: "Average", comparison: "GreaterThanThreshold", threshold: 80, unit: "%", periodSeconds: 5 * M, evaluationPeriods: 3, treatMissingData: "missing",
        why: "The nodes average over 80% CPU for 15 minutes: the autoscaler is at the node group's max, or requests are set too low." },
    { id: "eks-node-memory", kind: "eks", namespace: "ContainerInsights", metric: "node_memory_utilization", statistic: "Average", comparison: "GreaterThanThreshold", threshold: 85, unit: "%", periodSeconds: 5 * M, evaluationPeriods: 3, treatMissingData: "missing",
        why: "The nodes average over 85% memory for 15 minutes: pods will be OOM-killed or evicted; raise the node group's max." },
];

/** A resource alarmed on. */
export interface AlarmTarget {
    kind: TargetKind;
    /** Short, unique per kind, used in alarm names: `orders`, `sessions-001`. Letters, digits and '-'. */
    label: string;
    /** The metric dimensions naming the resource (TARGET_DIMENSIONS[kind], all of them); none for `alb`. */
    dimensions: Record<string, pulumi.Input<string>>;
    /** For `alb`: the value of the ALB_GROUP_TAG tag the load balancer carries. */
    tagValue?: string;
    /** Thresholds replacing the definitions' defaults for this target, by definition id. */
    thresholds?: Record<string, number>;
}

/** The definitions of a kind. */
export function definitionsFor(kind: TargetKind, definitions: readonly AlarmDefinition[] = ALARM_DEFINITIONS): AlarmDefinition[] {
    return definitions.filter((d) => d.kind === kind);
}

/** The threshold of a definition for a target (its override, else the default). */
export function thresholdFor(d: AlarmDefinition, t: AlarmTarget): number {
    return t.thresholds?.[d.id] ?? d.threshold;
}

const INSIGHTS_FUNCTIONS: Record<Statistic, string> = { Average: "AVG", Sum: "SUM", Maximum: "MAX", Minimum: "MIN" };

/** A Metrics Insights string literal (single quotes doubled). */
function literal(v: string): string {
    return `'${v.replace(/'/g, "''")}'`;
}

/**
 * The Metrics Insights query of a query definition for a target: the target's dimensions (or its tag) in the WHERE
 * clause, one aggregated series (no GROUP BY). An Output: dimension values may be unknown until the resource exists.
 */
export function insightsQuery(d: AlarmDefinition, t: AlarmTarget): pulumi.Output<string> {
    if (!d.query) throw new Error(`${d.id} is not a Metrics Insights definition`);
    if (d.statistic === "p99") throw new Error(`${d.id}: Metrics Insights has no percentiles`);
    const fn = INSIGHTS_FUNCTIONS[d.statistic];
    const schema = [`"${d.namespace}"`, ...d.query.schema].join(", ");
    return pulumi.all(t.dimensions).apply((dims) => {
        const where = t.tagValue !== undefined
            ? [`tag.${ALB_GROUP_TAG} = ${literal(t.tagValue)}`]
            : Object.entries(dims).map(([k, v]) => `${k} = ${literal(v)}`);
        return `SELECT ${fn}("${d.metric}") FROM SCHEMA(${schema}) WHERE ${where.join(" AND ")}`;
    });
}

/** Problems with definitions (unique ids, known kinds, sane numbers); empty when all are fine. Pure. */
export function definitionProblems(definitions: readonly AlarmDefinition[]): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const d of definitions) {
        if (seen.has(d.id)) problems.push(`${d.id}: duplicate id`);
        seen.add(d.id);
        if (!TARGET_KINDS.includes(d.kind)) problems.push(`${d.id}: unknown kind '${d.kind}'`);
        if (!d.id.startsWith(`${d.kind.split("-")[0]}-`) && !d.id.startsWith("sfn-") && !d.id.startsWith("api-")) {
            problems.push(`${d.id}: id should start with its kind`);
        }
        if (d.periodSeconds % 60 !== 0 || d.periodSeconds < 60) problems.push(`${d.id}: period must be a multiple of 60 s`);
        if (d.periodSeconds * d.evaluationPeriods > 86400) problems.push(`${d.id}: evaluation window over one day`);
        if ((d.datapointsToAlarm ?? d.evaluationPeriods) > d.evaluationPeriods) problems.push(`${d.id}: datapointsToAlarm > evaluationPeriods`);
        if (d.query && d.statistic === "p99") problems.push(`${d.id}: Metrics Insights has no percentiles`);
        if (d.kind === "alb" && !d.query) problems.push(`${d.id}: the ALB's dimension is unknown to the program: use a query`);
        if (!d.why || d.why.length > 200) problems.push(`${d.id}: needs a one-line why (200 characters at most)`);
    }
    return problems;
}
