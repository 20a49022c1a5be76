/**
 * Tracing in the prod plan: X-Ray sampling rules and groups, the ADOT collector with its own Pod Identity role (the
 * X-Ray actions only), and the retail services' OpenTelemetry environment pointing at the collector, with egress to it.
 * With `tracing.enabled: false` none of it exists and the services get no OTEL variable.
 */
import { expect } from "chai";
import { plannedStack, recordStack } from "../tools/testing/stack-plans";
import { ADOT_XRAY_ACTIONS } from "../components/observability";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const envOf = (d: { inputs: any }) => Object.fromEntries((d.inputs.spec.template.spec.containers[0].env as { name: string; value?: string }[])
    .map((e) => [e.name, e.value]));

describe("stacks: tracing (prod)", () => {
    it("creates the shop's sampling rules and groups under the observability layer", async () => {
        const plan = await plannedStack("prod");
        const rules = plan.resources.filter((r) => r.type === "aws:xray/samplingRule:SamplingRule");
        const byName = Object.fromEntries(rules.map((r) => [r.inputs.ruleName as string, r.inputs]));
        expect(Object.keys(byName)).to.have.members(["shop-prod-health", "shop-prod-actuator", "shop-prod-checkout", "shop-prod-orders", "shop-prod-default"]);
        expect(byName["shop-prod-default"]).to.deep.include({ fixedRate: 0.05, reservoirSize: 5 });
        expect(byName["shop-prod-checkout"]).to.deep.include({ fixedRate: 0.25, reservoirSize: 5 });
        const groups = plan.resources.filter((r) => r.type === "aws:xray/group:Group").map((r) => r.inputs.groupName as string);
        expect(groups).to.include.members(["shop-prod-faults", "shop-prod-checkout", "shop-prod-svc-ui", "shop-prod-svc-checkout", "shop-prod-svc-orders"]);
        const xray = plan.resources.find((r) => r.type === "platform:observability:XRayTracing")!;
        expect(xray.parent).to.match(/platform:observability:ObservabilityLayer::ecommerce-platform-prod$/);
    });

    it("runs the collector with a Pod Identity association and a role that may only write to X-Ray", async () => {
        const plan = await plannedStack("prod");
        const collector = plan.resources.find((r) => r.type === "platform:observability:AdotCollector")!;
        const mine = (type: string) => plan.resources.filter((r) => r.type === type && r.urn.includes("AdotCollector"));
        const [dep] = mine(DEPLOYMENT);
        expect((dep.inputs as any).spec.replicas).to.equal(2);
        const [assoc] = mine("aws:eks/podIdentityAssociation:PodIdentityAssociation");
        expect(assoc.inputs).to.deep.include({ namespace: "observability", serviceAccount: "adot-collector" });
        const [policy] = mine("aws:iam/rolePolicy:RolePolicy");
        const actions = (JSON.parse(policy.inputs.policy as string).Statement as { Action: string[] }[]).flatMap((s) => s.Action);
        expect(actions).to.have.members([...ADOT_XRAY_ACTIONS]);
        expect(collector.parent).to.match(/platform:observability:ObservabilityLayer::ecommerce-platform-prod$/);
        // The Kubernetes objects go to the cluster through its provider.
        expect(dep.options.provider).to.match(/pulumi:providers:kubernetes::/);
    });

    it("sets every retail service's OTEL environment to the collector, the Java agent's variables on the Java services only", async () => {
        const plan = await plannedStack("prod");
        const services = ["ui", "catalog", "cart", "checkout", "orders"];
        for (const svc of services) {
            const dep = plan.resources.find((r) => r.type === DEPLOYMENT && r.urn.endsWith(`Microservice$kubernetes:apps/v1:Deployment::ecommerce-platform-prod-${svc}`))!;
            const env = envOf(dep);
            expect(env, svc).to.deep.include({
                OTEL_SERVICE_NAME: svc,
                OTEL_EXPORTER_OTLP_ENDPOINT: "http://adot-collector.observability.svc.cluster.local:4318",
                OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
                OTEL_TRACES_SAMPLER_ARG: "0.05",
            });
            expect("OTEL_SDK_DISABLED" in env, svc).to.equal(["ui", "cart", "orders"].includes(svc));
            const egress = plan.resources.find((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.name === `ecommerce-platform-prod-${svc}-egress`)!;
            const toCollector = ((egress.inputs as any).spec.egress as any[]).find((e) => e.to?.[0]?.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "observability");
            expect(toCollector?.ports, svc).to.deep.equal([{ protocol: "TCP", port: 4317 }, { protocol: "TCP", port: 4318 }]);
        }
    });

    it("creates nothing of tracing and sets no OTEL variable when tracing is off", async () => {
        const plan = await recordStack("prod", { "ecommerce-platform:tracing": { enabled: false, samplingRate: 0.05, checkoutSamplingRate: 0.25, reservoirPerSecond: 5 } });
        expect(plan.resources.filter((r) => r.type.startsWith("aws:xray/") || ["platform:observability:XRayTracing", "platform:observability:AdotCollector"].includes(r.type))).to.deep.equal([]);
        for (const d of plan.resources.filter((r) => r.type === DEPLOYMENT && r.urn.includes("Microservice"))) {
            expect(Object.keys(envOf(d)).filter((n) => n.startsWith("OTEL_")), d.name).to.deep.equal([]);
        }
    });
});
