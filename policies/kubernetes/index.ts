/**
 * CrossGuard pack: Kubernetes workload guardrails (Pod Security "restricted", resources, pinned images, probes,
 * no public load balancers, PDBs and default-deny NetworkPolicies).
 *   pulumi preview --policy-pack policies/kubernetes
 */
import { PolicyPack } from "@pulumi/policy";
import { kubernetesPolicies, PACK_NAME } from "./policies";

new PolicyPack(PACK_NAME, {
    description: "Guardrails for the platform's Kubernetes workloads.",
    enforcementLevel: "advisory",
    policies: kubernetesPolicies(),
});
