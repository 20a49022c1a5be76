/**
 * The edge layer's config keys (Pulumi config `ecommerce-platform:<key>`, declared in Pulumi.yaml with their defaults).
 * What the edge always does (web ACLs with AWS managed rule groups and logging with redaction, TLS 1.2+, HTTPS only,
 * origin access control, the origin-verification header, access logs) and what sign-in always requires (strong
 * passwords, threat protection, MFA for staff) are not configurable.
 */
import { z } from "zod";
import { boolFromText, ConfigOf, intFromText, objectFromText, oneOf } from "../shared";
import { FROM_ADDRESS, SES_IDENTITY_ARN, SHOPPER_MFA } from "./shop-identity";

/** CloudFront's price classes: which edge locations serve the shop (PriceClass_100: North America and Europe). */
export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;

/** A DNS name of 2+ labels, lowercase, no trailing dot. */
export const DNS_NAME = /^(([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/;
/** A Route 53 hosted zone id. */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/** The shop's domain and the Route 53 public hosted zone it lives in, or both empty (CloudFront's own domain). */
export const storefrontDomainConfig = objectFromText({
    domainName: z.string().regex(new RegExp(`^(${DNS_NAME.source.slice(1, -1)})?$`), "must be a DNS name such as shop.example.com, or empty"),
    hostedZoneId: z.string().regex(new RegExp(`^(${HOSTED_ZONE_ID.source.slice(1, -1)})?$`), "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ, or empty"),
}).refine((d) => !d.domainName === !d.hostedZoneId, { message: "must set domainName and hostedZoneId together, or neither" });

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
    /**
     * The shop's own domain (certificates in us-east-1 for CloudFront and in the stack's region for the load balancer,
     * validated and aliased in the hosted zone). Without it the shop is served on CloudFront's domain, static only.
     */
    storefrontDomain: storefrontDomainConfig,
    /** Which CloudFront edge locations serve the shop. */
    cloudFrontPriceClass: oneOf(PRICE_CLASSES),
    /** Shield Advanced: the account's subscription and protections for the distribution, the load balancer and the zone. */
    shieldAdvanced: boolFromText,
    /** MFA of the shoppers' user pool: OPTIONAL (each shopper chooses) or ON (every shopper); staff always use MFA. */
    shopperMfa: oneOf(SHOPPER_MFA),
    /** The SES identity the Cognito pools send email through; both empty = Cognito's sender (50 emails a day). */
    cognitoEmail: cognitoEmailConfig,
};

export type EdgeConfig = ConfigOf<typeof edgeConfig>;
