import { ResourceRule } from "../../lib/rule";
import { isSet, isUnknown, unknownValue } from "../../lib/values";
import { containersOf, DEPLOYMENT, inspectPod, STATEFUL_SET } from "./workloads";

/** Serving containers tell Kubernetes when they can take traffic, so rollouts and restarts do not drop requests. */
export const k8sProbes: ResourceRule = {
    kind: "resource",
    name: "k8s-probes",
    description: "Every Deployment/StatefulSet container that declares ports has a readinessProbe.",
    severity: "medium",
    remediation: "Add readinessProbe (httpGet on the health endpoint, or tcpSocket/grpc) to every container that declares "
        + "ports, so Services only route to ready pods; add a livenessProbe only for hang detection.",
    enforcementLevel: "advisory",
    types: [DEPLOYMENT, STATEFUL_SET],
    check: ({ type, props }) => inspectPod(type, props, (pod, c) => {
        for (const ct of c.attempt(() => containersOf(pod, ["containers"])) ?? []) {
            c.check(() => {
                // A computed probe is still a probe; the ports only matter when there is none.
                if (isSet(ct.container.readinessProbe)) return;
                const ports = ct.container.ports;
                if (isUnknown(ports)) unknownValue(`${ct.path}.ports`);
                if (Array.isArray(ports) && ports.length > 0) {
                    return `${ct.label} (${ct.path}) declares ${ports.length === 1 ? "a port" : `${ports.length} ports`} but has no readinessProbe.`;
                }
                return undefined;
            });
        }
    }),
};
