import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../tools/testing/policies";
import { k8sDefaultDeny } from "./k8s-default-deny";

/** metaName null = auto-named (no metadata.name). */
const namespace = (name: string, metaName: unknown = name): FixtureResource => ({ type: "kubernetes:core/v1:Namespace", name, inputs: { metadata: metaName === null ? {} : { name: metaName } } });
const deployment = (name: string, ns: unknown): FixtureResource => ({
    type: "kubernetes:apps/v1:Deployment", name,
    inputs: { metadata: { name, namespace: ns }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: "x:1" }] } } } },
});
const netpol = (name: string, ns: unknown, spec: Record<string, unknown> = { podSelector: {}, policyTypes: ["Ingress"] }): FixtureResource => ({
    type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name, inputs: { metadata: { name, namespace: ns }, spec },
});
/** Whether the rule accepts a workload namespace whose only NetworkPolicy has this spec. */
const deniesIngress = (spec: Record<string, unknown>) =>
    runRule(k8sDefaultDeny, [namespace("shop"), deployment("ui", "shop"), netpol("np", "shop", spec)]).violations.length === 0;

describe("kubernetes rule k8s-default-deny (stack)", () => {
    it("recognises default-deny ingress policies: every pod selected, Ingress among the types (the default), no ingress rule", () => {
        expect(deniesIngress({ podSelector: {}, policyTypes: ["Ingress", "Egress"] })).to.equal(true);
        expect(deniesIngress({ podSelector: { matchLabels: {} } })).to.equal(true);
        expect(deniesIngress({ podSelector: { matchLabels: { app: "ui" } }, policyTypes: ["Ingress"] })).to.equal(false);
        expect(deniesIngress({ podSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] } })).to.equal(false);
        expect(deniesIngress({ podSelector: {}, policyTypes: ["Egress"] })).to.equal(false);
        expect(deniesIngress({ podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] })).to.equal(false);
    });
    it("passes workload namespaces with a default deny, and ignores namespaces without workloads", () => {
        const run = runRule(k8sDefaultDeny, [namespace("shop"), namespace("empty"), deployment("ui", "shop"), netpol("deny", "shop")]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
        expect(run.checks).to.equal(1);
    });
    it("reports a workload namespace without a default deny at the Namespace, as advisory", () => {
        const run = runRule(k8sDefaultDeny, [
            namespace("shop"), deployment("ui", "shop"), deployment("cart", "shop"),
            netpol("allow-ui", "shop", { podSelector: { matchLabels: { app: "ui" } }, policyTypes: ["Ingress"] }),
            netpol("deny-elsewhere", "other"),
        ]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "k8s-default-deny", enforcementLevel: "advisory", urn: "urn:pulumi:test::fixture::kubernetes:core/v1:Namespace::shop" });
        expect(run.messages[0]).to.equal("namespace 'shop' holds workloads ('ui', 'cart') but has no default-deny ingress NetworkPolicy (podSelector {}, policyTypes [Ingress], no ingress rules).");
    });
    it("links auto-named namespaces through propertyDependencies", () => {
        const ok = runRule(k8sDefaultDeny, [
            namespace("shop", null),
            { ...deployment("ui", UNKNOWN), propertyDependencies: { metadata: ["shop"] } },
            { ...netpol("deny", UNKNOWN), propertyDependencies: { metadata: ["shop"] } },
        ]);
        expect(ok.violations).to.have.length(0);
        expect(ok.unknowns).to.have.length(0);
        const bad = runRule(k8sDefaultDeny, [namespace("shop", null), { ...deployment("ui", UNKNOWN), propertyDependencies: { metadata: ["shop"] } }]);
        expect(bad.messages).to.deep.equal(["the namespace of Namespace resource 'shop' holds workloads ('ui') but has no default-deny ingress NetworkPolicy (podSelector {}, policyTypes [Ingress], no ingress rules)."]);
    });
    it("defers when a Namespace name is unknown in preview and could match a workload's namespace", () => {
        const run = runRule(k8sDefaultDeny, [namespace("shop", UNKNOWN), deployment("ui", "shop")]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.include("Namespace 'shop'");
    });
    it("defers when a NetworkPolicy's namespace or spec is unknown", () => {
        const a = runRule(k8sDefaultDeny, [namespace("shop"), deployment("ui", "shop"), netpol("deny", UNKNOWN)]);
        expect(a.violations).to.have.length(0);
        expect(a.unknowns).to.have.length(1);
        const b = runRule(k8sDefaultDeny, [namespace("shop"), deployment("ui", "shop"), netpol("deny", "shop", { podSelector: {}, policyTypes: UNKNOWN })]);
        expect(b.violations).to.have.length(0);
        expect(b.unknowns).to.have.length(1);
    });
    it("is not applicable without Namespaces", () => {
        const run = runRule(k8sDefaultDeny, [deployment("ui", "default")]);
        expect(run.notApplicable).to.equal(1);
    });
});
