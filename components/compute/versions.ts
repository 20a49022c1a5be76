/**
 * Pinned versions of the compute layer: the Kubernetes minor version, the EKS add-ons built for it and the Helm charts
 * of the in-cluster controllers. Nothing floats: an add-on or chart that changes during an incident is a variable
 * nobody chose. These constants are the recommended values; the layer's config takes them over (one place per value).
 *
 * How they were chosen (2026-12, checked against public records of what EKS and the chart repositories serve):
 * - Kubernetes 1.36: the EKS default version, standard support until 2027-08-02 (1.35 ends 2027-03-27, 1.34
 *   2026-12-02, from `aws eks describe-cluster-versions`); a new cluster starts on the version with the longest
 *   standard support, never one that enters extended support within months.
 * - Add-ons: versions EKS resolved for a 1.36 cluster deployed on 2026-09-16 (vpc-cni, kube-proxy, coredns,
 *   eks-pod-identity-agent) and the 1.36 defaults listed by the console and `aws eks describe-addon-versions
 *   --kubernetes-version 1.36` (aws-ebs-csi-driver, amazon-cloudwatch-observability), all of the form
 *   v<semver>-eksbuild.<n>. Check with `aws eks describe-addon-versions --kubernetes-version 1.36 --addon-name <name>`
 *   before raising one; an add-on version EKS does not serve for the cluster's version fails CreateAddon.
 * - aws-load-balancer-controller chart 3.5.0 (controller v3.5.0, aws/eks-charts, 2026-08-03); its IAM policy is
 *   docs/install/iam_policy.json of kubernetes-sigs/aws-load-balancer-controller at tag v3.5.0 (unchanged since
 *   v2.12), see load-balancer-controller.ts.
 * - external-secrets chart 2.9.0 (operator v2.9.0, https://charts.external-secrets.io, 2026-08-08); it serves the
 *   external-secrets.io/v1 API (v1beta1 is off unless `crds.unsafeServeV1Beta1`).
 */
import type { AddonName } from "./eks-cluster";

/** The Kubernetes minor version of new clusters. */
export const KUBERNETES_VERSION = "1.36";

/** The EKS add-on versions for KUBERNETES_VERSION. */
export const ADDON_VERSIONS: Readonly<Record<AddonName, string>> = {
    "vpc-cni": "v1.22.4-eksbuild.3",
    "coredns": "v1.14.3-eksbuild.16",
    "kube-proxy": "v1.36.0-eksbuild.21",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    "aws-ebs-csi-driver": "v1.63.1-eksbuild.1",
    "amazon-cloudwatch-observability": "v6.6.0-eksbuild.1",
};

/** The aws-load-balancer-controller chart (https://aws.github.io/eks-charts). */
export const LOAD_BALANCER_CONTROLLER_CHART_VERSION = "3.5.0";

/** The external-secrets chart (https://charts.external-secrets.io). */
export const EXTERNAL_SECRETS_CHART_VERSION = "2.9.0";
