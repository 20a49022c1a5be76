import { ResourceRule } from "../../lib/rule";
import { isUnknown, unknownValue } from "../../lib/values";
import { inspectPod, obj, str, WORKLOAD_TYPES } from "./workloads";

/** The pod label or annotation that declares a pod needs a Kubernetes API token mounted. */
const NEEDS_API_TOKEN = "platform.io/needs-api-token";

/** Pods run as their own ServiceAccount and get no API token they do not use. */
export const k8sNoDefaultSaToken: ResourceRule = {
    kind: "resource",
    name: "k8s-no-default-sa-token",
    description: "Pods run under a dedicated ServiceAccount (not \"default\") and set automountServiceAccountToken: false unless they declare that they need the API token.",
    severity: "medium",
    remediation: "Create a ServiceAccount per workload (with its IRSA/Pod Identity role) and set serviceAccountName to it; set "
        + "automountServiceAccountToken: false on the pod spec. Pods that call the Kubernetes API (or use IRSA through the "
        + `projected token) opt out by carrying the label or annotation ${NEEDS_API_TOKEN}: "true" on the pod `
        + "(template) metadata, which documents the need and keeps the token mounted.",
    enforcementLevel: "advisory",
    types: WORKLOAD_TYPES,
    check: ({ type, props }) => inspectPod(type, props, (pod, c) => {
        c.check(() => {
            const raw = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
            // The name decides the outcome (it could be "default"): an unknown one is deferred.
            const sa = str(raw, `${pod.specPath}.serviceAccountName`);
            if (!sa) return `${pod.specPath}.serviceAccountName is not set, so the pod runs as the namespace's "default" ServiceAccount; use a dedicated ServiceAccount.`;
            if (sa === "default") return `${pod.specPath}.serviceAccountName is "default"; use a dedicated ServiceAccount.`;
            return undefined;
        });
        c.check(() => {
            const v = pod.spec.automountServiceAccountToken;
            if (isUnknown(v)) unknownValue(`${pod.specPath}.automountServiceAccountToken`);
            if (v === false) return;
            const optedOut = (["labels", "annotations"] as const).some((k) => {
                const m = obj(pod.metadata[k], `${pod.metadataPath}.${k}`);
                const flag = m?.[NEEDS_API_TOKEN];
                return flag !== undefined && flag !== null && str(flag, `${pod.metadataPath}.${k}.${NEEDS_API_TOKEN}`) === "true";
            });
            if (optedOut) return;
            return `${pod.specPath}.automountServiceAccountToken is ${v === undefined || v === null ? "not set (defaults to true)" : JSON.stringify(v)}; set it to false, or mark the pod ${NEEDS_API_TOKEN}: "true" if it needs the API token.`;
        });
    }),
};
