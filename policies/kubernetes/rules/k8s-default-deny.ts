import { Findings } from "../../lib/findings";
import { StackFinding, StackRule, StackSubject } from "../../lib/rule";
import { arr, NAMESPACE, Namespaces, NETWORK_POLICY, obj, str, WORKLOAD_TYPES } from "./workloads";

/**
 * Whether a NetworkPolicy is a default deny of ingress: it selects every pod (podSelector {} : no matchLabels, no
 * matchExpressions), its policyTypes include Ingress (an omitted policyTypes defaults to Ingress) and it allows no
 * ingress (no ingress rules). Unknown parts stop the check.
 */
function isDefaultDenyIngress(np: StackSubject): boolean {
    const spec = obj(np.props.spec, "spec") ?? {};
    const selector = obj(spec.podSelector, "spec.podSelector") ?? {};
    const labels = obj(selector.matchLabels, "spec.podSelector.matchLabels") ?? {};
    const exprs = arr(selector.matchExpressions, "spec.podSelector.matchExpressions");
    if (Object.keys(labels).length > 0 || exprs.length > 0) return false;
    const types = spec.policyTypes === undefined || spec.policyTypes === null ? ["Ingress"]
        : arr(spec.policyTypes, "spec.policyTypes").map((t, i) => str(t, `spec.policyTypes[${i}]`));
    if (!types.includes("Ingress")) return false;
    return arr(spec.ingress, "spec.ingress").length === 0;
}

/** Workload namespaces start from "no ingress" and open only what each service needs. */
export const k8sDefaultDeny: StackRule = {
    kind: "stack",
    name: "k8s-default-deny",
    description: "Every Namespace that holds a workload has a default-deny ingress NetworkPolicy (podSelector {}, policyTypes including Ingress, no ingress rules).",
    severity: "medium",
    remediation: "Add to the namespace a NetworkPolicy { metadata: { name: \"default-deny-ingress\", namespace: <ns> }, "
        + "spec: { podSelector: {}, policyTypes: [\"Ingress\"] } } and separate NetworkPolicies allowing the traffic each "
        + "service needs; set its metadata.namespace from the Namespace resource (ns.metadata.name) so it follows renames.",
    enforcementLevel: "advisory",
    types: [NAMESPACE],
    check: (resources) => {
        const namespaces = new Namespaces(resources);
        const workloads = resources.filter((r) => WORKLOAD_TYPES.includes(r.type)).map((r) => ({ r, key: namespaces.keyOf(r) }));
        const policies = resources.filter((r) => r.type === NETWORK_POLICY).map((r) => {
            return { r, key: namespaces.keyOf(r), deny: new Findings().attempt(() => isDefaultDenyIngress(r)) };
        });
        const result = new Findings<StackFinding>();
        for (const ns of namespaces.list) {
            const held = workloads.map((w) => ({ w, same: namespaces.same(w.key, ns.key) })).filter((x) => x.same !== "no");
            if (held.length === 0) continue;
            const inNs = policies.map((p) => ({ p, same: namespaces.same(p.key, ns.key) })).filter((x) => x.same !== "no");
            if (inNs.some((x) => x.same === "yes" && x.p.deny === true)) continue;
            const definite = held.filter((x) => x.same === "yes");
            // A policy whose namespace or content is unknown may be the default deny; a workload whose namespace is
            // unknown may live here: decide at the update.
            if (definite.length === 0 || inNs.some((x) => x.p.deny !== false)) {
                result.defer(`Namespace '${ns.subject.name}' NetworkPolicies or workload namespaces`);
                continue;
            }
            const names = definite.map((x) => `'${x.w.r.name}'`).join(", ");
            result.report(ns.subject.urn, `${namespaces.describe(ns.key)} holds workloads (${names}) but has no default-deny ingress `
                + "NetworkPolicy (podSelector {}, policyTypes [Ingress], no ingress rules).");
        }
        return result.result();
    },
};
