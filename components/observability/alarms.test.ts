import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { ComponentArgsError } from "../shared/validate";
import { AlarmTarget } from "./alarm-definitions";
import { Alarms, AlarmsArgs } from "./alarms";

const REGION = "eu-west-1";
const TOPIC = `arn:aws:sns:${REGION}:123456789012:shop-alarms`;
const TARGETS: AlarmTarget[] = [
    { kind: "rds", label: "orders", dimensions: { DBInstanceIdentifier: "shop-orders" } },
    { kind: "rest-api", label: "partner-api", dimensions: { ApiName: "shop-partners", Stage: "v1" } },
    { kind: "alb", label: "shop", dimensions: {}, tagValue: "shop" },
];

function record(args: AlarmsArgs) {
    return recordProgram(() => { new Alarms("shop-alarms", args); }, { project: "test", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, "123456789012") });
}

function problems(args: AlarmsArgs): string[] {
    try { new Alarms("x", args); } catch (e) { expect(e).to.be.instanceOf(ComponentArgsError); return [...(e as ComponentArgsError).problems]; }
    return [];
}

describe("observability/Alarms", () => {
    it("creates one alarm per target and definition of its kind, each notifying the topic on ALARM and OK", async () => {
        const rec = await record({ namePrefix: "shop", targets: TARGETS, topicArn: TOPIC });
        const alarms = rec.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms.map((a) => a.name).sort()).to.deep.equal([
            "shop-orders-rds-connections", "shop-orders-rds-cpu", "shop-orders-rds-free-storage",
            "shop-partner-api-api-5xx", "shop-partner-api-api-latency-p99", "shop-shop-alb-elb-5xx", "shop-shop-alb-target-5xx",
        ]);
        const component = rec.resources.find((r) => r.type === "platform:observability:Alarms")!;
        for (const a of alarms) {
            expect(a.parent).to.equal(component.urn);
            expect(a.inputs.alarmActions).to.deep.equal([TOPIC]);
            expect(a.inputs.okActions).to.deep.equal([TOPIC]);
        }
        const cpu = alarms.find((a) => a.name === "shop-orders-rds-cpu")!.inputs;
        expect(cpu).to.include({ namespace: "AWS/RDS", metricName: "CPUUtilization", statistic: "Average", threshold: 80, period: 300, evaluationPeriods: 3, comparisonOperator: "GreaterThanThreshold" });
        expect(cpu.dimensions).to.deep.equal({ DBInstanceIdentifier: "shop-orders" });
        const p99 = alarms.find((a) => a.name === "shop-partner-api-api-latency-p99")!.inputs;
        expect(p99.extendedStatistic).to.equal("p99");
        expect(p99.statistic).to.equal(undefined);
        const alb = alarms.find((a) => a.name === "shop-shop-alb-elb-5xx")!.inputs;
        expect(alb.metricName).to.equal(undefined);
        expect((alb.metricQueries as { expression: string }[])[0].expression).to.contain("WHERE tag.IngressGroup = 'shop'");
    });
    it("refuses wrong dimensions, duplicate labels and a tagless ALB before registering anything", () => {
        expect(problems({ namePrefix: "shop", topicArn: TOPIC, targets: [
            { kind: "rds", label: "orders", dimensions: { TableName: "x" } },
            { kind: "rds", label: "orders", dimensions: { DBInstanceIdentifier: "y" } },
            { kind: "alb", label: "shop", dimensions: {} },
        ] })).to.deep.equal([
            "targets[0].dimensions: '[\"TableName\"]' is not allowed; a rds target is named by exactly: DBInstanceIdentifier",
            "targets[1].label: 'orders' is not allowed; another target of the same kind has this label",
            "targets[2].tagValue: (missing) is not allowed; an alb target is selected by its IngressGroup tag: give the group's name",
        ]);
    });
});
