import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { samplingRules, tracingGroups, XRayTracing, XRayTracingArgs } from "./xray";

const base: XRayTracingArgs = { namePrefix: "shop-prod", services: ["ui", "checkout"], samplingRate: 0.05, checkoutSamplingRate: 0.25, reservoirPerSecond: 5 };
const record = (args: XRayTracingArgs) => recordProgram(() => { new XRayTracing("tracing", args); }, {
    project: "ecommerce-platform", stack: "prod", config: { "aws:region": "eu-west-1" }, cloud: cloudContextFor("eu-west-1", "123456789012"),
});

describe("observability/XRayTracing", () => {
    it("samples health checks at a token rate first, checkout and orders at their rate, the rest at the shop's rate", async () => {
        const rec = await record(base);
        const rules = rec.resources.filter((r) => r.type === "aws:xray/samplingRule:SamplingRule");
        const byName = Object.fromEntries(rules.map((r) => [r.inputs.ruleName as string, r.inputs]));
        expect(Object.keys(byName)).to.have.members(["shop-prod-health", "shop-prod-actuator", "shop-prod-checkout", "shop-prod-orders", "shop-prod-default"]);
        expect(byName["shop-prod-health"]).to.deep.include({ urlPath: "/health*", fixedRate: 0.001, reservoirSize: 0, priority: 100 });
        expect(byName["shop-prod-actuator"]).to.deep.include({ urlPath: "/actuator/*", fixedRate: 0.001, reservoirSize: 0 });
        expect(byName["shop-prod-checkout"]).to.deep.include({ serviceName: "checkout", fixedRate: 0.25, reservoirSize: 5, priority: 200 });
        expect(byName["shop-prod-orders"]).to.deep.include({ serviceName: "orders", fixedRate: 0.25, reservoirSize: 5 });
        expect(byName["shop-prod-default"]).to.deep.include({ serviceName: "*", urlPath: "*", fixedRate: 0.05, reservoirSize: 5, priority: 9000 });
        // Health rules win over the service rules: lower priority numbers are evaluated first.
        expect((byName["shop-prod-health"].priority)).to.be.lessThan(byName["shop-prod-checkout"].priority as number);
        for (const r of rules) expect(r.parent).to.match(/XRayTracing::tracing$/);
    });

    it("creates groups with Insights: the shop's faults, slow or failing checkouts, one per service", async () => {
        const rec = await record(base);
        const groups = Object.fromEntries(rec.resources.filter((r) => r.type === "aws:xray/group:Group").map((r) => [r.inputs.groupName as string, r.inputs]));
        expect(Object.keys(groups)).to.have.members(["shop-prod-faults", "shop-prod-checkout", "shop-prod-svc-ui", "shop-prod-svc-checkout"]);
        expect(groups["shop-prod-checkout"].filterExpression).to.equal('(service("checkout") OR service("orders")) AND (responsetime > 2 OR fault = true OR error = true)');
        expect(groups["shop-prod-svc-ui"].filterExpression).to.equal('service("ui") { fault = true OR error = true }');
        for (const g of Object.values(groups)) expect(g.insightsConfiguration).to.deep.equal({ insightsEnabled: true, notificationsEnabled: true });
    });

    it("leaves the account-wide encryption setting alone unless given a key", async () => {
        expect((await record(base)).resources.some((r) => r.type === "aws:xray/encryptionConfig:EncryptionConfig")).to.equal(false);
        const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-4333-a444-555555555555";
        const enc = (await record({ ...base, encryptionKeyArn: keyArn })).resources.filter((r) => r.type === "aws:xray/encryptionConfig:EncryptionConfig");
        expect(enc.map((r) => r.inputs)).to.deep.equal([{ type: "KMS", keyId: keyArn }]);
    });

    it("refuses bad arguments before registering anything, naming each field", () => {
        expect(() => new XRayTracing("t", { ...base, namePrefix: "ecommerce-platform-prod" })).to.throw(
            "namePrefix: 'ecommerce-platform-prod' is not allowed; expected 1-16 letters, digits, '_' or '-' (X-Ray names are at most 32 characters)");
        expect(() => new XRayTracing("t", { ...base, samplingRate: 1.5 })).to.throw("samplingRate: '1.5' is not allowed; expected a fraction from 0 to 1");
        expect(() => new XRayTracing("t", { ...base, checkoutSamplingRate: 0.01 })).to.throw(
            "checkoutSamplingRate: '0.01' is not allowed; expected a fraction from samplingRate to 1");
        expect(() => new XRayTracing("t", { ...base, reservoirPerSecond: -1 })).to.throw("reservoirPerSecond: '-1' is not allowed");
        expect(() => new XRayTracing("t", { ...base, services: ["a-service-with-a-long-name"] })).to.throw(
            "services[0]: 'a-service-with-a-long-name' is not allowed; expected a service name such that '<namePrefix>-svc-<service>' has at most 32 characters");
    });

    it("plans rules and groups as pure functions", () => {
        expect(samplingRules({ samplingRate: 0.1, checkoutSamplingRate: 0.5, reservoirPerSecond: 2 }).map((r) => r.suffix))
            .to.deep.equal(["health", "actuator", "checkout", "orders", "default"]);
        expect(tracingGroups([]).map((g) => g.suffix)).to.deep.equal(["faults", "checkout"]);
    });
});
