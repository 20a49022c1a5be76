import { Findings } from "../../../lib/findings";
import { ALB_ANNOTATION, albIngressGroups, annotation, groupLabel, INGRESS_TYPES } from "../../../lib/ingress";
import { knownIds, refersTo } from "../../../lib/links";
import { LB_TYPES } from "../../../lib/network";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { isSet, isUnknown, knownString, unknownValue } from "../../../lib/values";

const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const LOG_DELIVERY_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource";
const LOG_DELIVERY = "aws:cloudwatch/logDelivery:LogDelivery";

interface EdgeAccessLogsConfig {
    acceptCloudFrontLogDeliveryV2: boolean;
}

type Link = "linked" | "maybe" | undefined;

/** The stronger of two links: linked beats maybe beats none. */
const either = (a: Link, b: Link): Link => (a === "linked" || b === "linked" ? "linked" : a ?? b);
/** Both links hold: none beats maybe beats linked. */
const both = (a: Link, b: Link): Link => (a === undefined || b === undefined ? undefined : a === "maybe" || b === "maybe" ? "maybe" : "linked");

/** Whether a LogDeliverySource delivers `dist`'s access logs: logType ACCESS_LOGS and resourceArn from the distribution. */
function sourceOf(src: StackSubject, dist: StackSubject): Link {
    const logType = src.props.logType;
    const isAccessLogs: Link = isUnknown(logType) ? "maybe" : logType === "ACCESS_LOGS" ? "linked" : undefined;
    return both(isAccessLogs, refersTo(src, "resourceArn", dist, knownIds(dist, ["arn"])));
}

/** Whether a LogDelivery delivers `src`'s logs somewhere: deliverySourceName from the source, a deliveryDestinationArn set. */
function deliveryOf(delivery: StackSubject, src: StackSubject): Link {
    const hasDestination: Link = isSet(delivery.props.deliveryDestinationArn) ? "linked" : undefined;
    return both(hasDestination, refersTo(delivery, "deliverySourceName", src, knownIds(src, ["name"])));
}

/**
 * Whether the stack delivers `dist`'s standard logs v2: some ACCESS_LOGS LogDeliverySource of the distribution and a
 * LogDelivery from that source. Also returns the sources found, for the message.
 */
function logDeliveryV2(dist: StackSubject, resources: StackSubject[]): { link: Link; sources: StackSubject[] } {
    let link: Link;
    const sources: StackSubject[] = [];
    for (const src of resources.filter((r) => r.type === LOG_DELIVERY_SOURCE)) {
        const s = sourceOf(src, dist);
        if (s === undefined) continue;
        if (s === "linked") sources.push(src);
        for (const d of resources.filter((r) => r.type === LOG_DELIVERY)) link = either(link, both(s, deliveryOf(d, src)));
    }
    return { link, sources };
}

/** A load balancer's findings (gateway load balancers have no access logs); an unknown field stops the check. */
function loadBalancerFindings(lb: StackSubject): string[] {
    const lbType = lb.props.loadBalancerType ?? "application";
    if (isUnknown(lbType)) unknownValue("loadBalancerType");
    if (lbType === "gateway") return [];
    const logs = lb.props.accessLogs;
    if (isUnknown(logs)) unknownValue("accessLogs");
    const enabled = logs?.enabled;
    if (isUnknown(enabled)) unknownValue("accessLogs.enabled");
    const out: string[] = [];
    if (!(enabled === true || enabled === "true")) out.push(`Load balancer access logs are not enabled (accessLogs.enabled is ${enabled ?? "unset"}).`);
    if (!isSet(logs?.bucket)) out.push("Load balancer access logs have no destination: set accessLogs.bucket.");
    return out;
}

/** A distribution's finding: no legacy logging bucket and no standard logs v2 delivery in the stack. */
function distributionFinding(dist: StackSubject, resources: StackSubject[], config: EdgeAccessLogsConfig): string | undefined {
    const logging = dist.props.loggingConfig;
    if (!isUnknown(logging) && isSet(logging?.bucket)) return;
    const v2 = logDeliveryV2(dist, resources);
    if (v2.link === "linked" || config.acceptCloudFrontLogDeliveryV2) return;
    // The answer depends on an unknown: the legacy logging block, or a v2 source/delivery that may be this distribution's.
    if (isUnknown(logging)) unknownValue("loggingConfig");
    if (v2.link === "maybe") unknownValue("LogDeliverySource.resourceArn / LogDelivery.deliverySourceName");
    if (v2.sources.length) {
        return `CloudFront distribution has no access logging: its standard logs v2 source '${v2.sources[0].name}' (aws.cloudwatch.LogDeliverySource) `
            + "has no aws.cloudwatch.LogDelivery whose deliverySourceName is the source's name and that has a deliveryDestinationArn.";
    }
    return "CloudFront distribution has no access logging: set loggingConfig.bucket, or deliver standard logs v2 through an "
        + "aws.cloudwatch.LogDeliverySource (logType ACCESS_LOGS, resourceArn: distribution.arn) and an aws.cloudwatch.LogDelivery from it.";
}

const LB_ATTRIBUTES = `${ALB_ANNOTATION}load-balancer-attributes`;

/** The controller's `load-balancer-attributes` annotation (`k=v,k=v`) as a map; undefined when absent, "unknown" when unknown. */
function lbAttributes(annotations: any): Map<string, string> | "unknown" | undefined {
    const raw = annotation(annotations, LB_ATTRIBUTES);
    if (raw === undefined) return undefined;
    const text = knownString(raw);
    if (text === undefined) return "unknown";
    return new Map(text.split(",").map((kv) => kv.trim().split("=").map((x) => x.trim()) as [string, string]).filter(([k]) => k));
}

/**
 * The ALBs the AWS Load Balancer Controller makes from Ingresses (one per IngressGroup): access logs are ALB attributes,
 * so some member of the group must set `access_logs.s3.enabled=true` and `access_logs.s3.bucket` in the
 * load-balancer-attributes annotation. An unknown annotation (an Output in preview) defers.
 */
function ingressFindings(resources: StackSubject[], result: Findings<StackFinding>): void {
    for (const [key, members] of albIngressGroups(resources)) {
        const attributes = members.map((m) => lbAttributes(m.annotations));
        if (attributes.some((a) => a instanceof Map && a.get("access_logs.s3.enabled") === "true" && !!a.get("access_logs.s3.bucket"))) continue;
        if (attributes.includes("unknown") || key.startsWith("unknown:") || members.some((m) => !m.classKnown)) {
            result.defer(`${members[0].label}: metadata.annotations (${LB_ATTRIBUTES})`);
            continue;
        }
        const names = members.map((m) => `'${m.label}'`).join(", ");
        result.report(members[0].r.urn, `The ALB of Ingress '${members[0].label}' (${groupLabel(key)}; members ${names}) has no access logs: `
            + `annotate one member with ${LB_ATTRIBUTES}: access_logs.s3.enabled=true,access_logs.s3.bucket=<log bucket>,access_logs.s3.prefix=<prefix>.`);
    }
}

/** Load balancers and CloudFront distributions write access logs. */
export const edgeAccessLogs: StackRule<EdgeAccessLogsConfig> = {
    kind: "stack",
    name: "edge-access-logs",
    description: "Application and network load balancers and CloudFront distributions have access logging enabled (CloudFront: "
        + "loggingConfig.bucket or standard logs v2 delivered by the stack; an ALB the AWS Load Balancer Controller makes from "
        + "Ingresses: the access_logs.s3.* attributes in a member's load-balancer-attributes annotation).",
    severity: "medium",
    remediation: "On the load balancer set accessLogs: { enabled: true, bucket: <log bucket> }; on the CloudFront distribution set "
        + "loggingConfig: { bucket: '<bucket>.s3.amazonaws.com' }, or deliver standard logs v2: an aws.cloudwatch.LogDeliverySource "
        + "(logType 'ACCESS_LOGS', resourceArn: distribution.arn), an aws.cloudwatch.LogDeliveryDestination and an "
        + "aws.cloudwatch.LogDelivery (deliverySourceName: source.name, deliveryDestinationArn: destination.arn).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            acceptCloudFrontLogDeliveryV2: {
                type: "boolean",
                default: false,
                description: "Accept distributions without loggingConfig and without a standard logs v2 delivery in the stack, because "
                    + "their v2 delivery (LogDeliverySource + LogDelivery) is made outside this stack. Deliveries in the stack are "
                    + "recognised without it.",
            },
        },
    },
    types: [...LB_TYPES, DISTRIBUTION, ...INGRESS_TYPES],
    check: (resources, config) => {
        const result = new Findings<StackFinding>();
        for (const r of resources) {
            if (LB_TYPES.includes(r.type)) {
                result.check(() => loadBalancerFindings(r).map((message) => ({ urn: r.urn, message })));
            } else if (r.type === DISTRIBUTION) {
                result.check(() => {
                    const message = distributionFinding(r, resources, config);
                    return message === undefined ? undefined : { urn: r.urn, message };
                });
            }
        }
        ingressFindings(resources, result);
        return result.result();
    },
};
