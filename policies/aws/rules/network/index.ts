import { Rule } from "../../../lib/rule";
import { eksPrivateEndpoint } from "./eks-private-endpoint";
import { rdsNotPublic } from "./rds-not-public";
import { sgNoOpenIngress } from "./sg-no-open-ingress";
import { vpcDefaultSgClosed } from "./vpc-default-sg-closed";
import { vpcFlowLogs } from "./vpc-flow-logs";

export const rules: Rule[] = [eksPrivateEndpoint, rdsNotPublic, sgNoOpenIngress, vpcFlowLogs, vpcDefaultSgClosed];
