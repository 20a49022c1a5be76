/**
 * The edge layer's config keys (Pulumi config `ecommerce-platform:<key>`, declared in Pulumi.yaml with their defaults).
 * What the web ACLs always do (AWS managed rule groups, logging with redaction) and what sign-in always requires
 * (strong passwords, threat protection, MFA for staff) are not configurable.
 */
import { z } from "zod";
import { ConfigOf, intFromText, objectFromText, oneOf } from "../shared";
import { FROM_ADDRESS, SES_IDENTITY_ARN, SHOPPER_MFA } from "./shop-identity";

/** An SES identity for the Cognito pools' email, or both fields empty (Cognito's own sender). */
export const cognitoEmailConfig = objectFromText({
    sesIdentityArn: z.string().refine((v) => v === "" || SES_IDENTITY_ARN.test(v),
        "must be an SES identity ARN (arn:aws:ses:<region>:<account>:identity/<email or domain>), or empty"),
    fromAddress: z.string().refine((v) => v === "" || FROM_ADDRESS.test(v),
        "must be an email address, optionally with a display name (Shop <no-reply@example.com>), or empty"),
}).refine((e) => !e.sesIdentityArn === !e.fromAddress, { message: "must set sesIdentityArn and fromAddress together, or neither" });

export const edgeConfig = {
    /** Requests one client IP may send in 5 minutes before the web ACLs' rate-based rule blocks it (WAF: 10 to 2,000,000,000). */
    wafRateLimit: intFromText(10, 2000000000),
    /** MFA of the shoppers' user pool: OPTIONAL (each shopper chooses) or ON (every shopper); staff always use MFA. */
    shopperMfa: oneOf(SHOPPER_MFA),
    /** The SES identity the Cognito pools send email through; both empty = Cognito's sender (50 emails a day). */
    cognitoEmail: cognitoEmailConfig,
};

export type EdgeConfig = ConfigOf<typeof edgeConfig>;
