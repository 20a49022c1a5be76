/** The edge layer: web ACLs, the storefront's CloudFront distribution, its certificates, Shield Advanced, the origin secret, the shop's sign-in (Cognito). */
export * from "./web-acl";
export * from "./shop-identity";
export * from "./config";
export * from "./layer";
export * from "./origin-verify";
export * from "./shop-certificates";
export * from "./storefront";
export * from "./shield-advanced";
