/** KMS key references in rules that require customer-managed keys. Not a rule. */

/** True when a KMS key reference names an AWS-managed key (alias/aws/...), which is not a customer-managed key. */
export function isAwsManagedKeyAlias(keyRef: unknown): boolean {
    return typeof keyRef === "string" && /(^|:)alias\/aws\//.test(keyRef);
}
