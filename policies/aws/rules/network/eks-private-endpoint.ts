import { isWorldCidr } from "../../../lib/network";
import { ResourceRule } from "../../../lib/rule";
import { asArray, isUnknown, unknownValue } from "../../../lib/values";

/** EKS API endpoints are private, or public only to named CIDR ranges. */
export const eksPrivateEndpoint: ResourceRule = {
    kind: "resource",
    name: "eks-private-endpoint",
    description: "EKS cluster API endpoints are not public, or public only to publicAccessCidrs that exclude 0.0.0.0/0 and ::/0.",
    severity: "high",
    remediation: "Set endpointPublicAccess: false with endpointPrivateAccess: true (aws.eks.Cluster: in vpcConfig), or "
        + "set publicAccessCidrs to the office/VPN/CI ranges that need the API; both resources default to a public endpoint.",
    enforcementLevel: "mandatory",
    types: ["aws:eks/cluster:Cluster", "eks:index:Cluster"],
    check: ({ type, props }) => {
        const component = type === "eks:index:Cluster";
        const vpc = component ? props : props.vpcConfig;
        const prefix = component ? "" : "vpcConfig.";
        if (isUnknown(vpc)) unknownValue("vpcConfig");
        const pub = vpc?.endpointPublicAccess;
        if (isUnknown(pub)) unknownValue(`${prefix}endpointPublicAccess`);
        if (pub === false || pub === "false") return undefined;
        const how = pub === undefined || pub === null ? `${prefix}endpointPublicAccess is unset (defaults to true)` : `${prefix}endpointPublicAccess is true`;
        const cidrs = vpc?.publicAccessCidrs;
        if (isUnknown(cidrs)) unknownValue(`${prefix}publicAccessCidrs`);
        const list = asArray(cidrs as unknown[]);
        if (!list.length) return `${how} and ${prefix}publicAccessCidrs is unset, so the API endpoint is open to 0.0.0.0/0.`;
        const open = list.filter((c) => !isUnknown(c) && isWorldCidr(String(c)));
        if (open.length) return `${how} and ${prefix}publicAccessCidrs includes ${open.join(", ")}: the API endpoint is open to the internet.`;
        if (list.some(isUnknown)) unknownValue(`${prefix}publicAccessCidrs`);
        return undefined;
    },
};
