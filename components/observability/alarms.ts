/**
 * Alarms (`platform:observability:Alarms`): one aws.cloudwatch.MetricAlarm per (target, definition of its kind),
 * named by `alarmNameOf` (`<namePrefix>-<target label>-<definition id>`), with alarm and OK actions to one topic.
 *
 * All alarms of one component live in one region (the provider given to the component): the layer makes one for the
 * stack's region and one for us-east-1 (CloudFront), each with its region's topic.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, mergeTags, Tags } from "../shared";
import {
    ALARM_DEFINITIONS, AlarmDefinition, AlarmTarget, definitionProblems, definitionsFor, insightsQuery, TARGET_DIMENSIONS,
    TARGET_KINDS, thresholdFor,
} from "./alarm-definitions";

export interface AlarmsArgs {
    /** Prefix of the alarms' names, `<project>-<stack>`. */
    namePrefix: string;
    /** The resources to alarm on: every definition of a target's kind applies to it. */
    targets: AlarmTarget[];
    /** The topic (in this component's region) alarms notify, on ALARM and back to OK. */
    topicArn: pulumi.Input<string>;
    /** The definitions. Defaults to ALARM_DEFINITIONS. */
    definitions?: readonly AlarmDefinition[];
    /** Tags merged into every alarm. */
    tags?: Tags;
}

const LABEL = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class Alarms extends pulumi.ComponentResource {
    /** The alarms, by name (`<namePrefix>-<label>-<definition id>`). */
    readonly alarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
    /** The alarms' names. */
    readonly alarmNames: string[];

    constructor(name: string, args: AlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAlarmsArgs(args);
        super("platform:observability:Alarms", name, {}, opts);
        const definitions = args.definitions ?? ALARM_DEFINITIONS;
        for (const t of args.targets) {
            for (const d of definitionsFor(t.kind, definitions)) {
                const alarmName = alarmNameOf(args.namePrefix, t, d);
                this.alarms[alarmName] = new aws.cloudwatch.MetricAlarm(alarmName, {
                    name: alarmName,
                    ...metricAlarmInputs(d, t),
                    alarmActions: [args.topicArn],
                    okActions: [args.topicArn],
                    tags: mergeTags(args.tags, { Name: alarmName }),
                }, { parent: this });
            }
        }
        this.alarmNames = Object.keys(this.alarms);
        this.registerOutputs({ alarmNames: this.alarmNames });
    }
}

/** An alarm's name: `<prefix>-<label>-<definition id>`. */
export function alarmNameOf(prefix: string, t: AlarmTarget, d: AlarmDefinition): string {
    return `${prefix}-${t.label}-${d.id}`;
}

/** The MetricAlarm inputs of a definition for a target (without name, actions, tags). Pure but for the query's Output. */
export function metricAlarmInputs(d: AlarmDefinition, t: AlarmTarget): aws.cloudwatch.MetricAlarmArgs {
    const common = {
        alarmDescription: `${d.why} (${d.namespace} ${d.metric} ${d.statistic}; definition ${d.id})`,
        comparisonOperator: d.comparison,
        threshold: thresholdFor(d, t),
        evaluationPeriods: d.evaluationPeriods,
        datapointsToAlarm: d.datapointsToAlarm ?? d.evaluationPeriods,
        treatMissingData: d.treatMissingData,
    };
    if (d.query) {
        return {
            ...common,
            metricQueries: [{ id: "q1", expression: insightsQuery(d, t), period: d.periodSeconds, returnData: true, label: `${t.label} ${d.metric}` }],
        };
    }
    return {
        ...common,
        namespace: d.namespace,
        metricName: d.metric,
        dimensions: t.dimensions,
        period: d.periodSeconds,
        ...(d.statistic === "p99" ? { extendedStatistic: "p99" } : { statistic: d.statistic }),
    };
}

/** Validate AlarmsArgs; throws ComponentArgsError listing every problem. */
export function validateAlarmsArgs(args: AlarmsArgs): void {
    const check = new ArgsChecker("Alarms");
    check.require(typeof args.namePrefix === "string" && /^[a-z][a-z0-9-]{0,99}$/.test(args.namePrefix), "namePrefix", args.namePrefix,
        "expected lowercase letters, digits or '-', starting with a letter");
    for (const p of definitionProblems(args.definitions ?? ALARM_DEFINITIONS)) check.require(false, "definitions", p, "fix the definition");
    const seen = new Set<string>();
    for (const [i, t] of (args.targets ?? []).entries()) {
        check.oneOf(`targets[${i}].kind`, t.kind, TARGET_KINDS);
        check.require(typeof t.label === "string" && LABEL.test(t.label), `targets[${i}].label`, t.label,
            "expected lowercase letters, digits or '-' (at most 63)");
        check.require(!seen.has(`${t.kind}/${t.label}`), `targets[${i}].label`, t.label, "another target of the same kind has this label");
        seen.add(`${t.kind}/${t.label}`);
        const want = TARGET_DIMENSIONS[t.kind] ?? [];
        const got = Object.keys(t.dimensions ?? {});
        check.require(want.length === got.length && want.every((k) => got.includes(k)), `targets[${i}].dimensions`, got,
            `a ${t.kind} target is named by exactly: ${want.join(", ") || "no dimension (a tag: tagValue)"}`);
        if (t.kind === "alb") check.require(typeof t.tagValue === "string" && t.tagValue.length > 0, `targets[${i}].tagValue`, t.tagValue,
            "an alb target is selected by its IngressGroup tag: give the group's name");
    }
    check.done();
}
