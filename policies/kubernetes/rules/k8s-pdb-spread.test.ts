import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../tools/testing/policies";
import { k8sPdbSpread } from "./k8s-pdb-spread";

const spread = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "ui" } } }];
const deployment = (o: { name?: string; namespace?: unknown; replicas?: unknown; labels?: Record<string, unknown>; tsc?: unknown; type?: string } = {}): FixtureResource => ({
    type: o.type ?? "kubernetes:apps/v1:Deployment", name: o.name ?? "ui",
    inputs: {
        metadata: { name: o.name ?? "ui", ...(o.namespace !== undefined ? { namespace: o.namespace } : {}) },
        spec: {
            ...(o.replicas !== undefined ? { replicas: o.replicas } : {}),
            selector: { matchLabels: { app: "ui" } },
            template: { metadata: { labels: o.labels ?? { app: "ui", tier: "web" } }, spec: { containers: [{ name: "ui", image: "x:1" }], ...(o.tsc !== undefined ? { topologySpreadConstraints: o.tsc } : {}) } },
        },
    },
});
const pdb = (namespace: unknown, selector: unknown, name = "ui-pdb"): FixtureResource => ({
    type: "kubernetes:policy/v1:PodDisruptionBudget", name,
    inputs: { metadata: { name, ...(namespace !== undefined ? { namespace } : {}) }, spec: { maxUnavailable: 1, ...(selector !== undefined ? { selector } : {}) } },
});

describe("kubernetes rule k8s-pdb-spread (stack)", () => {
    it("passes a replicated Deployment with a matching PDB and zone spread", () => {
        const run = runRule(k8sPdbSpread, [deployment({ namespace: "shop", replicas: 3, tsc: spread }), pdb("shop", { matchLabels: { app: "ui" } })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
        expect(run.checks).to.equal(1);
    });
    it("ignores single-replica workloads (replicas unset defaults to 1)", () => {
        const run = runRule(k8sPdbSpread, [deployment({ namespace: "shop" }), deployment({ name: "one", replicas: 1 })]);
        expect(run.violations).to.have.length(0);
    });
    it("reports a missing PDB and missing zone spread at the workload, as advisory", () => {
        const run = runRule(k8sPdbSpread, [deployment({ namespace: "shop", replicas: 2, tsc: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule" }] })]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "k8s-pdb-spread", enforcementLevel: "advisory", urn: "urn:pulumi:test::fixture::kubernetes:apps/v1:Deployment::ui" });
        expect(run.messages).to.deep.equal([
            "Deployment 'ui' has 2 replicas but no PodDisruptionBudget in namespace 'shop' selects its pods (labels app=ui,tier=web).",
            "Deployment 'ui' has 2 replicas but spec.template.spec.topologySpreadConstraints has no constraint with topologyKey topology.kubernetes.io/zone.",
        ]);
    });
    it("does not count a PDB in another namespace, with a non-subset selector, or without a selector", () => {
        const run = runRule(k8sPdbSpread, [
            deployment({ namespace: "shop", replicas: 2, tsc: spread, type: "kubernetes:apps/v1:StatefulSet" }),
            pdb("other", { matchLabels: { app: "ui" } }, "a"),
            pdb("shop", { matchLabels: { app: "ui", version: "v2" } }, "b"),
            pdb("shop", undefined, "c"),
        ]);
        expect(run.messages).to.deep.equal(["StatefulSet 'ui' has 2 replicas but no PodDisruptionBudget in namespace 'shop' selects its pods (labels app=ui,tier=web)."]);
    });
    it("matches the default namespace and matchExpressions", () => {
        const run = runRule(k8sPdbSpread, [deployment({ replicas: 2, tsc: spread }), pdb(undefined, { matchExpressions: [{ key: "tier", operator: "In", values: ["web"] }] })]);
        expect(run.violations).to.have.length(0);
    });
    it("links an unknown namespace through the Namespace resource it comes from", () => {
        const ns: FixtureResource = { type: "kubernetes:core/v1:Namespace", name: "shop", inputs: { metadata: {} } };
        const run = runRule(k8sPdbSpread, [
            ns,
            { ...deployment({ namespace: UNKNOWN, replicas: 2, tsc: spread }), propertyDependencies: { metadata: ["shop"] } },
            { ...pdb(UNKNOWN, { matchLabels: { app: "ui" } }), propertyDependencies: { metadata: ["shop"] } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("defers unknown replicas to the update", () => {
        const run = runRule(k8sPdbSpread, [deployment({ namespace: "shop", replicas: UNKNOWN })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.include("spec.replicas");
    });
    it("defers a PDB whose namespace cannot be decided during preview", () => {
        const run = runRule(k8sPdbSpread, [deployment({ namespace: "shop", replicas: 2, tsc: spread }), pdb(UNKNOWN, { matchLabels: { app: "ui" } })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
    });
    it("is not applicable without Deployments or StatefulSets", () => {
        const run = runRule(k8sPdbSpread, [pdb("shop", {})]);
        expect(run.notApplicable).to.equal(1);
    });
});
