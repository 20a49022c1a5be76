import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../tools/testing/policies";
import { k8sNoPublicLb } from "./k8s-no-public-lb";

const SCHEME_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-scheme";
const INTERNAL_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-internal";

const service = (spec: Record<string, unknown>, annotations?: Record<string, unknown>) => ({
    type: "kubernetes:core/v1:Service", name: "ui",
    inputs: { metadata: { name: "ui", namespace: "shop", ...(annotations ? { annotations } : {}) }, spec: { selector: { app: "ui" }, ports: [{ port: 80, targetPort: 8080 }], ...spec } },
});

describe("kubernetes rule k8s-no-public-lb", () => {
    it("passes ClusterIP/NodePort services and internal load balancers", () => {
        const run = runRule(k8sNoPublicLb, [
            service({}),
            service({ type: "NodePort" }),
            service({ type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb" }, { [SCHEME_ANNOTATION]: "internal" }),
            service({ type: "LoadBalancer" }, { [INTERNAL_ANNOTATION]: "true" }),
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(4);
    });
    it("reports an unannotated LoadBalancer, as mandatory", () => {
        const run = runRule(k8sNoPublicLb, [service({ type: "LoadBalancer" })]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "k8s-no-public-lb", enforcementLevel: "mandatory", urn: "urn:pulumi:test::fixture::kubernetes:core/v1:Service::ui" });
        expect(run.messages[0]).to.equal(`Service of type LoadBalancer is internet-facing: annotate it with ${SCHEME_ANNOTATION}: internal (public ingress goes through the shared ALB + WAF).`);
    });
    it("reports an internet-facing NLB even with the legacy internal annotation (the scheme wins)", () => {
        const run = runRule(k8sNoPublicLb, [service({ type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb" }, { [SCHEME_ANNOTATION]: "internet-facing", [INTERNAL_ANNOTATION]: "true" })]);
        expect(run.messages).to.deep.equal([`Service of type LoadBalancer has ${SCHEME_ANNOTATION}: "internet-facing"; it must be "internal" (public ingress goes through the shared ALB + WAF).`]);
    });
    it("reports internal: \"false\" and names the loadBalancerClass", () => {
        const run = runRule(k8sNoPublicLb, [service({ type: "LoadBalancer", loadBalancerClass: "service.k8s.aws/nlb" }, { [INTERNAL_ANNOTATION]: "false" })]);
        expect(run.messages[0]).to.match(/^Service of type LoadBalancer \(loadBalancerClass service.k8s.aws\/nlb\) is internet-facing/);
    });
    it("defers an unknown scheme annotation or type to the update", () => {
        const a = runRule(k8sNoPublicLb, [service({ type: "LoadBalancer" }, { [SCHEME_ANNOTATION]: UNKNOWN })]);
        expect(a.violations).to.have.length(0);
        expect(a.unknowns).to.have.length(1);
        expect(a.unknowns[0].message).to.include(SCHEME_ANNOTATION);
        const b = runRule(k8sNoPublicLb, [service({ type: UNKNOWN })]);
        expect(b.violations).to.have.length(0);
        expect(b.unknowns).to.have.length(1);
    });
    it("is not applicable to workloads", () => {
        expect(runRule(k8sNoPublicLb, [{ type: "kubernetes:apps/v1:Deployment" }]).notApplicable).to.equal(1);
    });
});
