import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ALARM_DEFINITIONS, AlarmDefinition, definitionProblems, insightsQuery, TARGET_KINDS, thresholdFor } from "./alarm-definitions";

const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

describe("observability/alarm definitions", () => {
    it("are consistent: unique ids, periods in minutes, a why for on-call, queries where the ALB's dimension is unknown", () => {
        expect(definitionProblems(ALARM_DEFINITIONS)).to.deep.equal([]);
    });
    it("cover every kind of resource", () => {
        expect([...new Set(ALARM_DEFINITIONS.map((d) => d.kind))].sort()).to.deep.equal([...TARGET_KINDS].sort());
    });
    it("report bad definitions by id", () => {
        const d = ALARM_DEFINITIONS.find((x) => x.id === "alb-elb-5xx")!;
        const bad: AlarmDefinition[] = [d, { ...d, query: undefined, periodSeconds: 90 }];
        expect(definitionProblems(bad)).to.deep.equal([
            "alb-elb-5xx: duplicate id",
            "alb-elb-5xx: period must be a multiple of 60 s",
            "alb-elb-5xx: the ALB's dimension is unknown to the program: use a query",
        ]);
    });
    it("build a Metrics Insights query from the target's tag, or its dimensions with quotes escaped", async () => {
        const alb = ALARM_DEFINITIONS.find((x) => x.id === "alb-target-5xx")!;
        expect(await value(insightsQuery(alb, { kind: "alb", label: "shop", dimensions: {}, tagValue: "shop" })))
            .to.equal(`SELECT SUM("HTTPCode_Target_5XX_Count") FROM SCHEMA("AWS/ApplicationELB", LoadBalancer) WHERE tag.IngressGroup = 'shop'`);
        const ddb = ALARM_DEFINITIONS.find((x) => x.id === "dynamodb-system-errors")!;
        expect(await value(insightsQuery(ddb, { kind: "dynamodb", label: "carts", dimensions: { TableName: pulumi.output("o'carts") } })))
            .to.equal(`SELECT SUM("SystemErrors") FROM SCHEMA("AWS/DynamoDB", TableName, Operation) WHERE TableName = 'o''carts'`);
    });
    it("let a target override a threshold", () => {
        const d = ALARM_DEFINITIONS.find((x) => x.id === "opensearch-free-storage")!;
        expect(thresholdFor(d, { kind: "opensearch", label: "p", dimensions: {} })).to.equal(5120);
        expect(thresholdFor(d, { kind: "opensearch", label: "p", dimensions: {}, thresholds: { "opensearch-free-storage": 25600 } })).to.equal(25600);
    });
});

describe("observability/alarm definitions in the README", () => {
    it("lists every definition in the thresholds table", () => {
        const readme = (require("fs") as typeof import("fs")).readFileSync(require.resolve("../../README.md"), "utf8");
        for (const d of ALARM_DEFINITIONS) expect(readme, d.id).to.contain(`| \`${d.id}\` | ${d.namespace} \`${d.metric}\``);
    });
});
