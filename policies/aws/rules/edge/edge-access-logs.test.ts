import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { edgeAccessLogs } from "./edge-access-logs";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const ALB = "aws:alb/loadBalancer:LoadBalancer";
const CF = "aws:cloudfront/distribution:Distribution";
const SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
const DESTINATION = "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination";
const DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery";
const CF_ARN = "arn:aws:cloudfront::111122223333:distribution/E2EXAMPLE";

const distribution = (name: string, arn: unknown = UNKNOWN): FixtureResource => ({ type: CF, name, inputs: { arn } });
const destination: FixtureResource = { type: DESTINATION, name: "dest", inputs: { name: "cf-logs", arn: UNKNOWN } };
/** A v2 source of `dist` (by property dependency) and a delivery from it (by property dependency), as a program writes them. */
const v2 = (dist: string, opts: { logType?: unknown; sourceName?: unknown } = {}): FixtureResource[] => [
    {
        type: SOURCE, name: `${dist}-src`, inputs: { name: opts.sourceName ?? `${dist}-access`, logType: opts.logType ?? "ACCESS_LOGS", resourceArn: UNKNOWN },
        propertyDependencies: { resourceArn: [dist] },
    },
    {
        type: DELIVERY, name: `${dist}-delivery`, inputs: { deliverySourceName: UNKNOWN, deliveryDestinationArn: UNKNOWN },
        propertyDependencies: { deliverySourceName: [`${dist}-src`], deliveryDestinationArn: ["dest"] },
    },
];
const urn = (type: string, name: string) => `urn:pulumi:test::fixture::${type}::${name}`;

describe("aws rule edge-access-logs (stack)", () => {
    it("passes a load balancer and a distribution with access logs", () => {
        const run = runRule(edgeAccessLogs, [
            { type: LB, inputs: { accessLogs: { enabled: true, bucket: UNKNOWN } } },
            { type: CF, name: "cdn", inputs: { loggingConfig: { bucket: "logs.s3.amazonaws.com" } } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports a load balancer with a bucket but logging not enabled, as mandatory", () => {
        const run = runRule(edgeAccessLogs, [{ type: ALB, name: "alb", inputs: { accessLogs: { bucket: "logs" } } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "edge-access-logs", enforcementLevel: "mandatory", urn: urn(ALB, "alb") });
        expect(run.messages[0]).to.equal("Load balancer access logs are not enabled (accessLogs.enabled is unset).");
    });
    it("reports a load balancer without access logs at all", () => {
        const run = runRule(edgeAccessLogs, [{ type: LB, inputs: { loadBalancerType: "network" } }]);
        expect(run.messages).to.have.length(2);
        expect(run.messages[1]).to.match(/accessLogs\.bucket/);
    });
    it("ignores gateway load balancers", () => {
        const run = runRule(edgeAccessLogs, [{ type: LB, inputs: { loadBalancerType: "gateway" } }]);
        expect(run.violations).to.have.length(0);
    });
    it("reports a distribution without loggingConfig and without a v2 delivery", () => {
        const run = runRule(edgeAccessLogs, [distribution("cdn")]);
        expect(run.violations.map((v) => v.urn)).to.deep.equal([urn(CF, "cdn")]);
        expect(run.messages[0]).to.match(/^CloudFront distribution has no access logging: set loggingConfig\.bucket, or deliver standard logs v2.*LogDeliverySource \(logType ACCESS_LOGS/);
    });
    it("passes a distribution whose standard logs v2 are delivered by the stack (property dependencies, unknown in preview)", () => {
        const run = runRule(edgeAccessLogs, [distribution("cdn"), destination, ...v2("cdn")]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("passes a v2 delivery linked by known equal values (the source's resourceArn and the delivery's deliverySourceName)", () => {
        const run = runRule(edgeAccessLogs, [
            distribution("cdn", CF_ARN), destination,
            { type: SOURCE, name: "src", inputs: { name: "cdn-access", logType: "ACCESS_LOGS", resourceArn: CF_ARN } },
            { type: DELIVERY, name: "delivery", inputs: { deliverySourceName: "cdn-access", deliveryDestinationArn: "arn:aws:logs:us-east-1:111122223333:delivery-destination:cf-logs" } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports a distribution whose v2 delivery belongs to a different distribution", () => {
        const run = runRule(edgeAccessLogs, [distribution("cdn"), distribution("other"), destination, ...v2("other")]);
        expect(run.violations.map((v) => v.urn)).to.deep.equal([urn(CF, "cdn")]);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports a v2 source without a delivery, naming the source, and a source of another log type", () => {
        const [src] = v2("cdn");
        const run = runRule(edgeAccessLogs, [distribution("cdn"), src, distribution("cdn2"), destination, ...v2("cdn2", { logType: "CONNECTION_LOGS" })]);
        expect(run.violations.map((v) => v.urn)).to.deep.equal([urn(CF, "cdn"), urn(CF, "cdn2")]);
        expect(run.messages[0]).to.match(/source 'cdn-src' \(aws\.cloudwatch\.LogDeliverySource\) has no aws\.cloudwatch\.LogDelivery/);
        expect(run.messages[1]).to.match(/set loggingConfig\.bucket/);
    });
    it("reports a delivery without a destination", () => {
        const [src, delivery] = v2("cdn");
        const run = runRule(edgeAccessLogs, [distribution("cdn"), src, { ...delivery, inputs: { deliverySourceName: UNKNOWN } }]);
        expect(run.violations).to.have.length(1);
    });
    it("defers a distribution when a source's resourceArn is unknown without a dependency, or its logType is unknown", () => {
        const run = runRule(edgeAccessLogs, [
            distribution("cdn"), destination,
            { type: SOURCE, name: "src", inputs: { name: "x", logType: "ACCESS_LOGS", resourceArn: UNKNOWN } },
            { type: DELIVERY, name: "d", inputs: { deliverySourceName: "x", deliveryDestinationArn: UNKNOWN } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        const unknownType = runRule(edgeAccessLogs, [distribution("cdn"), destination, ...v2("cdn", { logType: UNKNOWN })]);
        expect(unknownType.violations).to.have.length(0);
        expect(unknownType.unknowns).to.have.length(1);
    });
    it("still reports definite findings when another distribution is deferred", () => {
        const run = runRule(edgeAccessLogs, [
            { type: CF, name: "pending", inputs: { loggingConfig: UNKNOWN } },
            { type: LB, name: "lb", inputs: { accessLogs: { enabled: false, bucket: "logs" } } },
        ]);
        expect(run.violations.map((v) => v.urn)).to.deep.equal([urn(LB, "lb")]);
    });
    it("accepts a distribution without a delivery in the stack when acceptCloudFrontLogDeliveryV2 says it is made elsewhere", () => {
        const run = runRule(edgeAccessLogs, [distribution("cdn")], { config: { "edge-access-logs": { acceptCloudFrontLogDeliveryV2: true } } });
        expect(run.violations).to.have.length(0);
    });
    it("defers an unknown enabled flag to the update", () => {
        const run = runRule(edgeAccessLogs, [{ type: LB, inputs: { accessLogs: { enabled: UNKNOWN, bucket: "logs" } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/accessLogs/);
    });
});

describe("aws rule edge-access-logs: ALBs of the AWS Load Balancer Controller (Ingress annotations)", () => {
    const ING = "kubernetes:networking.k8s.io/v1:Ingress";
    const ATTRS = "alb.ingress.kubernetes.io/load-balancer-attributes";
    const ingress = (name: string, annotations: Record<string, unknown>, group = "shop"): FixtureResource => ({
        type: ING, name, inputs: {
            metadata: { name, namespace: name, annotations: { "alb.ingress.kubernetes.io/group.name": group, "alb.ingress.kubernetes.io/scheme": "internet-facing", ...annotations } },
            spec: { ingressClassName: "alb" },
        },
    });
    const logged = "access_logs.s3.enabled=true,access_logs.s3.bucket=shop-access-logs,access_logs.s3.prefix=alb";

    it("passes a group when one member turns access logs on with a bucket", () => {
        const run = runRule(edgeAccessLogs, [ingress("ui", { [ATTRS]: logged }), ingress("admin", {})]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports a group whose members set no access logs (or turn them off), naming the group and its members", () => {
        const run = runRule(edgeAccessLogs, [
            ingress("ui", { [ATTRS]: "access_logs.s3.enabled=false,access_logs.s3.bucket=b" }), ingress("admin", {}),
            ingress("api", { [ATTRS]: "access_logs.s3.enabled=true" }, "internal"),
        ]);
        expect(run.violations.map((v) => v.urn)).to.deep.equal([urn(ING, "ui"), urn(ING, "api")]);
        expect(run.messages[0]).to.match(/^The ALB of Ingress 'ui\/ui' \(IngressGroup 'shop'; members 'ui\/ui', 'admin\/admin'\) has no access logs: annotate one member with alb\.ingress\.kubernetes\.io\/load-balancer-attributes: access_logs\.s3\.enabled=true/);
    });
    it("defers an annotation unknown in preview (the bucket's name is an Output), and ignores Ingresses of other classes", () => {
        const run = runRule(edgeAccessLogs, [ingress("ui", { [ATTRS]: UNKNOWN }),
            { type: ING, name: "nginx", inputs: { metadata: { name: "nginx", annotations: {} }, spec: { ingressClassName: "nginx" } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
    });
});
