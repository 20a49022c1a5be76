/** Network facts shared by rules: CIDRs that cover the internet, internet-facing load balancers. Not a rule. */
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
