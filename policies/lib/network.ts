/**
 * Network facts shared by rules: CIDRs that cover the internet, load balancers and which of them face the internet,
 * VPCs and the resources linked to them by `vpcId`. Not a rule.
 */
import { knownIds, refersTo } from "./links";
import { StackSubject } from "./rule";
import { isUnknown, unknownValue } from "./values";

/** True for a CIDR that covers the whole address family (0.0.0.0/0, ::/0). */
export function isWorldCidr(cidr: string): boolean {
    return /\/0$/.test(cidr.trim());
}

/** Load balancer tokens: aws:alb/* is an alias of aws:lb/*, and programs use both. */
export const LB_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];

/**
 * True for an internet-facing application load balancer: `loadBalancerType` application or unset (the default) and
 * `internal` not true. An unknown field stops the check (values.ts unknownValue at `<name>.<field>`).
 */
export function isInternetFacingAlb(lb: StackSubject): boolean {
    const lbType = lb.props.loadBalancerType ?? "application";
    if (isUnknown(lbType)) unknownValue(`${lb.name}.loadBalancerType`);
    if (lbType !== "application") return false;
    const internal = lb.props.internal;
    if (isUnknown(internal)) unknownValue(`${lb.name}.internal`);
    return internal !== true && internal !== "true";
}

/** A VPC, and the awsx component that creates one (opaque offline: its `vpcId` output is the VPC's id). */
export const VPC = "aws:ec2/vpc:Vpc";
export const AWSX_VPC = "awsx:ec2:Vpc";

/**
 * The VPCs of `vpcs` that `r`'s `vpcId` input refers to (links.ts refersTo: a property dependency, or a known vpcId
 * equal to a VPC's id or an awsx:ec2:Vpc's vpcId), those it came from first. `undecided` when none is linked but one
 * may be (vpcId unknown in preview, without a dependency on a VPC).
 */
export function linkedVpcs(r: StackSubject, vpcs: StackSubject[]): { vpcs: StackSubject[]; undecided: boolean } {
    const fromDeps = (r.propertyDependencies.vpcId ?? []).filter((d) => vpcs.includes(d));
    const linked: StackSubject[] = [];
    let maybe = false;
    for (const v of new Set([...fromDeps, ...vpcs])) {
        const ref = refersTo(r, "vpcId", v, knownIds(v, v.type === AWSX_VPC ? ["id", "vpcId"] : ["id"]));
        if (ref === "linked") linked.push(v);
        else if (ref === "maybe") maybe = true;
    }
    return { vpcs: linked, undecided: linked.length === 0 && maybe };
}

/**
 * True when `vpc` or its awsx counterpart is in `linked`: an awsx:ec2:Vpc component and the aws:ec2/vpc:Vpc it
 * creates are the same network (offline the component is opaque; a real preview also shows the child).
 */
export function sameNetworkLinked(vpc: StackSubject, linked: Set<StackSubject>, vpcs: StackSubject[]): boolean {
    if (linked.has(vpc)) return true;
    if (vpc.parent?.type === AWSX_VPC && linked.has(vpc.parent)) return true;
    return vpc.type === AWSX_VPC && vpcs.some((c) => c.parent === vpc && linked.has(c));
}
