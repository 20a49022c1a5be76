import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../tools/testing/policies";
import { k8sResources } from "./k8s-resources";

const resources = { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } };
const job = (podSpec: Record<string, unknown>) => ({
    type: "kubernetes:batch/v1:Job", name: "migrate",
    inputs: { metadata: { name: "migrate" }, spec: { template: { spec: { restartPolicy: "Never", ...podSpec } } } },
});

describe("kubernetes rule k8s-resources", () => {
    it("passes containers with cpu/memory requests and a memory limit (ephemeral containers are exempt)", () => {
        const run = runRule(k8sResources, [job({
            containers: [{ name: "main", image: "x:1", resources }],
            initContainers: [{ name: "wait", image: "x:1", resources }],
            ephemeralContainers: [{ name: "debug", image: "x:1" }],
        })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports missing requests and limits per container, as mandatory", () => {
        const run = runRule(k8sResources, [job({
            containers: [{ name: "main", image: "x:1", resources: { requests: { cpu: "100m" }, limits: { cpu: "1" } } }],
            initContainers: [{ name: "wait", image: "x:1", resources: { requests: { cpu: "100m", memory: "64Mi" } } }],
        })]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "k8s-resources", enforcementLevel: "mandatory" });
        expect(run.messages).to.deep.equal([
            "container 'main' (spec.template.spec.containers[0]): resources requests.memory, limits.memory are not set.",
            "initContainer 'wait' (spec.template.spec.initContainers[0]): resources limits.memory is not set.",
        ]);
    });
    it("reports a container without resources on a Deployment", () => {
        const run = runRule(k8sResources, [{ type: "kubernetes:apps/v1:Deployment", inputs: { spec: { template: { spec: { containers: [{ name: "a", image: "x:1" }] } } } } }]);
        expect(run.messages).to.deep.equal(["container 'a' (spec.template.spec.containers[0]): resources requests.cpu, requests.memory, limits.memory are not set."]);
    });
    it("counts computed quantities as set", () => {
        const run = runRule(k8sResources, [job({ containers: [{ name: "main", image: "x:1", resources: { requests: { cpu: UNKNOWN, memory: "1Gi" }, limits: { memory: UNKNOWN } } }] })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("defers an unknown resources object to the update", () => {
        const run = runRule(k8sResources, [job({ containers: [{ name: "main", image: "x:1", resources: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff" }] })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.include("spec.template.spec.containers[0].resources");
    });
    it("is not applicable to a Service", () => {
        const run = runRule(k8sResources, [{ type: "kubernetes:core/v1:Service" }]);
        expect(run.notApplicable).to.equal(1);
    });
});
