/**
 * sg-no-open-ingress: no security group ingress from 0.0.0.0/0 or ::/0, except the edge ports of edge groups.
 *
 * A group is an edge group when the plan shows it used only by internet-facing application load balancers (see
 * inferEdge), or when it is tagged Exposure: edge (the explicit override, for groups whose users the plan cannot see).
 * Telling them apart needs the links between resources, so this is a stack rule. Trade-off: with the real engine a
 * stack policy runs at the end of the preview and again after the update's steps, so a violation that only known
 * values reveal (a CIDR unknown in preview) is reported after the resources exist, not before the step.
 */
import { Findings, isUnknownValueError } from "../../../lib/findings";
import { knownIds, linksTo, refersTo } from "../../../lib/links";
import { isInternetFacingAlb, isWorldCidr, LB_TYPES } from "../../../lib/network";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { asArray, isUnknown, unknownValue } from "../../../lib/values";

interface SgNoOpenIngressConfig {
    /** Ports that may be open to the internet on edge security groups. */
    edgePorts: number[];
}

const DEFAULT_EDGE_PORTS = [80, 443];
const EDGE_TAG = { key: "Exposure", value: "edge" };

const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
/** Rule resources attached to a group through `securityGroupId`: the group's own rules, not users of it. */
const RULE_TYPES = [SG_RULE, INGRESS_RULE, EGRESS_RULE];
/**
 * Properties that name a group as the peer of a rule (traffic from or to its members). They let no resource join the
 * group, so they do not make it a shared group: the backend group that admits traffic from the load balancers' group
 * is the ordinary pattern.
 */
const PEER_PROPS: Record<string, string[]> = {
    [SG]: ["ingress", "egress"],
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ["ingress", "egress"],
    [SG_RULE]: ["sourceSecurityGroupId"],
    [INGRESS_RULE]: ["referencedSecurityGroupId"],
    [EGRESS_RULE]: ["referencedSecurityGroupId"],
};
/** Keys whose values are security group ids: `securityGroups`, `vpcSecurityGroupIds`, `vpcConfig.securityGroupIds`, … */
const SG_KEY = /security-?group/i;

interface IngressEntry {
    /** For messages: `ingress[0]` or `rule 'name'`. */
    where: string;
    /** Input path prefix of the entry's fields (`<name>.ingress[0].` or `<name>.`), and the path of its source CIDRs. */
    at: string;
    cidrPath: string;
    cidrs: unknown[];
    protocol: unknown;
    fromPort: unknown;
    toPort: unknown;
}

/** The ingress entries of a resource (SecurityGroup inline rules, SecurityGroupRule of type ingress, IngressRule). */
function ingressEntries(r: StackSubject): IngressEntry[] {
    const props = r.props;
    if (r.type === SG) {
        if (isUnknown(props.ingress)) unknownValue(`${r.name}.ingress`);
        return asArray(props.ingress as any[]).map((e, i) => {
            const at = `${r.name}.ingress[${i}]`;
            if (isUnknown(e)) return { where: `ingress[${i}]`, at: `${at}.`, cidrPath: at, cidrs: [e], protocol: e, fromPort: e, toPort: e };
            return {
                where: `ingress[${i}]`, at: `${at}.`, cidrPath: `${at}.cidrBlocks`, cidrs: [...cidrList(e.cidrBlocks), ...cidrList(e.ipv6CidrBlocks)],
                protocol: e.protocol, fromPort: e.fromPort, toPort: e.toPort,
            };
        });
    }
    const where = `rule '${r.name}'`;
    if (r.type === SG_RULE) {
        if (isUnknown(props.type)) unknownValue(`${r.name}.type`);
        if (props.type !== "ingress") return [];
        return [{
            where, at: `${r.name}.`, cidrPath: `${r.name}.cidrBlocks`, cidrs: [...cidrList(props.cidrBlocks), ...cidrList(props.ipv6CidrBlocks)],
            protocol: props.protocol, fromPort: props.fromPort, toPort: props.toPort,
        }];
    }
    return [{
        where, at: `${r.name}.`, cidrPath: `${r.name}.${isUnknown(props.cidrIpv4) ? "cidrIpv4" : "cidrIpv6"}`,
        cidrs: [props.cidrIpv4, props.cidrIpv6].filter((c) => c !== undefined && c !== null),
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
    if (ALL_PROTOCOLS.has(proto)) return "all protocols and ports";
    return e.fromPort === e.toPort ? `${proto} port ${e.fromPort}` : `${proto} ports ${e.fromPort}-${e.toPort}`;
}

/** True when the entry opens only edge ports, false when it opens another, undefined when its ports are unknown. */
function onlyEdgePorts(e: IngressEntry, edgePorts: number[]): boolean | undefined {
    if (isUnknown(e.protocol)) return undefined;
    if (!PORT_PROTOCOLS.has(String(e.protocol).toLowerCase())) return false;
    if (isUnknown(e.fromPort) || isUnknown(e.toPort)) return undefined;
    const lo = Number(e.fromPort), hi = Number(e.toPort);
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo || hi - lo >= 1024) return false;
    return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).every((p) => edgePorts.includes(p));
}

/** Whether a group may open its edge ports to the internet; when it may not, why (a clause naming the group). */
type Exposure = { edge: true } | { edge: false; why: string };

/** A property of a resource that may hold security group ids (or came from a security group). */
interface Reference {
    r: StackSubject;
    prop: string;
    /** The leaf values under security-group keys, compared with a group's id and ARN. */
    values: unknown[];
    /** own: the group's rule; peer: names the group as a traffic peer; lb: a load balancer's groups; user: anything else. */
    role: "own" | "peer" | "lb" | "user";
}

/** The leaf values of `value` that sit under a security-group key (`under`: the value itself does). */
function sgValues(value: unknown, under: boolean, out: unknown[] = []): unknown[] {
    if (Array.isArray(value)) value.forEach((v) => sgValues(v, under, out));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) sgValues(v, under || SG_KEY.test(k), out);
    else if (under && typeof value === "string") out.push(value);
    return out;
}

/**
 * Every property that may refer to a security group. Components are skipped (a type outside `aws:` that parents
 * other resources, e.g. the stack, whose outputs may export a group id): their children make the attachments.
 */
function references(resources: StackSubject[]): Reference[] {
    const parents = new Set(resources.map((r) => r.parent));
    const out: Reference[] = [];
    for (const r of resources) {
        if (parents.has(r) && !r.type.startsWith("aws:")) continue;
        for (const prop of new Set([...Object.keys(r.props), ...Object.keys(r.propertyDependencies)])) {
            const values = sgValues(r.props[prop], SG_KEY.test(prop));
            if (!values.length && !(r.propertyDependencies[prop] ?? []).some((d) => d.type === SG)) continue;
            const role = RULE_TYPES.includes(r.type) && prop === "securityGroupId" ? "own"
                : PEER_PROPS[r.type]?.includes(prop) ? "peer"
                    : LB_TYPES.includes(r.type) && prop === "securityGroups" ? "lb" : "user";
            out.push({ r, prop, values, role });
        }
    }
    return out;
}

/** A group's identifiers as other resources' values carry them: its id and ARN, when known. */
const groupIds = (g: StackSubject): string[] => knownIds(g, ["id", "arn"]);

/** Load balancer `lb`, described for a message. */
function lbKind(lb: StackSubject): string {
    return (lb.props.loadBalancerType ?? "application") === "application" ? `internal load balancer '${lb.name}'`
        : `${lb.props.loadBalancerType} load balancer '${lb.name}'`;
}

/**
 * Whether group `g` is used only by internet-facing application load balancers, inferred from the plan's links
 * (a load balancer's `securityGroups`, an instance's `vpcSecurityGroupIds`, a Lambda's `vpcConfig`, …, each through
 * its property dependencies or the group's id/ARN value). Throws an unknown value (the check is deferred) when the
 * answer depends on one.
 *
 * Values unknown during preview: an unknown group id proves no link, so it never makes a group an edge group. It may
 * still hide one, so when an unproven link could change the answer (a maybe-user of a group otherwise used only by
 * internet-facing load balancers, or a maybe-load balancer of a group with no proven user), the answer waits for
 * the update, where ids are known, instead of guessing either way. A load balancer whose `internal` or
 * `loadBalancerType` is unknown likewise defers.
 */
function inferEdge(g: StackSubject, refs: Reference[]): Exposure {
    const ids = groupIds(g);
    let edgeUsers = 0;
    let lbUnknown: Error | undefined;
    let maybeUser: string | undefined;
    let maybeLb: string | undefined;
    for (const ref of refs) {
        if (ref.r === g || ref.role === "own" || ref.role === "peer") continue;
        const link = refersTo(ref.r, ref.prop, g, ids, { values: ref.values });
        if (!link) continue;
        let internetAlb: boolean | undefined = false;
        if (ref.role === "lb") {
            try {
                internetAlb = isInternetFacingAlb(ref.r);
            } catch (e) {
                if (!isUnknownValueError(e)) throw e;
                internetAlb = undefined;
                if (link === "linked") lbUnknown ??= e;
            }
        }
        if (link === "maybe") {
            if (internetAlb !== false) maybeLb ??= `${ref.r.name}.${ref.prop}`;
            if (internetAlb !== true) maybeUser ??= `${ref.r.name}.${ref.prop}`;
        } else if (internetAlb) {
            edgeUsers++;
        } else if (internetAlb === false) {
            return { edge: false, why: `'${g.name}' is used by ${ref.role === "lb" ? lbKind(ref.r) : `${ref.r.type} '${ref.r.name}'`}` };
        }
    }
    if (lbUnknown) throw lbUnknown;
    if (edgeUsers > 0) {
        if (maybeUser) unknownValue(maybeUser);
        return { edge: true };
    }
    if (maybeLb) unknownValue(maybeLb);
    return { edge: false, why: `'${g.name}' is used by no internet-facing load balancer in this plan` };
}

/** True when a resource carries the Exposure: edge tag; an unknown tag stops the check. */
function taggedEdge(r: StackSubject): boolean {
    const tags = r.props.tags;
    if (isUnknown(tags) || isUnknown(tags?.[EDGE_TAG.key])) unknownValue(`${r.name}.tags`);
    return tags?.[EDGE_TAG.key] === EDGE_TAG.value;
}

/**
 * Exposure of `tagged` (a group, or an ingress rule that carries tags): edge when tagged Exposure: edge, else the
 * inferred exposure. An unknown tag defers only when the inference does not already make it an edge group.
 */
function exposure(tagged: StackSubject, inferred: () => Exposure): Exposure {
    let tagUnknown: Error | undefined;
    try {
        if (taggedEdge(tagged)) return { edge: true };
    } catch (e) {
        if (!isUnknownValueError(e)) throw e;
        tagUnknown = e;
    }
    const ex = inferred();
    if (!ex.edge && tagUnknown) throw tagUnknown;
    return ex;
}

/** Security groups admit no traffic from the whole internet, except edge ports of groups that serve only the edge. */
export const sgNoOpenIngress: StackRule<SgNoOpenIngressConfig> = {
    kind: "stack",
    name: "sg-no-open-ingress",
    description: "Security group ingress allows no 0.0.0.0/0 or ::/0 source, except on the configured edge ports (80, 443) "
        + "of a group used only by internet-facing application load balancers (inferred from the plan) or tagged Exposure: edge.",
    severity: "critical",
    remediation: "Restrict the source to the VPC CIDR, a prefix list or a source security group. An internet-facing load "
        + "balancer may open the edge ports (80/443) to the internet on a security group of its own: give it a group that "
        + "nothing else (instances, launch templates, clusters, databases, endpoints, functions) uses, and let the backend "
        + "groups admit traffic from that group. Tag the group (or an aws.vpc.SecurityGroupIngressRule) Exposure: edge only "
        + "when the plan cannot show its users, e.g. a group attached outside this program.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            edgePorts: {
                type: "array", items: { type: "integer" }, default: DEFAULT_EDGE_PORTS,
                description: "Ports that may be open to the internet on edge security groups (used only by internet-facing "
                    + "load balancers, or tagged Exposure: edge).",
            },
        },
    },
    types: [SG, SG_RULE, INGRESS_RULE],
    check: (resources, config) => {
        const edgePorts = (config.edgePorts ?? DEFAULT_EDGE_PORTS).map(Number);
        const result = new Findings<StackFinding>();
        const refs = references(resources);
        const groups = resources.filter((r) => r.type === SG);
        const exposures = new Map<StackSubject, { exposure?: Exposure; unknown?: Error }>();
        const exposureOf = (g: StackSubject): Exposure => {
            let cached = exposures.get(g);
            if (!cached) {
                try { cached = { exposure: exposure(g, () => inferEdge(g, refs)) }; } catch (e) {
                    if (!isUnknownValueError(e)) throw e;
                    cached = { unknown: e };
                }
                exposures.set(g, cached);
            }
            if (cached.unknown) throw cached.unknown;
            return cached.exposure!;
        };

        /** Check the ingress entries of `subject` (a group or one of its rules); `group` names the group in messages. */
        const checkEntries = (subject: StackSubject, group: string, exposed: () => Exposure) => {
            result.check(() => {
                for (const e of ingressEntries(subject)) {
                    result.check(() => {
                        const open = e.cidrs.filter((c) => !isUnknown(c) && isWorldCidr(String(c))).map(String);
                        if (!open.length) {
                            if (e.cidrs.some(isUnknown)) unknownValue(e.cidrPath);
                            return;
                        }
                        const message = (why?: string) => `security group '${group}' allows ${open.join(", ")} on ${describe(e)} (${e.where}); `
                            + `open ingress is allowed only on ports ${edgePorts.join(", ")} of a group used only by internet-facing `
                            + `load balancers (inferred from the plan) or tagged ${EDGE_TAG.key}: ${EDGE_TAG.value}${why ? `; ${why}` : ""}.`;
                        const edgeOnly = onlyEdgePorts(e, edgePorts);
                        if (edgeOnly === false) return result.report(subject.urn, message());
                        const exp = exposed();
                        if (!exp.edge) return result.report(subject.urn, message(exp.why));
                        if (edgeOnly === undefined) unknownValue(`${e.at}fromPort`);
                    });
                }
            });
        };

        for (const g of groups) checkEntries(g, g.name, () => exposureOf(g));

        // Separate rules find their group through securityGroupId (a property dependency or the group's id/ARN value).
        const ruleTypes = [SG_RULE, INGRESS_RULE];
        const rules = resources.filter((r) => ruleTypes.includes(r.type));
        const groupOf = new Map<StackSubject, StackSubject>();
        const maybeGroup = new Set<StackSubject>();
        for (const g of groups) {
            const links = linksTo(rules, ruleTypes, "securityGroupId", g, groupIds(g));
            for (const r of links.linked) if (!groupOf.has(r)) groupOf.set(r, g);
            links.maybe.forEach((r) => maybeGroup.add(r));
        }
        for (const rule of rules) {
            const g = groupOf.get(rule);
            const id = rule.props.securityGroupId;
            const label = g?.name ?? (typeof id === "string" && !isUnknown(id) ? id : rule.name);
            const viaGroup = (): Exposure => {
                if (g) return exposureOf(g);
                // An unknown securityGroupId without a dependency proves no link: the group is undecided until the update.
                if (maybeGroup.has(rule) || isUnknown(id)) unknownValue(`${rule.name}.securityGroupId`);
                return { edge: false, why: `'${label}' is not a security group of this plan, so its users cannot be seen` };
            };
            // aws.vpc.SecurityGroupIngressRule has tags of its own: Exposure: edge there marks the rule explicitly.
            checkEntries(rule, label, rule.type === INGRESS_RULE ? () => exposure(rule, viaGroup) : viaGroup);
        }
        return result.result();
    },
};
