import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../tools/testing/policies";
import { k8sProbes } from "./k8s-probes";

const probe = { httpGet: { path: "/actuator/health/readiness", port: 8080 } };
const deployment = (containers: unknown[], type = "kubernetes:apps/v1:Deployment") => ({
    type, name: "cart",
    inputs: { metadata: { name: "cart" }, spec: { replicas: 2, selector: { matchLabels: { app: "cart" } }, template: { metadata: { labels: { app: "cart" } }, spec: { containers } } } },
});

describe("kubernetes rule k8s-probes", () => {
    it("passes serving containers with a readiness probe and workers without ports", () => {
        const run = runRule(k8sProbes, [deployment([
            { name: "cart", image: "x:1", ports: [{ containerPort: 8080 }], readinessProbe: probe },
            { name: "worker", image: "x:1" },
        ])]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports a serving container without a readiness probe, as advisory", () => {
        const run = runRule(k8sProbes, [deployment([{ name: "cart", image: "x:1", ports: [{ containerPort: 8080 }], livenessProbe: probe }], "kubernetes:apps/v1:StatefulSet")]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "k8s-probes", enforcementLevel: "advisory", urn: "urn:pulumi:test::fixture::kubernetes:apps/v1:StatefulSet::cart" });
        expect(run.messages[0]).to.equal("container 'cart' (spec.template.spec.containers[0]) declares a port but has no readinessProbe.");
    });
    it("defers unknown ports on a container without a probe", () => {
        const run = runRule(k8sProbes, [deployment([{ name: "cart", image: "x:1", ports: UNKNOWN }])]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.include("spec.template.spec.containers[0].ports");
    });
    it("does not apply to Jobs and DaemonSets", () => {
        const run = runRule(k8sProbes, [deployment([{ name: "x", image: "x:1", ports: [{ containerPort: 1 }] }], "kubernetes:apps/v1:DaemonSet")]);
        expect(run.notApplicable).to.equal(1);
        expect(run.violations).to.have.length(0);
    });
});
