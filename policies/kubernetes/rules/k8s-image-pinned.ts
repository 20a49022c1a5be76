import { ResourceRule } from "../../lib/rule";
import { parseImage, registryAllows } from "./images";
import { containersOf, inspectPod, str, WORKLOAD_TYPES } from "./workloads";

interface ImagePinnedConfig {
    /** Require an immutable @sha256 digest on every image. */
    requireDigest: boolean;
    /** Registry or repository prefixes images must come from; [] allows any registry. */
    allowedRegistries: string[];
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Images are immutable references from trusted registries. */
export const k8sImagePinned: ResourceRule<ImagePinnedConfig> = {
    kind: "resource",
    name: "k8s-image-pinned",
    description: "Every container image is pinned to a version tag (not latest) or digest, and comes from an allowed registry when an allow-list is configured.",
    severity: "high",
    remediation: "Reference images by an explicit version tag (e.g. public.ecr.aws/aws-containers/retail-store-sample-ui:1.6.2), "
        + "preferably with an immutable digest (image@sha256:<64 hex>), never :latest or an untagged name; pull from the "
        + "registries in allowedRegistries (mirror third-party images into the platform's ECR).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            requireDigest: {
                type: "boolean", default: false,
                description: "When true, every image must carry an @sha256:<digest>.",
            },
            allowedRegistries: {
                type: "array", items: { type: "string" }, default: [],
                description: "Registry hosts or repository prefixes images must start with (e.g. \"123456789012.dkr.ecr.eu-west-1.amazonaws.com\", \"public.ecr.aws/aws-containers/\"); [] allows any.",
            },
        },
    },
    types: WORKLOAD_TYPES,
    check: ({ type, props }, config) => inspectPod(type, props, (pod, c) => {
        const requireDigest = config.requireDigest === true;
        const registries = (config.allowedRegistries ?? []).filter((r) => typeof r === "string" && r.trim() !== "");
        for (const ct of c.attempt(() => containersOf(pod)) ?? []) {
            c.check(() => {
                const at = `${ct.label} (${ct.path})`;
                // An image computed from an ECR repository URL is unknown in preview: decide at the update.
                const image = str(ct.container.image, `${ct.path}.image`)?.trim();
                if (!image) return `${at}: no image is set; set a pinned image reference.`;
                const ref = parseImage(image);
                const out: string[] = [];
                if (ref.tag === "latest") out.push(`${at}: image '${image}' uses the mutable tag 'latest'; pin a version tag or digest.`);
                else if (!ref.tag && !ref.digest) out.push(`${at}: image '${image}' has no tag (it resolves to 'latest'); pin a version tag or digest.`);
                if (ref.digest !== undefined && !DIGEST.test(ref.digest)) {
                    out.push(`${at}: image '${image}' has a malformed digest; use @sha256:<64 lowercase hex>.`);
                } else if (requireDigest && !ref.digest) {
                    out.push(`${at}: image '${image}' is not pinned by digest; requireDigest is on, use ${ref.repository}${ref.tag ? `:${ref.tag}` : ""}@sha256:<digest>.`);
                }
                if (registries.length && !registries.some((r) => registryAllows(r, image) || registryAllows(r, ref.canonical))) {
                    out.push(`${at}: image '${image}' is not from an allowed registry (${registries.join(", ")}).`);
                }
                return out;
            });
        }
    }),
};
