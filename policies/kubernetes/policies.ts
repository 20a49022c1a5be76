/**
 * The Kubernetes pack's policies, importable without starting the analyzer (index.ts constructs the PolicyPack).
 */
import { toPolicies } from "../lib/rule";
import { loadWaivers, Waiver } from "../lib/waivers";
import { kubernetesRules } from "./rules";

export const PACK_NAME = "ecommerce-kubernetes";
export { kubernetesRules };

export function kubernetesPolicies(waivers: readonly Waiver[] = loadWaivers()) {
    return toPolicies(kubernetesRules, { pack: PACK_NAME, waivers });
}
