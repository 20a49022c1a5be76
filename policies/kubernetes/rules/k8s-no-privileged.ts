import { ResourceRule } from "../../lib/rule";
import { isUnknown, unknownValue } from "../../lib/values";
import { arr, containersOf, inspectPod, obj, WORKLOAD_TYPES } from "./workloads";

/** Pod Security Standards "baseline"/"restricted": no privileged containers and no host namespaces or paths. */
export const k8sNoPrivileged: ResourceRule = {
    kind: "resource",
    name: "k8s-no-privileged",
    description: "Pods run no privileged container, set allowPrivilegeEscalation: false on every container, and use no host network/PID/IPC namespace, hostPath volume or hostPort.",
    severity: "critical",
    remediation: "Remove securityContext.privileged, set securityContext.allowPrivilegeEscalation: false on every container "
        + "(containers, initContainers, ephemeralContainers), remove hostNetwork/hostPID/hostIPC and "
        + "securityContext.windowsOptions.hostProcess, replace hostPath volumes with emptyDir/PVC/ConfigMap volumes and "
        + "expose ports through a Service instead of hostPort.",
    enforcementLevel: "mandatory",
    types: WORKLOAD_TYPES,
    check: ({ type, props }) => inspectPod(type, props, (p, c) => {
        for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
            c.check(() => {
                const v = p.spec[field];
                if (isUnknown(v)) unknownValue(`${p.specPath}.${field}`);
                if (v === true) return `${p.specPath}.${field} is true: pods must not share the host's namespaces.`;
                return undefined;
            });
        }
        c.check(() => {
            const psc = obj(p.spec.securityContext, `${p.specPath}.securityContext`);
            const win = obj(psc?.windowsOptions, `${p.specPath}.securityContext.windowsOptions`);
            if (isUnknown(win?.hostProcess)) unknownValue(`${p.specPath}.securityContext.windowsOptions.hostProcess`);
            if (win?.hostProcess === true) return `${p.specPath}.securityContext.windowsOptions.hostProcess is true: host-process pods are privileged.`;
            return undefined;
        });
        c.check(() => arr(p.spec.volumes, `${p.specPath}.volumes`).flatMap((raw, i) => {
            const path = `${p.specPath}.volumes[${i}]`;
            const v = obj(raw, path);
            if (v?.hostPath === undefined || v.hostPath === null) return [];
            const name = typeof v.name === "string" && !isUnknown(v.name) ? ` '${v.name}'` : "";
            return [`volume${name} (${path}) is a hostPath volume: use emptyDir, a PersistentVolumeClaim, a ConfigMap or a Secret.`];
        }));
        for (const ct of c.attempt(() => containersOf(p)) ?? []) {
            c.check(() => {
                const sc = obj(ct.container.securityContext, `${ct.path}.securityContext`);
                if (isUnknown(sc?.privileged)) unknownValue(`${ct.path}.securityContext.privileged`);
                if (sc?.privileged === true) return `${ct.label} (${ct.path}): securityContext.privileged is true.`;
                return undefined;
            });
            c.check(() => {
                const sc = obj(ct.container.securityContext, `${ct.path}.securityContext`);
                const v = sc?.allowPrivilegeEscalation;
                if (isUnknown(v)) unknownValue(`${ct.path}.securityContext.allowPrivilegeEscalation`);
                if (v !== false) {
                    return `${ct.label} (${ct.path}): securityContext.allowPrivilegeEscalation must be explicitly false (it is ${v === undefined || v === null ? "not set" : JSON.stringify(v)}).`;
                }
                return undefined;
            });
            c.check(() => {
                const sc = obj(ct.container.securityContext, `${ct.path}.securityContext`);
                const win = obj(sc?.windowsOptions, `${ct.path}.securityContext.windowsOptions`);
                if (isUnknown(win?.hostProcess)) unknownValue(`${ct.path}.securityContext.windowsOptions.hostProcess`);
                if (win?.hostProcess === true) return `${ct.label} (${ct.path}): securityContext.windowsOptions.hostProcess is true.`;
                return undefined;
            });
            c.check(() => arr(ct.container.ports, `${ct.path}.ports`).flatMap((raw, i) => {
                const path = `${ct.path}.ports[${i}]`;
                const port = obj(raw, path);
                const hp = port?.hostPort;
                if (isUnknown(hp)) unknownValue(`${path}.hostPort`);
                if (hp === undefined || hp === null || hp === 0) return [];
                return [`${ct.label} (${path}): hostPort ${hp} binds the node's port; expose the port through a Service instead.`];
            }));
        }
    }),
};
