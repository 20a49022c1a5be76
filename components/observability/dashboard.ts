/**
 * Dashboard (`platform:observability:Dashboard`): one CloudWatch dashboard per environment, generated from the same
 * definitions and targets as the alarms: one graph per definition with a line per target and the alarm's threshold
 * drawn on it, under a text header per kind. CloudFront's graphs read us-east-1.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker } from "../shared";
import {
    ALARM_DEFINITIONS, AlarmDefinition, AlarmTarget, GLOBAL_KINDS, insightsQuery, TARGET_KINDS, TargetKind, thresholdFor,
} from "./alarm-definitions";

export interface DashboardArgs {
    /** The dashboard's name: 1-255 letters, digits, '-' or '_'. */
    dashboardName: string;
    /** The stack's region (every graph but the global kinds'). */
    region: string;
    /** The region of CloudFront's metrics (us-east-1). */
    globalRegion: string;
    /** The resources graphed: the alarms' targets. */
    targets: AlarmTarget[];
    /** The definitions. Defaults to ALARM_DEFINITIONS. */
    definitions?: readonly AlarmDefinition[];
}

export class Dashboard extends pulumi.ComponentResource {
    readonly dashboard: aws.cloudwatch.Dashboard;
    /** The dashboard's name. */
    readonly dashboardName: pulumi.Output<string>;

    constructor(name: string, args: DashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgsChecker("Dashboard");
        check.require(typeof args.dashboardName === "string" && /^[A-Za-z0-9_-]{1,255}$/.test(args.dashboardName), "dashboardName",
            args.dashboardName, "expected 1-255 letters, digits, '-' or '_'");
        check.done();
        super("platform:observability:Dashboard", name, {}, opts);
        this.dashboard = new aws.cloudwatch.Dashboard(name, {
            dashboardName: args.dashboardName,
            dashboardBody: dashboardBody(args),
        }, { parent: this });
        this.dashboardName = this.dashboard.dashboardName;
        this.registerOutputs({ dashboardName: this.dashboardName });
    }
}

/** A dashboard widget (the subset of the CloudWatch dashboard body schema the platform uses). */
export interface Widget {
    type: "metric" | "text";
    x: number; y: number; width: number; height: number;
    properties: Record<string, unknown>;
}

const KIND_TITLES: Record<TargetKind, string> = {
    "rds": "RDS databases", "dynamodb": "DynamoDB tables", "redis-node": "ElastiCache Redis nodes", "opensearch": "OpenSearch domains",
    "sqs-dlq": "SQS dead-letter queues", "sqs-queue": "SQS queues", "state-machine": "Step Functions", "lambda": "Lambda functions",
    "rest-api": "API Gateway (REST)", "alb": "The shop's load balancers", "cloudfront": "CloudFront (us-east-1)", "eks": "EKS nodes (Container Insights)",
};

/** The metrics array of one graph: a line per target (a Metrics Insights expression for query definitions). */
function graphMetrics(d: AlarmDefinition, targets: AlarmTarget[]): pulumi.Output<unknown[]> {
    return pulumi.all(targets.map((t, i) => d.query
        ? insightsQuery(d, t).apply((expression) => ({ expression, id: `q${i}`, label: t.label }))
        : pulumi.all(t.dimensions).apply((dims) => [
            d.namespace, d.metric, ...Object.entries(dims).flat(),
            { label: t.label, ...(d.statistic === "p99" ? { stat: "p99" } : { stat: d.statistic }) },
        ] as unknown)));
}

/** The dashboard body (JSON): a header per kind, then a graph per definition. Widgets flow 3 per row of 24 columns. */
export function dashboardBody(args: DashboardArgs): pulumi.Output<string> {
    const definitions = args.definitions ?? ALARM_DEFINITIONS;
    const parts: pulumi.Output<Widget>[] = [];
    let y = 0;
    for (const kind of TARGET_KINDS) {
        const targets = args.targets.filter((t) => t.kind === kind);
        const defs = definitions.filter((d) => d.kind === kind);
        if (!targets.length || !defs.length) continue;
        const header: Widget = { type: "text", x: 0, y, width: 24, height: 1, properties: { markdown: `## ${KIND_TITLES[kind]}` } };
        parts.push(pulumi.output(0).apply(() => header));
        y += 1;
        const region = GLOBAL_KINDS.includes(kind) ? args.globalRegion : args.region;
        defs.forEach((d, i) => {
            const x = (i % 3) * 8;
            const wy = y + Math.floor(i / 3) * 6;
            const thresholds = [...new Set(targets.map((t) => thresholdFor(d, t)))];
            parts.push(graphMetrics(d, targets).apply((metrics): Widget => ({
                type: "metric", x, y: wy, width: 8, height: 6,
                properties: {
                    title: `${d.metric} (${d.id})`,
                    region,
                    view: "timeSeries",
                    stacked: false,
                    period: d.periodSeconds,
                    ...(d.query ? {} : { stat: d.statistic }),
                    metrics,
                    annotations: { horizontal: thresholds.map((value) => ({ label: `alarm (${d.comparison})`, value })) },
                },
            })));
        });
        y += Math.ceil(defs.length / 3) * 6;
    }
    return pulumi.all(parts).apply((widgets) => JSON.stringify({ widgets }));
}

/** Problems of a dashboard body against the CloudWatch dashboard body structure; empty when valid. Pure. */
export function dashboardBodyProblems(body: string): string[] {
    const problems: string[] = [];
    let parsed: { widgets?: Widget[] };
    try { parsed = JSON.parse(body) as { widgets?: Widget[] }; } catch { return ["not JSON"]; }
    if (!Array.isArray(parsed.widgets)) return ["widgets must be an array"];
    if (parsed.widgets.length > 500) problems.push("at most 500 widgets");
    parsed.widgets.forEach((w, i) => {
        if (!["metric", "text"].includes(w.type)) problems.push(`widgets[${i}].type '${w.type}'`);
        if (!(Number.isInteger(w.x) && w.x >= 0 && w.width >= 1 && w.x + w.width <= 24)) problems.push(`widgets[${i}] outside the 24 columns`);
        if (!(Number.isInteger(w.y) && w.y >= 0 && w.height >= 1 && w.height <= 1000)) problems.push(`widgets[${i}] height/y`);
        if (w.type === "text" && typeof w.properties?.markdown !== "string") problems.push(`widgets[${i}] text needs markdown`);
        if (w.type === "metric") {
            const p = w.properties ?? {};
            if (typeof p.region !== "string") problems.push(`widgets[${i}] metric needs a region`);
            const metrics = p.metrics as unknown[];
            if (!Array.isArray(metrics) || !metrics.length) problems.push(`widgets[${i}] metric needs metrics`);
            for (const m of metrics ?? []) {
                const ok = Array.isArray(m)
                    ? m.length >= 2 && m.slice(0, -1).every((v) => typeof v === "string")
                    : typeof (m as { expression?: unknown }).expression === "string" && /^[a-z]\w*$/.test(String((m as { id?: unknown }).id));
                if (!ok) problems.push(`widgets[${i}] bad metric ${JSON.stringify(m)}`);
            }
        }
    });
    return problems;
}
