import { isWorldCidr } from "../../../lib/network";
import { ResourceRule } from "../../../lib/rule";
import { asArray, isUnknown, unknownValue } from "../../../lib/values";

export interface SgNoOpenIngressConfig {
    /** Ports that may be open to the internet on resources tagged Exposure: edge. */
    edgePorts: number[];
}

const DEFAULT_EDGE_PORTS = [80, 443];
const EDGE_TAG = { key: "Exposure", value: "edge" };

interface IngressEntry {
    /** For messages: `ingress[0]` or `rule`. */
    label: string;
    /** Input path prefix of the entry's fields ("ingress[0]." or ""), and of its source CIDRs. */
    at: string;
    cidrPath: string;
    cidrs: unknown[];
    protocol: unknown;
    fromPort: unknown;
    toPort: unknown;
}

/** The ingress entries of a resource (SecurityGroup inline rules, SecurityGroupRule of type ingress, IngressRule). */
function ingressEntries(type: string, props: Record<string, any>): IngressEntry[] {
    if (type === "aws:ec2/securityGroup:SecurityGroup") {
        if (isUnknown(props.ingress)) unknownValue("ingress");
        return asArray(props.ingress as any[]).map((r, i) => {
            if (isUnknown(r)) return { label: `ingress[${i}]`, at: `ingress[${i}].`, cidrPath: `ingress[${i}]`, cidrs: [r], protocol: r, fromPort: r, toPort: r };
            return {
                label: `ingress[${i}]`, at: `ingress[${i}].`, cidrPath: `ingress[${i}].cidrBlocks`, cidrs: [...cidrList(r.cidrBlocks), ...cidrList(r.ipv6CidrBlocks)],
                protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort,
            };
        });
    }
    if (type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
        if (isUnknown(props.type)) unknownValue("type");
        if (props.type !== "ingress") return [];
        return [{
            label: "rule", at: "", cidrPath: "cidrBlocks", cidrs: [...cidrList(props.cidrBlocks), ...cidrList(props.ipv6CidrBlocks)],
            protocol: props.protocol, fromPort: props.fromPort, toPort: props.toPort,
        }];
    }
    return [{
        label: "rule", at: "", cidrPath: isUnknown(props.cidrIpv4) ? "cidrIpv4" : "cidrIpv6", cidrs: [props.cidrIpv4, props.cidrIpv6].filter((c) => c !== undefined && c !== null),
        protocol: props.ipProtocol, fromPort: props.fromPort, toPort: props.toPort,
    }];
}

/** CIDR list; an unknown list is kept as one unknown element (the entry's check is deferred). */
function cidrList(v: unknown): unknown[] {
    return isUnknown(v) ? [v] : asArray(v as unknown[]);
}

const ALL_PROTOCOLS = new Set(["-1", "all"]);
const PORT_PROTOCOLS = new Set(["tcp", "udp", "6", "17"]);

function describe(e: IngressEntry): string {
    const proto = String(e.protocol ?? "").toLowerCase();
    if (ALL_PROTOCOLS.has(proto)) return "all traffic";
    return e.fromPort === e.toPort ? `${proto} port ${e.fromPort}` : `${proto} ports ${e.fromPort}-${e.toPort}`;
}

/** Security groups admit no traffic from the whole internet, except edge ports on edge-tagged resources. */
export const sgNoOpenIngress: ResourceRule<SgNoOpenIngressConfig> = {
    kind: "resource",
    name: "sg-no-open-ingress",
    description: "Security group ingress allows no 0.0.0.0/0 or ::/0 source, except on the configured edge ports (80, 443) "
        + "of resources tagged Exposure: edge.",
    severity: "critical",
    remediation: "Restrict the source to the VPC CIDR, a prefix list or a source security group; internet-facing load "
        + "balancers may open the edge ports (80/443) when their security group (or aws.vpc.SecurityGroupIngressRule) is "
        + "tagged Exposure: edge. aws.ec2.SecurityGroupRule has no tags: use SecurityGroupIngressRule for edge rules.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            edgePorts: {
                type: "array", items: { type: "integer" }, default: DEFAULT_EDGE_PORTS,
                description: "Ports that may be open to the internet on resources tagged Exposure: edge.",
            },
        },
    },
    types: [
        "aws:ec2/securityGroup:SecurityGroup",
        "aws:ec2/securityGroupRule:SecurityGroupRule",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    ],
    check: ({ type, props }, config) => {
        const edgePorts = (config.edgePorts ?? DEFAULT_EDGE_PORTS).map(Number);
        const findings: string[] = [];
        let unknownAt: string | undefined;
        for (const e of ingressEntries(type, props)) {
            if (e.cidrs.some(isUnknown) && !e.cidrs.some((c) => !isUnknown(c) && isWorldCidr(String(c)))) {
                unknownAt ??= e.cidrPath;
                continue;
            }
            const open = e.cidrs.filter((c) => !isUnknown(c) && isWorldCidr(String(c))).map(String);
            if (!open.length) continue;
            // The edge exception: a tagged resource, a port protocol, and every port of the range an edge port.
            const tags = props.tags;
            if (isUnknown(tags) || isUnknown(tags?.[EDGE_TAG.key])) { unknownAt ??= "tags"; continue; }
            const edge = tags?.[EDGE_TAG.key] === EDGE_TAG.value;
            if (edge) {
                const proto = e.protocol, from = e.fromPort, to = e.toPort;
                if ([proto, from, to].some(isUnknown)) { unknownAt ??= `${e.at}fromPort`; continue; }
                const lo = Number(from), hi = Number(to);
                const ports = Number.isInteger(lo) && Number.isInteger(hi) && hi >= lo && hi - lo < 1024
                    ? Array.from({ length: hi - lo + 1 }, (_, i) => lo + i) : undefined;
                if (PORT_PROTOCOLS.has(String(proto).toLowerCase()) && ports && ports.every((p) => edgePorts.includes(p))) continue;
            }
            findings.push(`${e.label} allows ${describe(e)} from ${open.join(", ")}`
                + (edge ? ` (resource is tagged ${EDGE_TAG.key}: ${EDGE_TAG.value}, but only ports ${edgePorts.join(", ")} may be open).`
                    : `; only ports ${edgePorts.join(", ")} of resources tagged ${EDGE_TAG.key}: ${EDGE_TAG.value} may be open to the internet.`));
        }
        if (!findings.length && unknownAt) unknownValue(unknownAt);
        return findings;
    },
};
