/**
 * The security layer's config keys (Pulumi config `ecommerce-platform:<key>`, declared in Pulumi.yaml). Limits are
 * the components' own constants.
 */
import { z } from "zod";
import { boolFromText, ConfigOf, IAM_ROLE_ARN, intFromText, listFromText } from "../shared";
import { DELETION_WINDOW_DAYS } from "./kms-keys";

export const securityConfig = {
    kmsDeletionWindowDays: intFromText(DELETION_WINDOW_DAYS.min, DELETION_WINDOW_DAYS.max),
    keyAdminRoleArns: listFromText(z.string().regex(IAM_ROLE_ARN, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")),
    /** Create the account-level singletons (Security Hub, GuardDuty, Access Analyzer); false when an organisation's delegated administrator runs them. */
    securityBaseline: boolFromText,
    /** The audit trail also logs S3 object and DynamoDB data events of the shop's buckets and tables. */
    trailDataEvents: boolFromText,
};

export type SecurityConfig = ConfigOf<typeof securityConfig>;
