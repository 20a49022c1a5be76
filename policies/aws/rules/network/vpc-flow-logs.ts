import { Findings } from "../../../lib/findings";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { isUnknown } from "../../../lib/values";

const VPC = "aws:ec2/vpc:Vpc";
const AWSX_VPC = "awsx:ec2:Vpc";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

/**
 * The VPCs a resource's `vpcId` input refers to: through propertyDependencies.vpcId, or a known vpcId equal to a
 * VPC's id (props.id, or the awsx component's vpcId output). `undecided` when vpcId is unknown with no dependency.
 */
export function linkedVpcs(r: StackSubject, vpcs: StackSubject[]): { vpcs: StackSubject[]; undecided: boolean } {
    const deps = (r.propertyDependencies.vpcId ?? []).filter((d) => vpcs.includes(d));
    const id = r.props.vpcId;
    if (isUnknown(id)) return { vpcs: deps, undecided: deps.length === 0 };
    const byId = typeof id === "string" && id ? vpcs.filter((v) => v.props.id === id || (v.type === AWSX_VPC && v.props.vpcId === id)) : [];
    return { vpcs: [...new Set([...deps, ...byId])], undecided: false };
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

/** Every VPC records its traffic with a flow log. */
export const vpcFlowLogs: StackRule = {
    kind: "stack",
    name: "vpc-flow-logs",
    description: "Every VPC (aws.ec2.Vpc, awsx.ec2.Vpc) has an aws.ec2.FlowLog whose vpcId refers to it.",
    severity: "high",
    remediation: "Add an aws.ec2.FlowLog with vpcId: vpc.id (awsx: vpc.vpcId), trafficType ALL, delivering to a "
        + "KMS-encrypted CloudWatch log group or S3 bucket.",
    enforcementLevel: "mandatory",
    types: [VPC, AWSX_VPC],
    check: (resources) => {
        const vpcs = resources.filter((r) => r.type === VPC || r.type === AWSX_VPC);
        const linked = new Set<StackSubject>();
        let undecided = false;
        for (const fl of resources.filter((r) => r.type === FLOW_LOG)) {
            const l = linkedVpcs(fl, vpcs);
            l.vpcs.forEach((v) => linked.add(v));
            undecided ||= l.undecided;
        }
        const result = new Findings<StackFinding>();
        const missing = vpcs.filter((v) => !sameNetworkLinked(v, linked, vpcs));
        // A flow log with an unknown vpcId may cover any VPC that lacks one: decide at the update.
        if (missing.length && undecided) result.defer("FlowLog.vpcId");
        else for (const v of missing) result.report(v.urn, `VPC '${v.name}' has no flow log: no aws.ec2.FlowLog's vpcId refers to it.`);
        return result.result();
    },
};
