import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ALARM_DEFINITIONS, AlarmTarget } from "./alarm-definitions";
import { dashboardBody, dashboardBodyProblems } from "./dashboard";

const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
const TARGETS: AlarmTarget[] = [
    { kind: "lambda", label: "take-payment", dimensions: { FunctionName: "shop-take-payment" } },
    { kind: "lambda", label: "ship", dimensions: { FunctionName: "shop-ship" } },
    { kind: "cloudfront", label: "storefront", dimensions: { DistributionId: "E123", Region: "Global" } },
    { kind: "alb", label: "shop", dimensions: {}, tagValue: "shop" },
];

describe("observability/Dashboard", () => {
    it("graphs each definition of the targets' kinds, a line per target, its threshold drawn, CloudFront read in us-east-1", async () => {
        const body = await value(dashboardBody({ dashboardName: "shop", region: "eu-west-1", globalRegion: "us-east-1", targets: TARGETS }));
        expect(dashboardBodyProblems(body)).to.deep.equal([]);
        const widgets = JSON.parse(body).widgets as { type: string; properties: Record<string, any> }[];
        const graphs = widgets.filter((w) => w.type === "metric");
        const expected = ALARM_DEFINITIONS.filter((d) => ["lambda", "cloudfront", "alb"].includes(d.kind)).map((d) => `${d.metric} (${d.id})`);
        expect(graphs.map((g) => g.properties.title)).to.have.members(expected);
        const errors = graphs.find((g) => g.properties.title === "Errors (lambda-errors)")!.properties;
        expect(errors.metrics).to.deep.equal([
            ["AWS/Lambda", "Errors", "FunctionName", "shop-take-payment", { label: "take-payment", stat: "Sum" }],
            ["AWS/Lambda", "Errors", "FunctionName", "shop-ship", { label: "ship", stat: "Sum" }],
        ]);
        expect(errors.annotations.horizontal[0].value).to.equal(3);
        expect(graphs.find((g) => g.properties.title.includes("cloudfront"))!.properties.region).to.equal("us-east-1");
        expect(graphs.find((g) => g.properties.title.includes("alb-elb"))!.properties.metrics[0].expression).to.contain("tag.IngressGroup = 'shop'");
    });
    it("finds what the CloudWatch body schema refuses", () => {
        expect(dashboardBodyProblems(JSON.stringify({ widgets: [{ type: "metric", x: 20, y: 0, width: 8, height: 6, properties: { metrics: [] } }] }))).to.deep.equal([
            "widgets[0] outside the 24 columns", "widgets[0] metric needs a region", "widgets[0] metric needs metrics"]);
    });
});
