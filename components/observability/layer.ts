/**
 * ObservabilityLayer (`platform:observability:ObservabilityLayer`): what tells on-call that something is wrong.
 *
 * - Two alarm topics (alarm-topic.ts): one in the stack's region (key: the security layer's `events` key), one in
 *   us-east-1 (key: the edge layer's us-east-1 `edge` key) because CloudFront's metrics and their alarms live only
 *   there and an alarm's SNS action must be in its own region. Both email `alarmEmails`.
 * - An alarm per (resource, definition of its kind) (alarm-definitions.ts, alarms.ts), alarm and OK actions to the
 *   topic of the alarm's region.
 * - One dashboard (dashboard.ts) from the same definitions and targets.
 * - With `resourceTagTelemetry`, the account's resource tags for telemetry in the stack's region
 *   (aws.observabilityadmin.TelemetryEnrichment): the shop's ALB alarms select the load balancer by its tag.
 *
 * Created last, from the other layers' components (targets.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, componentContext, Tags } from "../shared";
import { AlarmDefinition, GLOBAL_KINDS } from "./alarm-definitions";
import { Alarms } from "./alarms";
import { AlarmTopic } from "./alarm-topic";
import { ObservabilityConfig } from "./config";
import { Dashboard } from "./dashboard";
import { AlarmSources, alarmTargets } from "./targets";

export interface ObservabilityLayerArgs {
    /** The layer's config section (alarmEmails, resourceTagTelemetry). */
    config: ObservabilityConfig;
    /** Prefix of names unique per stack, `<project>-<stack>`: topics, alarms and the dashboard start with it. */
    namePrefix: string;
    /** The stack's region (the dashboard's graphs). */
    region: string;
    /** The aws.Provider of us-east-1 (the edge layer's `cloudFrontProvider`): CloudFront's alarms and their topic. */
    globalProvider: aws.Provider;
    /** The region of `globalProvider`. */
    globalRegion: string;
    /** Customer-managed keys admitting the `cloudwatch` service principal: `regional` (events), `global` (us-east-1 edge). */
    keys: { regional: pulumi.Input<string>; global: pulumi.Input<string> };
    /** Pulumi `protect` on the alarm topics (prod): see AlarmTopic. Defaults to false. */
    protect?: boolean;
    /** The layers' components alarmed on. */
    sources: AlarmSources;
    /** The definitions. Defaults to ALARM_DEFINITIONS. */
    definitions?: readonly AlarmDefinition[];
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

export class ObservabilityLayer extends pulumi.ComponentResource {
    /** The topic of the stack's region. */
    readonly alarmTopic: AlarmTopic;
    /** The us-east-1 topic (CloudFront's alarms). */
    readonly globalAlarmTopic: AlarmTopic;
    /** The alarms of the stack's region. */
    readonly alarms: Alarms;
    /** CloudFront's alarms (us-east-1). */
    readonly globalAlarms: Alarms;
    readonly dashboard: Dashboard;
    /** The account's resource tags for telemetry, when `resourceTagTelemetry`. */
    readonly telemetryEnrichment?: aws.observabilityadmin.TelemetryEnrichment;
    /** The regional topic's ARN. */
    readonly alarmTopicArn: pulumi.Output<string>;
    /** The dashboard's name. */
    readonly dashboardName: pulumi.Output<string>;

    constructor(name: string, args: ObservabilityLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgsChecker("ObservabilityLayer");
        check.name("namePrefix", args.namePrefix);
        check.require(args.globalProvider instanceof aws.Provider, "globalProvider", "(not an aws.Provider)", "expected the us-east-1 aws.Provider");
        check.done();
        super("platform:observability:ObservabilityLayer", name, {}, opts);
        const p = args.namePrefix;
        const ctx = componentContext(this, name, args.tags);
        const emails = [...args.config.alarmEmails];
        const global = { parent: this, provider: args.globalProvider };
        this.alarmTopic = new AlarmTopic(`${p}-alarms`, { topicName: `${p}-alarms`, kmsKeyArn: args.keys.regional, emails, protect: args.protect, tags: args.tags }, { parent: this });
        this.globalAlarmTopic = new AlarmTopic(`${p}-alarms-${args.globalRegion}`, {
            topicName: `${p}-alarms`, kmsKeyArn: args.keys.global, emails, protect: args.protect, tags: args.tags,
        }, global);
        if (args.config.resourceTagTelemetry) {
            this.telemetryEnrichment = new aws.observabilityadmin.TelemetryEnrichment(`${p}-resource-tags`, {}, { parent: this });
        }
        const targets = alarmTargets(args.sources, ctx.accountId);
        const regional = targets.filter((t) => !GLOBAL_KINDS.includes(t.kind));
        const globalTargets = targets.filter((t) => GLOBAL_KINDS.includes(t.kind));
        const common = { namePrefix: p, definitions: args.definitions, tags: args.tags };
        this.alarms = new Alarms(`${p}-alarms`, { ...common, targets: regional, topicArn: this.alarmTopic.arn },
            { parent: this, ...(this.telemetryEnrichment ? { dependsOn: [this.telemetryEnrichment] } : {}) });
        this.globalAlarms = new Alarms(`${p}-alarms-${args.globalRegion}`, { ...common, targets: globalTargets, topicArn: this.globalAlarmTopic.arn }, global);
        this.dashboard = new Dashboard(`${p}-dashboard`, {
            dashboardName: p, region: args.region, globalRegion: args.globalRegion, targets, definitions: args.definitions,
        }, { parent: this });
        this.alarmTopicArn = this.alarmTopic.arn;
        this.dashboardName = this.dashboard.dashboardName;
        this.registerOutputs({ alarmTopicArn: this.alarmTopicArn, dashboardName: this.dashboardName });
    }
}
