/**
 * Argument checks the data stores share (beside checkStoreNetwork in store-network.ts).
 */
import { ArgsChecker } from "../shared";

/** A customer-managed KMS key's ARN (`arn:aws:kms:<region>:<account>:key/<id>`): not an alias, so never `alias/aws/<service>`. */
export const KMS_KEY_ARN = /^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * A store's encryption key: required; when given as a plain string (not an Output), the ARN of a key, never an alias
 * (an AWS-managed key is reached by its alias only).
 */
export function checkKeyArn(check: ArgsChecker, field: string, value: unknown): void {
    const given = value !== undefined && value !== null && value !== "";
    check.require(given && (typeof value !== "string" || KMS_KEY_ARN.test(value)), field, value,
        "expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key");
}
