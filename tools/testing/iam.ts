/**
 * Test support: IAM decisions from a real policy evaluator (@cloud-copilot/iam-simulate), for a workload role's
 * documents: its identity policy under the platform's workload boundary, and the resource's own policy where the
 * service needs one (a KMS key policy).
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { workloadBoundaryPolicy } from "../../components/security/workload-boundary";

export interface WorkloadSimulation {
    /** The account of the role and, unless the request says otherwise, of the resource. */
    accountId: string;
    /** The role's identity policy. */
    policy: unknown;
    /** The resource's policy (a KMS key policy), if the request is to such a resource. */
    resourcePolicy?: unknown;
}

/** The decision for one request of the workload role: Allowed, ImplicitlyDenied or ExplicitlyDenied. */
export async function simulateWorkload(w: WorkloadSimulation, action: string, resource: string,
    context: Record<string, string | string[]> = {}, resourceAccount = w.accountId): Promise<string> {
    const result = await runSimulation({
        request: {
            principal: `arn:aws:iam::${w.accountId}:role/workload`, action,
            resource: { resource, accountId: resourceAccount }, contextVariables: context,
        },
        identityPolicies: [{ name: "workload", policy: w.policy }],
        permissionBoundaryPolicies: [{ name: "boundary", policy: workloadBoundaryPolicy() }],
        ...(w.resourcePolicy ? { resourcePolicy: w.resourcePolicy } : {}),
        serviceControlPolicies: [], resourceControlPolicies: [],
    }, {});
    if (result.resultType === "error") throw new Error(result.errors.message);
    return result.overallResult;
}
