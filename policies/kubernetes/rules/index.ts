/** Every rule of the Kubernetes pack (one rule per file). */
import { Rule } from "../../lib/rule";
import { k8sDefaultDeny } from "./k8s-default-deny";
import { k8sImagePinned } from "./k8s-image-pinned";
import { k8sNoDefaultSaToken } from "./k8s-no-default-sa-token";
import { k8sNoPrivileged } from "./k8s-no-privileged";
import { k8sNoPublicLb } from "./k8s-no-public-lb";
import { k8sPdbSpread } from "./k8s-pdb-spread";
import { k8sProbes } from "./k8s-probes";
import { k8sResources } from "./k8s-resources";
import { k8sRestrictedSecurityContext } from "./k8s-restricted-security-context";

export const kubernetesRules: Rule[] = [
    k8sNoPrivileged,
    k8sRestrictedSecurityContext,
    k8sResources,
    k8sImagePinned,
    k8sProbes,
    k8sNoPublicLb,
    k8sPdbSpread,
    k8sDefaultDeny,
    k8sNoDefaultSaToken,
];
