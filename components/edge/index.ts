/** The edge layer: the web ACLs today; the storefront's CloudFront distribution, Shield and Cognito follow. */
export * from "./web-acl";
export * from "./shop-identity";
export * from "./config";
export * from "./layer";
