import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { edgeHttpsTls12 } from "./edge-https-tls12";

const LST = "aws:lb/listener:Listener";
const ALST = "aws:alb/listener:Listener";
const CF = "aws:cloudfront/distribution:Distribution";
const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const cf = (over: Record<string, unknown> = {}) => ({
    enabled: true, origins: [], restrictions: {},
    defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https", targetOriginId: "o" },
    orderedCacheBehaviors: [{ pathPattern: "/api/*", viewerProtocolPolicy: "https-only", targetOriginId: "o" }],
    viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/x", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    ...over,
});

describe("aws rule edge-https-tls12", () => {
    it("passes an HTTP listener that redirects to HTTPS and an HTTPS listener with a TLS 1.2+ policy", () => {
        const run = runRule(edgeHttpsTls12, [
            { type: LST, name: "http", inputs: { port: 80, protocol: "HTTP", defaultActions: [redirect] } },
            { type: ALST, name: "https", inputs: { port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", defaultActions: [{ type: "forward" }] } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(2);
    });
    it("reports an HTTP listener that forwards, as mandatory", () => {
        const run = runRule(edgeHttpsTls12, [{ type: LST, name: "http", inputs: { port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "edge-https-tls12", enforcementLevel: "mandatory" });
        expect(run.messages[0]).to.match(/HTTP listener must redirect to HTTPS/);
    });
    it("treats a listener with a port but no protocol as HTTP", () => {
        const run = runRule(edgeHttpsTls12, [{ type: LST, inputs: { port: 80, defaultActions: [{ type: "forward" }] } }]);
        expect(run.violations).to.have.length(1);
    });
    it("reports an HTTPS listener with an old or unset sslPolicy, naming it", () => {
        const run = runRule(edgeHttpsTls12, [
            { type: LST, name: "a", inputs: { port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-2016-08" } },
            { type: LST, name: "b", inputs: { port: 443, protocol: "TLS" } },
        ]);
        expect(run.messages).to.have.length(2);
        expect(run.messages[0]).to.match(/'ELBSecurityPolicy-2016-08'/);
        expect(run.messages[1]).to.match(/TLS listener sslPolicy is unset/);
    });
    it("accepts a configured sslPolicy allow-list", () => {
        const run = runRule(edgeHttpsTls12, [{ type: LST, inputs: { port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" } }], {
            config: { "edge-https-tls12": { allowedSslPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] } },
        });
        expect(run.violations).to.have.length(1);
    });
    it("ignores TCP listeners and GENEVE (no port, no protocol) listeners", () => {
        const run = runRule(edgeHttpsTls12, [{ type: LST, inputs: { port: 22, protocol: "TCP" } }, { type: LST, inputs: { defaultActions: [{ type: "forward" }] } }]);
        expect(run.violations).to.have.length(0);
    });
    it("defers an unknown sslPolicy to the update", () => {
        const run = runRule(edgeHttpsTls12, [{ type: LST, inputs: { port: 443, protocol: "HTTPS", sslPolicy: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/sslPolicy/);
    });
    it("passes a CloudFront distribution with HTTPS behaviors and TLSv1.2_2021", () => {
        const run = runRule(edgeHttpsTls12, [{ type: CF, inputs: cf() }]);
        expect(run.violations).to.have.length(0);
    });
    it("passes the default CloudFront certificate (its TLS floor cannot be raised)", () => {
        const run = runRule(edgeHttpsTls12, [{ type: CF, inputs: cf({ viewerCertificate: { cloudfrontDefaultCertificate: true } }) }]);
        expect(run.violations).to.have.length(0);
    });
    it("reports allow-all behaviors and an old minimum protocol version", () => {
        const run = runRule(edgeHttpsTls12, [{ type: CF, inputs: cf({
            orderedCacheBehaviors: [{ pathPattern: "/x", viewerProtocolPolicy: "allow-all" }],
            viewerCertificate: { acmCertificateArn: "arn", minimumProtocolVersion: "TLSv1.2_2019" },
        }) }]);
        expect(run.messages).to.have.length(2);
        expect(run.messages[0]).to.match(/orderedCacheBehaviors\[0\]\.viewerProtocolPolicy is 'allow-all'/);
        expect(run.messages[1]).to.match(/'TLSv1.2_2019'/);
    });
    it("defers an unknown viewer protocol policy", () => {
        const run = runRule(edgeHttpsTls12, [{ type: CF, inputs: cf({ defaultCacheBehavior: { viewerProtocolPolicy: UNKNOWN } }) }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
    });
    it("is not applicable to other types", () => {
        expect(runRule(edgeHttpsTls12, [{ type: "aws:lb/loadBalancer:LoadBalancer" }]).notApplicable).to.equal(1);
    });
});
