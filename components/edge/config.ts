/**
 * The edge layer's config keys (Pulumi config `ecommerce-platform:<key>`, declared in Pulumi.yaml with their defaults).
 * What the web ACLs always do (AWS managed rule groups, logging with redaction) is not configurable.
 */
import { ConfigOf, intFromText } from "../shared";

export const edgeConfig = {
    /** Requests one client IP may send in 5 minutes before the web ACLs' rate-based rule blocks it (WAF: 10 to 2,000,000,000). */
    wafRateLimit: intFromText(10, 2000000000),
};

export type EdgeConfig = ConfigOf<typeof edgeConfig>;
