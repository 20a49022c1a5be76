import { Findings } from "../../../lib/findings";
import { linkedVpcs, VPC } from "../../../lib/network";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";
import { asArray, isUnknown } from "../../../lib/values";

const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

/** Every VPC adopts its default security group and takes all its rules away. */
export const vpcDefaultSgClosed: StackRule = {
    kind: "stack",
    name: "vpc-default-sg-closed",
    description: "Every aws.ec2.Vpc has an aws.ec2.DefaultSecurityGroup (linked by vpcId) with no ingress and no egress rules.",
    severity: "medium",
    remediation: "Add new aws.ec2.DefaultSecurityGroup(name, { vpcId: vpc.id, ingress: [], egress: [] }) for each VPC, "
        + "and give workloads their own security groups.",
    enforcementLevel: "advisory",
    types: [VPC],
    check: (resources) => {
        const vpcs = resources.filter((r) => r.type === VPC);
        const result = new Findings<StackFinding>();
        const adopted = new Set<StackSubject>();
        let unknownAt: string | undefined;
        let undecidedLink = false;
        for (const sg of resources.filter((r) => r.type === DEFAULT_SG)) {
            const l = linkedVpcs(sg, vpcs);
            undecidedLink ||= l.undecided;
            if (!l.vpcs.length) continue;
            l.vpcs.forEach((v) => adopted.add(v));
            const rules: string[] = [];
            for (const dir of ["ingress", "egress"] as const) {
                const v = sg.props[dir];
                if (isUnknown(v)) { unknownAt ??= `DefaultSecurityGroup.${dir}`; continue; }
                const n = asArray(v as unknown[]).length;
                if (n) rules.push(`${n} ${dir} rule${n > 1 ? "s" : ""}`);
            }
            if (rules.length) {
                result.report(sg.urn, `Default security group '${sg.name}' of VPC '${l.vpcs[0].name}' has ${rules.join(" and ")}: set ingress: [] and egress: [].`);
            }
        }
        const missing = vpcs.filter((x) => !adopted.has(x));
        // A default security group with an unknown vpcId may belong to any VPC not yet matched: decide at the update.
        if (missing.length && undecidedLink) result.defer("DefaultSecurityGroup.vpcId");
        else {
            for (const v of missing) {
                result.report(v.urn, `VPC '${v.name}' has no aws.ec2.DefaultSecurityGroup: its default security group keeps AWS's rules `
                    + "(all traffic between members, all egress).");
            }
        }
        if (unknownAt) result.defer(unknownAt);
        return result.result();
    },
};
