import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { Microservice, MicroserviceArgs } from "./microservice";
import { tracingEnv, TracingSettings } from "./microservice-manifests";
import { resolveServiceSpec, validateServiceSpec } from "./service-spec";
import { ACCOUNT, BOUNDARY_ARN, CART, CATALOG, PLATFORM, REGION, VPC_CIDR } from "./testing";

const TRACING: TracingSettings = {
    endpoint: "http://adot-collector.observability.svc.cluster.local:4318", collectorNamespace: "observability",
    collectorLabels: { "app.kubernetes.io/name": "adot-collector" }, samplingRatio: 0.1,
};
const TRACED_CART = { ...CART, tracingEnv: { OTEL_SDK_DISABLED: "false", OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" } };
const args = (over: Partial<MicroserviceArgs> = {}): MicroserviceArgs => ({
    spec: TRACED_CART, environment: "prod", clusterName: "shop-prod", permissionsBoundaryArn: BOUNDARY_ARN, platform: PLATFORM, vpcCidr: VPC_CIDR, ...over,
});
const record = (a: MicroserviceArgs) => recordProgram(() => { new Microservice("cart", a); }, {
    project: "shop", stack: "prod", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT),
});
const env = (rec: Awaited<ReturnType<typeof record>>) => Object.fromEntries(((rec.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!
    .inputs as any).spec.template.spec.containers[0].env as { name: string; value: string }[]).map((e) => [e.name, e.value]));

describe("compute/Microservice: tracing", () => {
    it("sets the OTEL variables and the spec's tracingEnv when traced, and opens egress to the collector on the OTLP ports", async () => {
        const rec = await record(args({ tracing: TRACING }));
        expect(env(rec)).to.deep.include({
            OTEL_SERVICE_NAME: "cart", OTEL_EXPORTER_OTLP_ENDPOINT: TRACING.endpoint, OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
            OTEL_TRACES_SAMPLER_ARG: "0.1", OTEL_SDK_DISABLED: "false", OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
        });
        const egress = rec.resources.find((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.name === "cart-egress")!;
        expect((egress.inputs as any).spec.egress).to.deep.include({
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "observability" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "adot-collector" } } }],
            ports: [{ protocol: "TCP", port: 4317 }, { protocol: "TCP", port: 4318 }],
        });
    });

    it("sets no OTEL variable and no collector egress when not traced, whatever the spec's tracingEnv", async () => {
        const rec = await record(args());
        expect(Object.keys(env(rec)).filter((n) => n.startsWith("OTEL_"))).to.deep.equal([]);
        const egress = rec.resources.find((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.name === "cart-egress")!;
        expect(JSON.stringify((egress.inputs as any).spec.egress)).to.not.include("observability");
    });

    it("refuses a bad tracing argument before registering anything, naming the field", () => {
        expect(() => new Microservice("cart", args({ tracing: { ...TRACING, samplingRatio: 2 } }))).to.throw(
            "cart: tracing.samplingRatio: '2' is not allowed; expected a fraction from 0 to 1");
        expect(() => new Microservice("cart", args({ tracing: { ...TRACING, endpoint: "collector:4318" } }))).to.throw("cart: tracing.endpoint: 'collector:4318' is not allowed");
        // A namespace is a DNS label: no dot (which an Ingress group name may have).
        expect(() => new Microservice("cart", args({ tracing: { ...TRACING, collectorNamespace: "obs.tracing" } }))).to.throw(
            "cart: tracing.collectorNamespace: 'obs.tracing' is not allowed; expected a Kubernetes namespace name");
    });

    it("validates tracingEnv: no credential-looking name, no reference, not also in env", () => {
        expect(() => validateServiceSpec({ ...CART, tracingEnv: { OTEL_API_TOKEN: "x" } }, "prod")).to.throw(
            "cart: tracingEnv.OTEL_API_TOKEN: looks like a credential or is reserved for AWS credentials; tracing needs neither");
        expect(() => validateServiceSpec({ ...CART, tracingEnv: { OTEL_X: "{{carts.name}}" } }, "prod")).to.throw(
            "cart: tracingEnv.OTEL_X: '{{carts.name}}' is not allowed; expected a plain string (no {{need.attribute}} reference)");
        expect(() => validateServiceSpec({ ...CART, tracingEnv: { JAVA_OPTS: "-Xmx1g" } }, "prod")).to.throw("cart: tracingEnv.JAVA_OPTS: is also in env");
        expect(resolveServiceSpec(TRACED_CART, "prod").tracingEnv).to.deep.equal(TRACED_CART.tracingEnv);
    });

    it("keeps each variable in one place: tracingEnv never repeats a secretEnv name, nor do the standard OTEL variables", () => {
        expect(() => validateServiceSpec({ ...CATALOG, tracingEnv: { RETAIL_CATALOG_PERSISTENCE_USER: "x" } }, "prod")).to.throw(
            "catalog: tracingEnv.RETAIL_CATALOG_PERSISTENCE_USER: is also in secretEnv; a variable comes from one place");
        const fromSecret = resolveServiceSpec({ ...CATALOG, secretEnv: { ...CATALOG.secretEnv, OTEL_SERVICE_NAME: { need: "catalog", key: "username" } } }, "prod");
        expect(tracingEnv(fromSecret, TRACING)).to.deep.equal({
            OTEL_EXPORTER_OTLP_ENDPOINT: TRACING.endpoint, OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.1",
        });
    });
});
