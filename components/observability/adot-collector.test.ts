import { expect } from "chai";
import * as path from "path";
import { parse } from "yaml";
import { SecurityLayer } from "../security/layer";
import { evaluatePacks, loadPolicyPack } from "../../tools/plan/evaluate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { ADOT_COLLECTOR_IMAGE, ADOT_XRAY_ACTIONS, AdotCollector, AdotCollectorArgs, collectorConfig, collectorEndpoint, configChecksum } from "./adot-collector";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/test/workload-boundary`;
const base: AdotCollectorArgs = { clusterName: "shop", region: REGION, permissionsBoundaryArn: BOUNDARY, vpcCidr: "10.20.0.0/16" };
/* The recorded inputs are plain JSON. */
const I = (r: { inputs: unknown }) => r.inputs as any;
const opts = { project: "ecommerce-platform", stack: "prod", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) };

describe("observability/AdotCollector", () => {
    it("runs the pinned collector in its own restricted namespace, two replicas, read-only root, probes, no API token", async () => {
        const rec = await recordProgram(() => { new AdotCollector("adot", base); }, opts);
        const ns = rec.resources.find((r) => r.type === "kubernetes:core/v1:Namespace")!;
        expect(I(ns).metadata.name).to.equal("observability");
        expect(I(ns).metadata.labels["pod-security.kubernetes.io/enforce"]).to.equal("restricted");
        const dep = rec.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
        expect(I(dep).spec.replicas).to.equal(2);
        const pod = I(dep).spec.template.spec;
        expect(pod.automountServiceAccountToken).to.equal(false);
        expect(pod.serviceAccountName).to.equal("adot-collector");
        const c = pod.containers[0];
        expect(c.image).to.equal(ADOT_COLLECTOR_IMAGE).and.to.match(/^public\.ecr\.aws\/aws-observability\/aws-otel-collector:v\d+\.\d+\.\d+$/);
        expect(c.securityContext).to.deep.include({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
        expect(c.securityContext.capabilities).to.deep.equal({ drop: ["ALL"] });
        expect(c.resources).to.deep.equal({ requests: { cpu: "200m", memory: "512Mi" }, limits: { memory: "512Mi" } });
        expect(c.readinessProbe.httpGet).to.deep.include({ port: "health" });
        expect(c.ports.map((p: { containerPort: number }) => p.containerPort)).to.have.members([4317, 4318, 2000, 13133]);
        const svc = rec.resources.find((r) => r.type === "kubernetes:core/v1:Service")!;
        expect(I(svc).spec.ports.map((p: { port: number }) => p.port)).to.deep.equal([4317, 4318, 2000]);
        expect(rec.resources.some((r) => r.type === "kubernetes:policy/v1:PodDisruptionBudget")).to.equal(true);
    });

    it("exports OTLP traces to X-Ray in the stack's region and serves the X-Ray sampling proxy", async () => {
        const rec = await recordProgram(() => { new AdotCollector("adot", base); }, opts);
        const cm = rec.resources.find((r) => r.type === "kubernetes:core/v1:ConfigMap")!;
        const conf = parse(I(cm).data["config.yaml"] as string) as ReturnType<typeof collectorConfig>;
        expect(conf).to.deep.equal(collectorConfig(REGION));
        const service = conf.service as { pipelines: { traces: { receivers: string[]; exporters: string[] } } };
        expect(service.pipelines.traces).to.deep.include({ receivers: ["otlp"], exporters: ["awsxray"] });
        expect((conf.exporters as { awsxray: { region: string } }).awsxray.region).to.equal(REGION);
    });

    it("rolls its pods when its configuration changes: the pod template carries the config's checksum", async () => {
        const checksumIn = async (region: string) => {
            const rec = await recordProgram(() => { new AdotCollector("adot", { ...base, region }); }, opts);
            const yaml = I(rec.resources.find((r) => r.type === "kubernetes:core/v1:ConfigMap")!).data["config.yaml"] as string;
            const annotations = I(rec.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!).spec.template.metadata.annotations;
            expect(annotations["checksum/config"]).to.equal(configChecksum(yaml)).and.to.match(/^[0-9a-f]{64}$/);
            return annotations["checksum/config"] as string;
        };
        expect(await checksumIn(REGION)).to.not.equal(await checksumIn("eu-central-1"));
    });

    it("has its own Pod Identity role: only the five X-Ray actions, under the workload boundary, for observability/adot-collector", async () => {
        const rec = await recordProgram(() => { new AdotCollector("adot", base); }, opts);
        const role = rec.resources.find((r) => r.type === "aws:iam/role:Role")!;
        expect(role.inputs.permissionsBoundary).to.equal(BOUNDARY);
        const policy = JSON.parse(rec.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")!.inputs.policy as string);
        expect(policy.Statement).to.deep.equal([{ Sid: "XRayWrite", Effect: "Allow", Action: [...ADOT_XRAY_ACTIONS], Resource: "*" }]);
        const assoc = rec.resources.find((r) => r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation")!;
        expect(assoc.inputs).to.deep.include({ clusterName: "shop", namespace: "observability", serviceAccount: "adot-collector" });
        const dep = rec.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
        // Pod Identity injects credentials at pod creation: the association exists before the pods.
        expect(dep.options.dependsOn).to.include(assoc.urn);
    });

    it("admits OTLP only from the shop's namespaces and lets the collector reach DNS, Pod Identity and AWS on 443 only", async () => {
        const rec = await recordProgram(() => { new AdotCollector("adot", base); }, opts);
        const nps = Object.fromEntries(rec.resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .map((r) => [I(r).metadata.name as string, I(r).spec]));
        expect(nps["default-deny"]).to.deep.equal({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        expect(nps["adot-collector-ingress"].ingress[0].from).to.deep.equal([{ namespaceSelector: { matchLabels: { "app.kubernetes.io/part-of": "ecommerce" } } }]);
        const egress = nps["adot-collector-egress"].egress;
        expect(egress[2]).to.deep.equal({ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.20.0.0/16"] } }], ports: [{ protocol: "TCP", port: 443 }] });
    });

    it("names its endpoint as the services reach it", () => {
        expect(collectorEndpoint()).to.equal("http://adot-collector.observability.svc.cluster.local:4318");
    });

    it("refuses bad arguments before registering anything, naming each field", () => {
        expect(() => new AdotCollector("a", { ...base, permissionsBoundaryArn: "" })).to.throw(
            "permissionsBoundaryArn: '' is not allowed; every workload role carries the platform's permissions boundary");
        expect(() => new AdotCollector("a", { ...base, image: "public.ecr.aws/aws-observability/aws-otel-collector:latest" })).to.throw("image: 'public.ecr.aws/aws-observability/aws-otel-collector:latest' is not allowed");
        expect(() => new AdotCollector("a", { ...base, replicas: 0 })).to.throw("replicas: '0' is not allowed; expected a whole number from 1 to 10");
        expect(() => new AdotCollector("a", { ...base, clientNamespaceLabels: {} })).to.throw("clientNamespaceLabels: '{}' is not allowed");
        expect(() => new AdotCollector("a", { ...base, vpcCidr: "10.0.0.0/33" })).to.throw("vpcCidr: '10.0.0.0/33' is not allowed");
    });

    it("passes both policy packs with no violation, mandatory or advisory, in preview and up", async function () {
        this.timeout(120000);
        const packs = ["aws", "kubernetes"].map((p) => loadPolicyPack(path.join(__dirname, "..", "..", "policies", p)));
        for (const preview of [true, false]) {
            const { resources } = await recordProgram(() => {
                const security = new SecurityLayer("ecommerce-platform-prod", {
                    config: { kmsDeletionWindowDays: 30, keyAdminRoleArns: [] }, aliasPrefix: "ecommerce-platform/prod", protect: true,
                });
                new AdotCollector("adot", { ...base, permissionsBoundaryArn: security.workloadBoundary.arn });
            }, { ...opts, preview });
            const evaluation = await evaluatePacks(packs, resources);
            const findings = evaluation.violations.filter((v) => v.urn?.includes("adot") || v.urn?.includes("observability"))
                .map((v) => `${v.policy} ${v.enforcementLevel}: ${v.message}`);
            expect(findings, preview ? "preview" : "up").to.deep.equal([]);
        }
    });
});
