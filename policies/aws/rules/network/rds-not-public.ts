import { ResourceRule } from "../../../lib/rule";
import { knownBool } from "../../../lib/values";

/** Databases get no public IP address. */
export const rdsNotPublic: ResourceRule = {
    kind: "resource",
    name: "rds-not-public",
    description: "RDS instances and cluster instances are not publicly accessible (publiclyAccessible is not true).",
    severity: "critical",
    remediation: "Remove publiclyAccessible (default false) or set it to false, place the database in isolated subnets, "
        + "and reach it through the VPC (or a bastion/SSM session).",
    enforcementLevel: "mandatory",
    types: ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"],
    check: ({ props }) => (knownBool(props.publiclyAccessible, "publiclyAccessible")
        ? "publiclyAccessible is true: the database gets a public IP address and DNS name reachable from the internet."
        : undefined),
};
