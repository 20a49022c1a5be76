/** The edge layer: the web ACLs and the shop's sign-in (Cognito) today; the storefront's CloudFront distribution and Shield follow. */
export * from "./web-acl";
export * from "./shop-identity";
export * from "./config";
export * from "./layer";
