import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../tools/testing/policies";
import { k8sImagePinned } from "./k8s-image-pinned";

const UI = "public.ecr.aws/aws-containers/retail-store-sample-ui:1.6.2";
const DIGEST = "sha256:" + "a".repeat(64);
const daemonSet = (...images: unknown[]) => ({
    type: "kubernetes:apps/v1:DaemonSet", name: "agent",
    inputs: { metadata: { name: "agent" }, spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } } },
});
const cfg = (c: Record<string, unknown>) => ({ config: { "k8s-image-pinned": c } });

describe("kubernetes rule k8s-image-pinned", () => {
    it("passes the platform's default images with the default config", () => {
        const run = runRule(k8sImagePinned, [daemonSet(UI, "public.ecr.aws/aws-containers/retail-store-sample-cart:1.6.2", `nginx@${DIGEST}`)]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports latest, untagged and missing images, as mandatory", () => {
        const run = runRule(k8sImagePinned, [daemonSet("nginx:latest", "redis", "localhost:5000/app", undefined)]);
        expect(run.violations).to.have.length(4);
        expect(run.violations[0]).to.include({ policy: "k8s-image-pinned", enforcementLevel: "mandatory" });
        expect(run.messages).to.deep.equal([
            "container 'c0' (spec.template.spec.containers[0]): image 'nginx:latest' uses the mutable tag 'latest'; pin a version tag or digest.",
            "container 'c1' (spec.template.spec.containers[1]): image 'redis' has no tag (it resolves to 'latest'); pin a version tag or digest.",
            "container 'c2' (spec.template.spec.containers[2]): image 'localhost:5000/app' has no tag (it resolves to 'latest'); pin a version tag or digest.",
            "container 'c3' (spec.template.spec.containers[3]): no image is set; set a pinned image reference.",
        ]);
    });
    it("reports a malformed digest", () => {
        const run = runRule(k8sImagePinned, [daemonSet("app@sha256:abc")]);
        expect(run.messages).to.deep.equal(["container 'c0' (spec.template.spec.containers[0]): image 'app@sha256:abc' has a malformed digest; use @sha256:<64 lowercase hex>."]);
    });
    it("requires a digest when requireDigest is on", () => {
        const run = runRule(k8sImagePinned, [daemonSet(UI, `${UI}@${DIGEST}`)], cfg({ requireDigest: true }));
        expect(run.messages).to.deep.equal([
            `container 'c0' (spec.template.spec.containers[0]): image '${UI}' is not pinned by digest; requireDigest is on, use public.ecr.aws/aws-containers/retail-store-sample-ui:1.6.2@sha256:<digest>.`,
        ]);
    });
    it("enforces allowedRegistries when configured", () => {
        const allowed = ["public.ecr.aws/aws-containers/", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "docker.io/library"];
        const run = runRule(k8sImagePinned, [daemonSet(UI, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/ui:3", "nginx:1.27", "ghcr.io/evil/miner:1", "bitnami/redis:7")], cfg({ allowedRegistries: allowed }));
        expect(run.messages).to.deep.equal([
            `container 'c3' (spec.template.spec.containers[3]): image 'ghcr.io/evil/miner:1' is not from an allowed registry (${allowed.join(", ")}).`,
            `container 'c4' (spec.template.spec.containers[4]): image 'bitnami/redis:7' is not from an allowed registry (${allowed.join(", ")}).`,
        ]);
    });
    it("treats an image computed from an ECR repository URL as unknown, not a violation", () => {
        const run = runRule(k8sImagePinned, [daemonSet(UNKNOWN)]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.include("spec.template.spec.containers[0].image");
    });
    it("checks a Pod's containers and init containers", () => {
        const run = runRule(k8sImagePinned, [{ type: "kubernetes:core/v1:Pod", inputs: { spec: { initContainers: [{ name: "i", image: "busybox" }], containers: [{ name: "m", image: UI }] } } }]);
        expect(run.messages).to.deep.equal(["initContainer 'i' (spec.initContainers[0]): image 'busybox' has no tag (it resolves to 'latest'); pin a version tag or digest."]);
    });
});
