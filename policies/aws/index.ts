/**
 * CrossGuard pack: IAM, KMS, WAF, data protection, logging and network exposure for the platform's AWS resources.
 *   pulumi preview --policy-pack policies/aws
 */
import { PolicyPack } from "@pulumi/policy";
import { awsPolicies, PACK_NAME } from "./policies";

new PolicyPack(PACK_NAME, {
    description: "Guardrails for the e-commerce platform's AWS resources (IAM, KMS, WAF, data protection, logging, network exposure).",
    enforcementLevel: "advisory",
    policies: awsPolicies(),
});
