import { LB_TYPES } from "../../../lib/network";
import { ResourceRule } from "../../../lib/rule";
import { isSet, isUnknown, unknownValue } from "../../../lib/values";

const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";

interface EdgeAccessLogsConfig {
    acceptCloudFrontLogDeliveryV2: boolean;
}

/** Load balancers and CloudFront distributions write access logs. */
export const edgeAccessLogs: ResourceRule<EdgeAccessLogsConfig> = {
    kind: "resource",
    name: "edge-access-logs",
    description: "Application and network load balancers and CloudFront distributions have access logging enabled.",
    severity: "medium",
    remediation: "On the load balancer set accessLogs: { enabled: true, bucket: <log bucket> }; on the CloudFront distribution set "
        + "loggingConfig: { bucket: '<bucket>.s3.amazonaws.com' } (or use standard logging v2 through aws.cloudwatch.LogDeliverySource/"
        + "LogDelivery and enable acceptCloudFrontLogDeliveryV2 in the pack config).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            acceptCloudFrontLogDeliveryV2: {
                type: "boolean",
                default: false,
                description: "Accept distributions without loggingConfig because the stack delivers CloudFront standard logs v2 "
                    + "through aws:cloudwatch/logDeliverySource (logType ACCESS_LOGS) + aws:cloudwatch/logDelivery (not verifiable per resource).",
            },
        },
    },
    types: [...LB_TYPES, DISTRIBUTION],
    check: ({ type, props }, config) => {
        if (type === DISTRIBUTION) {
            const logging = props.loggingConfig;
            if (isUnknown(logging)) unknownValue("loggingConfig");
            if (isSet(logging?.bucket) || config.acceptCloudFrontLogDeliveryV2) return;
            return "CloudFront distribution has no access logging: set loggingConfig.bucket.";
        }
        const lbType = props.loadBalancerType ?? "application";
        if (isUnknown(lbType)) unknownValue("loadBalancerType");
        // Gateway Load Balancers have no access logs.
        if (lbType === "gateway") return;
        const logs = props.accessLogs;
        if (isUnknown(logs)) unknownValue("accessLogs");
        const enabled = logs?.enabled;
        if (isUnknown(enabled)) unknownValue("accessLogs.enabled");
        const out: string[] = [];
        if (!(enabled === true || enabled === "true")) out.push(`Load balancer access logs are not enabled (accessLogs.enabled is ${enabled ?? "unset"}).`);
        if (!isSet(logs?.bucket)) out.push("Load balancer access logs have no destination: set accessLogs.bucket.");
        return out;
    },
};
