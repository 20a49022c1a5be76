import { Findings } from "../../../lib/findings";
import { AWSX_VPC, linkedVpcs, sameNetworkLinked, VPC } from "../../../lib/network";
import { StackFinding, StackRule, StackSubject } from "../../../lib/rule";

const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

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
