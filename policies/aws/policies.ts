/**
 * The AWS pack's policies, importable without starting the analyzer (index.ts constructs the PolicyPack).
 */
import { toPolicies } from "../lib/rule";
import { loadWaivers, Waiver } from "../lib/waivers";
import { awsRules } from "./rules";

export const PACK_NAME = "ecommerce-aws";
export { awsRules };

export function awsPolicies(waivers: readonly Waiver[] = loadWaivers()) {
    return toPolicies(awsRules, { pack: PACK_NAME, waivers });
}
