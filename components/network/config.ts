/**
 * The network layer's config keys (Pulumi config `ecommerce-platform:<key>`, declared in Pulumi.yaml). Limits are
 * the Vpc component's own constants, so the config and the component never disagree.
 */
import { z } from "zod";
import { ConfigOf, intFromText, isValidCidr, listFromText, oneOf, prefixLength } from "../shared";
import { FLOW_LOG_TRAFFIC_TYPES, VPC_PREFIX, ZONE_COUNT } from "./vpc";

/** Interface endpoints the platform offers (service suffix after `com.amazonaws.<region>.`). */
export const INTERFACE_ENDPOINT_SERVICES = [
    "ecr.api", "ecr.dkr", "sts", "secretsmanager", "logs", "kms", "ssm", "ssmmessages", "ec2messages", "ec2",
    "elasticloadbalancing", "autoscaling", "eks", "eks-auth", "sqs", "sns", "states", "xray", "monitoring",
    "execute-api", "elasticache", "es", "rds",
] as const;

export const networkConfig = {
    vpcCidr: z.string().refine(isValidCidr, "must be an IPv4 CIDR block such as 10.10.0.0/16")
        .refine((c) => !isValidCidr(c) || (prefixLength(c) >= VPC_PREFIX.min && prefixLength(c) <= VPC_PREFIX.max),
            `must have a prefix length from /${VPC_PREFIX.min} to /${VPC_PREFIX.max} (room for 3 subnet tiers in up to ${ZONE_COUNT.max} zones)`),
    availabilityZones: intFromText(ZONE_COUNT.min, ZONE_COUNT.max),
    natGateways: oneOf(["single", "perAz"]),
    interfaceEndpoints: listFromText(z.enum(INTERFACE_ENDPOINT_SERVICES, {
        error: `must name known services: ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`,
    })),
    flowLogTrafficType: oneOf(FLOW_LOG_TRAFFIC_TYPES),
};

export type NetworkConfig = ConfigOf<typeof networkConfig>;
