import { ResourceRule } from "../../../lib/rule";
import { isUnknown, unknownValue } from "../../../lib/values";

/** Symmetric customer-managed keys rotate automatically. */
export const kmsRotation: ResourceRule = {
    kind: "resource",
    name: "kms-rotation",
    description: "Symmetric KMS customer-managed keys have automatic rotation enabled.",
    severity: "high",
    remediation: "Set enableKeyRotation: true on the aws.kms.Key (asymmetric and HMAC keys cannot rotate).",
    enforcementLevel: "mandatory",
    types: ["aws:kms/key:Key"],
    check: ({ props }) => {
        const spec = props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT";
        if (isUnknown(spec)) unknownValue("customerMasterKeySpec");
        if (spec !== "SYMMETRIC_DEFAULT") return;
        if (isUnknown(props.enableKeyRotation)) unknownValue("enableKeyRotation");
        if (props.enableKeyRotation !== true) return "KMS key must have automatic rotation enabled (enableKeyRotation: true).";
        return undefined;
    },
};
