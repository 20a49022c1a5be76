import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { edgeAccessLogs } from "./edge-access-logs";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const ALB = "aws:alb/loadBalancer:LoadBalancer";
const CF = "aws:cloudfront/distribution:Distribution";

describe("aws rule edge-access-logs", () => {
    it("passes a load balancer and a distribution with access logs", () => {
        const run = runRule(edgeAccessLogs, [
            { type: LB, inputs: { accessLogs: { enabled: true, bucket: UNKNOWN } } },
            { type: CF, inputs: { loggingConfig: { bucket: "logs.s3.amazonaws.com" } } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports a load balancer with a bucket but logging not enabled, as mandatory", () => {
        const run = runRule(edgeAccessLogs, [{ type: ALB, name: "alb", inputs: { accessLogs: { bucket: "logs" } } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "edge-access-logs", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${ALB}::alb` });
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
    it("reports a distribution without loggingConfig", () => {
        const run = runRule(edgeAccessLogs, [{ type: CF, inputs: {} }]);
        expect(run.messages).to.deep.equal(["CloudFront distribution has no access logging: set loggingConfig.bucket."]);
    });
    it("accepts CloudFront v2 log delivery when configured", () => {
        const run = runRule(edgeAccessLogs, [{ type: CF, inputs: {} }], { config: { "edge-access-logs": { acceptCloudFrontLogDeliveryV2: true } } });
        expect(run.violations).to.have.length(0);
    });
    it("defers an unknown enabled flag to the update", () => {
        const run = runRule(edgeAccessLogs, [{ type: LB, inputs: { accessLogs: { enabled: UNKNOWN, bucket: "logs" } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/accessLogs/);
    });
});
