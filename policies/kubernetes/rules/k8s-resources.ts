import { ResourceRule } from "../../lib/rule";
import { isSet } from "../../lib/values";
import { containersOf, inspectPod, obj, WORKLOAD_TYPES } from "./workloads";

/** Every container declares what it needs (scheduling) and a memory ceiling (no noisy neighbours, no node OOM). */
export const k8sResources: ResourceRule = {
    kind: "resource",
    name: "k8s-resources",
    description: "Every container (and init container) sets CPU and memory requests and a memory limit.",
    severity: "medium",
    remediation: "Set resources: { requests: { cpu: \"250m\", memory: \"256Mi\" }, limits: { memory: \"256Mi\" } } on every "
        + "container and init container (a CPU limit is optional; ephemeral containers cannot have resources).",
    enforcementLevel: "mandatory",
    types: WORKLOAD_TYPES,
    check: ({ type, props }) => inspectPod(type, props, (pod, c) => {
        // Kubernetes rejects resources on ephemeral containers, so only containers and initContainers are checked.
        for (const ct of c.attempt(() => containersOf(pod, ["containers", "initContainers"])) ?? []) {
            c.check(() => {
                const resources = obj(ct.container.resources, `${ct.path}.resources`);
                const requests = obj(resources?.requests, `${ct.path}.resources.requests`);
                const limits = obj(resources?.limits, `${ct.path}.resources.limits`);
                // A computed quantity is still a quantity: unknown counts as set.
                const missing = [
                    ...(isSet(requests?.cpu) ? [] : ["requests.cpu"]),
                    ...(isSet(requests?.memory) ? [] : ["requests.memory"]),
                    ...(isSet(limits?.memory) ? [] : ["limits.memory"]),
                ];
                if (missing.length) return `${ct.label} (${ct.path}): resources ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set.`;
                return undefined;
            });
        }
    }),
};
