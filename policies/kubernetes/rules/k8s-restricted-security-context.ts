import { ResourceRule } from "../../lib/rule";
import { isUnknown, unknownValue } from "../../lib/values";
import { arr, containersOf, effectiveSecurity, inspectPod, obj, str, WORKLOAD_TYPES } from "./workloads";

interface RestrictedSecurityContextConfig {
    /** Capabilities containers may add back after dropping ALL. */
    allowedCapabilities: string[];
}

const SECCOMP_OK = ["RuntimeDefault", "Localhost"];

/** Pod Security Standards "restricted" plus a read-only root filesystem. */
export const k8sRestrictedSecurityContext: ResourceRule<RestrictedSecurityContextConfig> = {
    kind: "resource",
    name: "k8s-restricted-security-context",
    description: "Every container runs as non-root with a read-only root filesystem, drops ALL capabilities (adding back only allowed ones) and uses the RuntimeDefault or Localhost seccomp profile.",
    severity: "high",
    remediation: "Set securityContext.runAsNonRoot: true (pod or container level; a container value overrides the pod's) "
        + "and never runAsUser: 0; set readOnlyRootFilesystem: true and capabilities: { drop: [\"ALL\"] } on every "
        + "container (mount an emptyDir for scratch space); add back only capabilities in allowedCapabilities "
        + "(default NET_BIND_SERVICE); set seccompProfile: { type: \"RuntimeDefault\" } on the pod's securityContext.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedCapabilities: {
                type: "array", items: { type: "string" }, default: ["NET_BIND_SERVICE"],
                description: "Capabilities that containers may add (capabilities.add) after dropping ALL.",
            },
        },
    },
    types: WORKLOAD_TYPES,
    check: ({ type, props }, config) => inspectPod(type, props, (pod, c) => {
        const allowed = new Set(config.allowedCapabilities ?? ["NET_BIND_SERVICE"]);
        for (const ct of c.attempt(() => containersOf(pod)) ?? []) {
            const at = `${ct.label} (${ct.path})`;
            c.check(() => {
                const { value, source } = effectiveSecurity(pod, ct, "runAsNonRoot");
                if (value === true) return;
                return source === "none"
                    ? `${at}: runAsNonRoot is not set; set securityContext.runAsNonRoot: true on the pod or the container.`
                    : `${at}: runAsNonRoot is ${JSON.stringify(value)} (${source} securityContext); it must be true.`;
            });
            c.check(() => {
                const { value, source } = effectiveSecurity(pod, ct, "runAsUser");
                if (value === 0) return `${at}: runAsUser is 0 (${source} securityContext); containers must not run as root.`;
                return undefined;
            });
            c.check(() => {
                const sc = obj(ct.container.securityContext, `${ct.path}.securityContext`);
                const v = sc?.readOnlyRootFilesystem;
                if (isUnknown(v)) unknownValue(`${ct.path}.securityContext.readOnlyRootFilesystem`);
                if (v !== true) {
                    return `${at}: securityContext.readOnlyRootFilesystem must be true (it is ${v === undefined || v === null ? "not set" : JSON.stringify(v)}).`;
                }
                return undefined;
            });
            c.check(() => {
                const sc = obj(ct.container.securityContext, `${ct.path}.securityContext`);
                const caps = obj(sc?.capabilities, `${ct.path}.securityContext.capabilities`);
                const drop = arr(caps?.drop, `${ct.path}.securityContext.capabilities.drop`);
                // An unknown entry could be "ALL": only decide when ALL is present or every entry is known.
                if (drop.includes("ALL")) return;
                drop.forEach((d, i) => str(d, `${ct.path}.securityContext.capabilities.drop[${i}]`));
                return `${at}: securityContext.capabilities.drop must include "ALL" (it is ${drop.length ? JSON.stringify(drop) : "not set"}).`;
            });
            c.check(() => {
                const sc = obj(ct.container.securityContext, `${ct.path}.securityContext`);
                const caps = obj(sc?.capabilities, `${ct.path}.securityContext.capabilities`);
                const add = arr(caps?.add, `${ct.path}.securityContext.capabilities.add`)
                    .map((a, i) => str(a, `${ct.path}.securityContext.capabilities.add[${i}]`) ?? "");
                const bad = add.filter((a) => !allowed.has(a));
                if (bad.length) {
                    return `${at}: securityContext.capabilities.add includes ${bad.map((b) => JSON.stringify(b)).join(", ")}; only ${allowed.size ? [...allowed].join(", ") : "none"} may be added.`;
                }
                return undefined;
            });
            c.check(() => {
                const csc = obj(ct.container.securityContext, `${ct.path}.securityContext`);
                const psc = obj(pod.spec.securityContext, `${pod.specPath}.securityContext`);
                const cProfile = obj(csc?.seccompProfile, `${ct.path}.securityContext.seccompProfile`);
                const pProfile = obj(psc?.seccompProfile, `${pod.specPath}.securityContext.seccompProfile`);
                const [profile, path, source] = cProfile
                    ? [cProfile, `${ct.path}.securityContext.seccompProfile`, "container"]
                    : [pProfile, `${pod.specPath}.securityContext.seccompProfile`, "pod"];
                if (!profile) return `${at}: seccompProfile is not set; set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container.`;
                const t = str(profile.type, `${path}.type`);
                if (!t || !SECCOMP_OK.includes(t)) {
                    return `${at}: seccompProfile.type is ${t === undefined ? "not set" : JSON.stringify(t)} (${source} securityContext); it must be RuntimeDefault or Localhost.`;
                }
                return undefined;
            });
        }
    }),
};
