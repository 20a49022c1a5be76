import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../tools/testing/policies";
import { k8sNoDefaultSaToken } from "./k8s-no-default-sa-token";

const deployment = (podSpec: Record<string, unknown>, podMeta: Record<string, unknown> = { labels: { app: "orders" } }) => ({
    type: "kubernetes:apps/v1:Deployment", name: "orders",
    inputs: { metadata: { name: "orders" }, spec: { selector: { matchLabels: { app: "orders" } }, template: { metadata: podMeta, spec: { containers: [{ name: "orders", image: "x:1" }], ...podSpec } } } },
});

describe("kubernetes rule k8s-no-default-sa-token", () => {
    it("passes a dedicated ServiceAccount without a token", () => {
        const run = runRule(k8sNoDefaultSaToken, [deployment({ serviceAccountName: "orders", automountServiceAccountToken: false })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("passes a mounted token when the pod declares it needs the API (label or annotation)", () => {
        const run = runRule(k8sNoDefaultSaToken, [
            deployment({ serviceAccountName: "controller" }, { labels: { app: "c", "platform.io/needs-api-token": "true" } }),
            deployment({ serviceAccountName: "controller", automountServiceAccountToken: true }, { annotations: { "platform.io/needs-api-token": "true" } }),
        ]);
        expect(run.violations).to.have.length(0);
    });
    it("reports the default ServiceAccount and a mounted token, as advisory", () => {
        const run = runRule(k8sNoDefaultSaToken, [deployment({})]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "k8s-no-default-sa-token", enforcementLevel: "advisory" });
        expect(run.messages).to.deep.equal([
            "spec.template.spec.serviceAccountName is not set, so the pod runs as the namespace's \"default\" ServiceAccount; use a dedicated ServiceAccount.",
            "spec.template.spec.automountServiceAccountToken is not set (defaults to true); set it to false, or mark the pod platform.io/needs-api-token: \"true\" if it needs the API token.",
        ]);
    });
    it("reports serviceAccountName \"default\" on a bare Pod, and a label that is not \"true\"", () => {
        const run = runRule(k8sNoDefaultSaToken, [{ type: "kubernetes:core/v1:Pod", inputs: { metadata: { labels: { "platform.io/needs-api-token": "false" } }, spec: { serviceAccountName: "default", automountServiceAccountToken: true, containers: [] } } }]);
        expect(run.messages).to.deep.equal([
            "spec.serviceAccountName is \"default\"; use a dedicated ServiceAccount.",
            "spec.automountServiceAccountToken is true; set it to false, or mark the pod platform.io/needs-api-token: \"true\" if it needs the API token.",
        ]);
    });
    it("defers an unknown ServiceAccount name to the update", () => {
        const run = runRule(k8sNoDefaultSaToken, [deployment({ serviceAccountName: UNKNOWN, automountServiceAccountToken: false })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.include("spec.template.spec.serviceAccountName");
    });
});
