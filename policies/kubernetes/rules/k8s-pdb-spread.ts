import { Findings } from "../../lib/findings";
import { StackFinding, StackRule } from "../../lib/rule";
import { isUnknown, unknownValue } from "../../lib/values";
import { arr, DEPLOYMENT, Namespaces, obj, POD_DISRUPTION_BUDGET, podTemplate, selectorMatches, STATEFUL_SET, str } from "./workloads";

const ZONE_KEY = "topology.kubernetes.io/zone";

const KIND: Record<string, string> = { [DEPLOYMENT]: "Deployment", [STATEFUL_SET]: "StatefulSet" };

/** Replicated services survive node drains and zone outages. */
export const k8sPdbSpread: StackRule = {
    kind: "stack",
    name: "k8s-pdb-spread",
    description: "Every Deployment/StatefulSet with more than one replica has a PodDisruptionBudget selecting its pods in its namespace and spreads its pods across zones.",
    severity: "medium",
    remediation: "Add a PodDisruptionBudget (policy/v1) in the workload's namespace whose selector.matchLabels are a subset "
        + "of the pod template labels (e.g. maxUnavailable: 1), and add to the pod spec topologySpreadConstraints: "
        + `[{ maxSkew: 1, topologyKey: "${ZONE_KEY}", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: <pod labels> } }].`,
    enforcementLevel: "advisory",
    types: [DEPLOYMENT, STATEFUL_SET],
    check: (resources) => {
        const namespaces = new Namespaces(resources);
        const pdbs = resources.filter((r) => r.type === POD_DISRUPTION_BUDGET);
        const result = new Findings<StackFinding>();
        for (const w of resources.filter((r) => KIND[r.type])) {
            const what = `${KIND[w.type]} '${w.name}'`;
            const replicas = result.attempt(() => {
                const spec = obj(w.props.spec, "spec");
                const r = spec?.replicas;
                if (isUnknown(r)) unknownValue("spec.replicas");
                return r === undefined || r === null ? 1 : Number(r);
            });
            if (replicas === undefined || !(replicas > 1)) continue;
            const pod = result.attempt(() => podTemplate(w.type, w.props));
            if (!pod) continue;
            result.check(() => {
                const labels = obj(pod.metadata.labels, `${pod.metadataPath}.labels`) ?? {};
                const nsKey = namespaces.keyOf(w);
                let maybe = false;
                for (const pdb of pdbs) {
                    const same = namespaces.same(nsKey, namespaces.keyOf(pdb));
                    if (same === "no") continue;
                    const matches = new Findings().attempt(() => {
                        const selector = obj(obj(pdb.props.spec, "spec")?.selector, "spec.selector");
                        // A PodDisruptionBudget without a selector (policy/v1) selects no pods.
                        return selector ? selectorMatches(selector, labels, "spec.selector") : false;
                    });
                    if (matches === true && same === "yes") return;
                    if (matches !== false) maybe = true;
                }
                if (maybe) unknownValue(`${what} PodDisruptionBudget match (namespace or selector)`);
                const shown = Object.entries(labels).map(([k, v]) => `${k}=${isUnknown(v) ? "?" : v}`).join(",");
                result.report(w.urn, `${what} has ${replicas} replicas but no PodDisruptionBudget in ${namespaces.describe(nsKey)} selects its pods (labels ${shown || "none"}).`);
            });
            result.check(() => {
                const constraints = arr(pod.spec.topologySpreadConstraints, `${pod.specPath}.topologySpreadConstraints`);
                let unknown: string | undefined;
                for (const [i, raw] of constraints.entries()) {
                    const at = `${pod.specPath}.topologySpreadConstraints[${i}]`;
                    const probe = new Findings();
                    const key = probe.attempt(() => str(obj(raw, at)?.topologyKey, `${at}.topologyKey`));
                    if (key === ZONE_KEY) return;
                    if (probe.hasUnknown) unknown ??= `${at}.topologyKey`;
                }
                if (unknown) unknownValue(unknown);
                result.report(w.urn, `${what} has ${replicas} replicas but ${pod.specPath}.topologySpreadConstraints has no constraint with topologyKey ${ZONE_KEY}.`);
            });
        }
        return result.result();
    },
};
