import { ResourceRule } from "../../../lib/rule";
import { asArray, isUnknown, unknownValue } from "../../../lib/values";

interface EksControlPlaneLogsConfig {
    requiredLogTypes: string[];
}

const DEFAULT_REQUIRED = ["api", "audit", "authenticator"];

/** EKS clusters send the API, audit and authenticator control-plane logs to CloudWatch. */
export const eksControlPlaneLogs: ResourceRule<EksControlPlaneLogsConfig> = {
    kind: "resource",
    name: "eks-control-plane-logs",
    description: "EKS clusters enable the api, audit and authenticator control-plane log types (configurable) in enabledClusterLogTypes.",
    severity: "high",
    remediation: "Set enabledClusterLogTypes to include api, audit and authenticator on the aws.eks.Cluster or eks.Cluster "
        + "(controllerManager and scheduler are optional).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            requiredLogTypes: {
                type: "array", items: { type: "string" }, default: DEFAULT_REQUIRED,
                description: "Log types that must be enabled (api, audit, authenticator, controllerManager, scheduler).",
            },
        },
    },
    types: ["aws:eks/cluster:Cluster", "eks:index:Cluster"],
    check: ({ props }, config) => {
        const required = config.requiredLogTypes ?? DEFAULT_REQUIRED;
        const value = props.enabledClusterLogTypes;
        if (isUnknown(value)) unknownValue("enabledClusterLogTypes");
        const enabled = asArray(value as unknown[]);
        const missing = required.filter((t) => !enabled.includes(t));
        if (!missing.length) return undefined;
        if (enabled.some(isUnknown)) unknownValue("enabledClusterLogTypes");
        return `enabledClusterLogTypes ${enabled.length ? `is [${enabled.join(", ")}] and` : "is unset, so it"} misses ${missing.join(", ")}.`;
    },
};
