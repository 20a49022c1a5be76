/** The edge layer: the web ACL today; the edge layer component (CloudFront, DNS) follows. */
export * from "./web-acl";
