import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../tools/testing/policies";
import { k8sRestrictedSecurityContext } from "./k8s-restricted-security-context";

const containerSc = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
const podSc = { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } };
const web = (sc: Record<string, unknown> = containerSc) => ({ name: "web", image: "app:1.0.0", securityContext: sc });
const statefulSet = (podSpec: Record<string, unknown>) => ({
    type: "kubernetes:apps/v1:StatefulSet", name: "db",
    inputs: { metadata: { name: "db" }, spec: { serviceName: "db", selector: { matchLabels: { app: "db" } }, template: { metadata: { labels: { app: "db" } }, spec: podSpec } } },
});

describe("kubernetes rule k8s-restricted-security-context", () => {
    it("passes pod-level runAsNonRoot/seccomp with container-level read-only root and drop ALL", () => {
        const run = runRule(k8sRestrictedSecurityContext, [statefulSet({ securityContext: podSc, containers: [web()] })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("passes container-level runAsNonRoot and Localhost seccomp, and NET_BIND_SERVICE by default", () => {
        const run = runRule(k8sRestrictedSecurityContext, [statefulSet({
            containers: [web({ ...containerSc, runAsNonRoot: true, seccompProfile: { type: "Localhost", localhostProfile: "p.json" }, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } })],
        })]);
        expect(run.violations).to.have.length(0);
    });
    it("reports every missing setting, as mandatory", () => {
        const run = runRule(k8sRestrictedSecurityContext, [statefulSet({ containers: [{ name: "web", image: "app:1.0.0" }] })]);
        expect(run.violations.every((v) => v.policy === "k8s-restricted-security-context" && v.enforcementLevel === "mandatory")).to.equal(true);
        expect(run.messages).to.deep.equal([
            "container 'web' (spec.template.spec.containers[0]): runAsNonRoot is not set; set securityContext.runAsNonRoot: true on the pod or the container.",
            "container 'web' (spec.template.spec.containers[0]): securityContext.readOnlyRootFilesystem must be true (it is not set).",
            "container 'web' (spec.template.spec.containers[0]): securityContext.capabilities.drop must include \"ALL\" (it is not set).",
            "container 'web' (spec.template.spec.containers[0]): seccompProfile is not set; set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container.",
        ]);
    });
    it("lets a container override the pod's settings (for the worse)", () => {
        const run = runRule(k8sRestrictedSecurityContext, [statefulSet({
            securityContext: podSc,
            initContainers: [{ name: "init", image: "x:1", securityContext: { ...containerSc, runAsNonRoot: false, runAsUser: 0, seccompProfile: { type: "Unconfined" } } }],
            containers: [web()],
        })]);
        expect(run.messages).to.deep.equal([
            "initContainer 'init' (spec.template.spec.initContainers[0]): runAsNonRoot is false (container securityContext); it must be true.",
            "initContainer 'init' (spec.template.spec.initContainers[0]): runAsUser is 0 (container securityContext); containers must not run as root.",
            "initContainer 'init' (spec.template.spec.initContainers[0]): seccompProfile.type is \"Unconfined\" (container securityContext); it must be RuntimeDefault or Localhost.",
        ]);
    });
    it("reports added capabilities outside the allow-list", () => {
        const run = runRule(k8sRestrictedSecurityContext, [statefulSet({ securityContext: podSc, containers: [web({ ...containerSc, capabilities: { drop: ["NET_RAW"], add: ["SYS_ADMIN", "NET_BIND_SERVICE"] } })] })]);
        expect(run.messages).to.deep.equal([
            "container 'web' (spec.template.spec.containers[0]): securityContext.capabilities.drop must include \"ALL\" (it is [\"NET_RAW\"]).",
            "container 'web' (spec.template.spec.containers[0]): securityContext.capabilities.add includes \"SYS_ADMIN\"; only NET_BIND_SERVICE may be added.",
        ]);
    });
    it("follows the allowedCapabilities config", () => {
        const fixture = statefulSet({ securityContext: podSc, containers: [web({ ...containerSc, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } })] });
        const none = runRule(k8sRestrictedSecurityContext, [fixture], { config: { "k8s-restricted-security-context": { allowedCapabilities: [] } } });
        expect(none.messages).to.deep.equal(["container 'web' (spec.template.spec.containers[0]): securityContext.capabilities.add includes \"NET_BIND_SERVICE\"; only none may be added."]);
        const sysTime = statefulSet({ securityContext: podSc, containers: [web({ ...containerSc, capabilities: { drop: ["ALL"], add: ["SYS_TIME"] } })] });
        const allowed = runRule(k8sRestrictedSecurityContext, [sysTime], { config: { "k8s-restricted-security-context": { allowedCapabilities: ["SYS_TIME"] } } });
        expect(allowed.violations).to.have.length(0);
    });
    it("defers an unknown pod-level runAsNonRoot to the update", () => {
        const run = runRule(k8sRestrictedSecurityContext, [statefulSet({ securityContext: { ...podSc, runAsNonRoot: UNKNOWN }, containers: [web()] })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.include("spec.template.spec.securityContext.runAsNonRoot");
    });
    it("does not need an unknown pod value that the container overrides", () => {
        const run = runRule(k8sRestrictedSecurityContext, [statefulSet({ securityContext: { ...podSc, runAsNonRoot: UNKNOWN }, containers: [web({ ...containerSc, runAsNonRoot: true })] })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("accepts drop ALL next to an unknown entry, and defers an unknown entry without ALL", () => {
        const ok = runRule(k8sRestrictedSecurityContext, [statefulSet({ securityContext: podSc, containers: [web({ ...containerSc, capabilities: { drop: [UNKNOWN, "ALL"] } })] })]);
        expect(ok.violations).to.have.length(0);
        expect(ok.unknowns).to.have.length(0);
        const unknown = runRule(k8sRestrictedSecurityContext, [statefulSet({ securityContext: podSc, containers: [web({ ...containerSc, capabilities: { drop: [UNKNOWN] } })] })]);
        expect(unknown.violations).to.have.length(0);
        expect(unknown.unknowns).to.have.length(1);
    });
});
