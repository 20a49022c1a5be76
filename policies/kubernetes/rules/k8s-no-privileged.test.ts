import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../tools/testing/policies";
import { k8sNoPrivileged } from "./k8s-no-privileged";

const safe = { name: "web", image: "public.ecr.aws/aws-containers/retail-store-sample-ui:1.6.2", securityContext: { allowPrivilegeEscalation: false }, ports: [{ containerPort: 8080 }] };
const deployment = (podSpec: Record<string, unknown>) => ({
    type: "kubernetes:apps/v1:Deployment", name: "ui",
    inputs: { metadata: { name: "ui", namespace: "shop" }, spec: { selector: { matchLabels: { app: "ui" } }, template: { metadata: { labels: { app: "ui" } }, spec: podSpec } } },
});

describe("kubernetes rule k8s-no-privileged", () => {
    it("passes a pod spec without privileges", () => {
        const run = runRule(k8sNoPrivileged, [deployment({ containers: [safe], volumes: [{ name: "tmp", emptyDir: {} }] })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
        expect(run.checks).to.equal(1);
    });
    it("reports a privileged container, as mandatory", () => {
        const run = runRule(k8sNoPrivileged, [deployment({ containers: [{ ...safe, securityContext: { privileged: true, allowPrivilegeEscalation: false } }] })]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "k8s-no-privileged", enforcementLevel: "mandatory", urn: "urn:pulumi:test::fixture::kubernetes:apps/v1:Deployment::ui" });
        expect(run.messages[0]).to.equal("container 'web' (spec.template.spec.containers[0]): securityContext.privileged is true.");
    });
    it("requires allowPrivilegeEscalation to be explicitly false on init and ephemeral containers too", () => {
        const run = runRule(k8sNoPrivileged, [deployment({
            containers: [safe],
            initContainers: [{ name: "migrate", image: "x:1" }],
            ephemeralContainers: [{ name: "debug", image: "x:1", securityContext: { allowPrivilegeEscalation: true } }],
        })]);
        expect(run.messages).to.deep.equal([
            "initContainer 'migrate' (spec.template.spec.initContainers[0]): securityContext.allowPrivilegeEscalation must be explicitly false (it is not set).",
            "ephemeralContainer 'debug' (spec.template.spec.ephemeralContainers[0]): securityContext.allowPrivilegeEscalation must be explicitly false (it is true).",
        ]);
    });
    it("reports host namespaces, hostPath volumes and hostPorts", () => {
        const run = runRule(k8sNoPrivileged, [deployment({
            hostNetwork: true, hostPID: true, hostIPC: true,
            volumes: [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }],
            containers: [{ ...safe, ports: [{ containerPort: 8080, hostPort: 80 }] }],
        })]);
        expect(run.violations).to.have.length(5);
        expect(run.messages.join("\n")).to.include("spec.template.spec.hostNetwork is true")
            .and.include("spec.template.spec.hostPID is true")
            .and.include("spec.template.spec.hostIPC is true")
            .and.include("volume 'docker' (spec.template.spec.volumes[0]) is a hostPath volume")
            .and.include("hostPort 80");
    });
    it("treats hostPort 0 as unset", () => {
        const run = runRule(k8sNoPrivileged, [deployment({ containers: [{ ...safe, ports: [{ containerPort: 80, hostPort: 0 }] }] })]);
        expect(run.violations).to.have.length(0);
    });
    it("reads the CronJob job template and a bare Pod spec", () => {
        const run = runRule(k8sNoPrivileged, [
            { type: "kubernetes:batch/v1:CronJob", name: "cron", inputs: { spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: { containers: [{ ...safe, securityContext: { privileged: true, allowPrivilegeEscalation: false } }] } } } } } } },
            { type: "kubernetes:core/v1:Pod", name: "pod", inputs: { spec: { hostNetwork: true, containers: [safe] } } },
        ]);
        expect(run.violations.map((v) => [v.urn?.split("::").pop(), v.message])).to.deep.equal([
            ["cron", "container 'web' (spec.jobTemplate.spec.template.spec.containers[0]): securityContext.privileged is true."],
            ["pod", "spec.hostNetwork is true: pods must not share the host's namespaces."],
        ]);
    });
    it("defers an unknown privileged flag to the update (advisory note, no violation)", () => {
        const run = runRule(k8sNoPrivileged, [deployment({ containers: [{ ...safe, securityContext: { privileged: UNKNOWN, allowPrivilegeEscalation: false } }] })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.include("spec.template.spec.containers[0].securityContext.privileged");
    });
    it("still reports definite violations when another value is unknown", () => {
        const run = runRule(k8sNoPrivileged, [deployment({ hostNetwork: UNKNOWN, hostPID: true, containers: [safe] })]);
        expect(run.messages).to.deep.equal(["spec.template.spec.hostPID is true: pods must not share the host's namespaces."]);
        expect(run.unknowns).to.have.length(0);
    });
    it("is not applicable to other types", () => {
        const run = runRule(k8sNoPrivileged, [{ type: "kubernetes:core/v1:Service" }]);
        expect(run.notApplicable).to.equal(1);
    });
});
