/**
 * The compute layer's config keys (Pulumi config `ecommerce-platform:<key>`, declared in Pulumi.yaml). Limits and the
 * recommended versions are the components' own constants (eks-cluster.ts, versions.ts).
 */
import { z } from "zod";
import { ConfigOf, IAM_ROLE_ARN, intFromText, isValidCidr, listFromText, mapFromText, objectFromText, oneOf } from "../shared";
import { AMI_TYPES } from "./eks-cluster";
import { KUBERNETES_VERSION } from "./versions";

/** The Kubernetes versions the pinned add-on table serves (versions.ts). */
export const KUBERNETES_VERSIONS = [KUBERNETES_VERSION] as const;

const nodeCount = intFromText(0, 450);

/** A managed node group's size and instance types, per stack. */
export const nodeGroupConfig = objectFromText({
    instanceTypes: z.array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be EC2 instance types such as m7i.large"), { error: "must be a list" })
        .min(1, "must name at least one instance type"),
    min: nodeCount,
    desired: nodeCount,
    max: intFromText(1, 450),
    diskSizeGiB: intFromText(20, 16384).optional(),
}).refine((g) => g.min <= g.desired && g.desired <= g.max, "must have min <= desired <= max");

/** A container image: `repository:tag` (a pinned version) or `repository@sha256:<digest>`. */
const imageRef = z.string().regex(/^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$/,
    "must be <registry>/<repository>:<tag> or <registry>/<repository>@sha256:<digest>")
    .refine((s) => !s.endsWith(":latest"), "must not be :latest (pin a version or a digest)");

export const computeConfig = {
    kubernetesVersion: oneOf(KUBERNETES_VERSIONS),
    eksPublicAccessCidrs: listFromText(z.string().refine(isValidCidr, "must be IPv4 CIDR blocks")
        .refine((c) => !c.endsWith("/0"), "must not open the API server to the whole internet (0.0.0.0/0)")),
    eksAdminRoleArns: listFromText(z.string().regex(IAM_ROLE_ARN, "must be IAM role ARNs (arn:aws:iam::<account>:role/<name>)")),
    nodeAmiType: oneOf(AMI_TYPES),
    systemNodeGroup: nodeGroupConfig,
    appNodeGroup: nodeGroupConfig,
    apps: listFromText(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "must be app names (apps/<name>.ts)")),
    appImages: mapFromText(imageRef),
    ingressCertificateArn: z.string().regex(/^(arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+)?$/,
        "must be an ACM certificate ARN, or empty (no Ingress)"),
};

export type ComputeConfig = ConfigOf<typeof computeConfig>;
