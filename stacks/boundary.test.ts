/**
 * Every IAM role of the prod plan carries the workload permissions boundary, except the roles AWS services assume for
 * themselves, listed here each with its reason. A new role without the boundary fails here until its component sets
 * it, or it is added below with a reason a reviewer can check.
 */
import { expect } from "chai";
import { plannedStack } from "../tools/testing/stack-plans";

/** Roles (by name in the prod plan) AWS services assume for themselves, not workloads: why each has no boundary. */
const SERVICE_ROLES_WITHOUT_BOUNDARY: Record<string, string> = {
    "ecommerce-platform-prod-cluster": "EKS control plane's cluster role (eks.amazonaws.com): the service's own AmazonEKSClusterPolicy, no workload code runs as it.",
    "ecommerce-platform-prod-node": "EKS nodes' instance role (ec2.amazonaws.com): the kubelet's AWS-managed node policies; pods cannot reach it (IMDSv2, hop limit 1) and use Pod Identity roles, which carry the boundary.",
    "ecommerce-platform-prod-net-flow-logs": "VPC Flow Logs delivery role (vpc-flow-logs.amazonaws.com), scoped to one log group.",
    "ecommerce-platform-prod-orders-monitoring": "RDS enhanced monitoring role (monitoring.rds.amazonaws.com): the AWS-managed AmazonRDSEnhancedMonitoringRole only.",
    "ecommerce-platform-prod-catalog-monitoring": "RDS enhanced monitoring role (monitoring.rds.amazonaws.com): the AWS-managed AmazonRDSEnhancedMonitoringRole only.",
};

describe("stacks: IAM roles and the workload boundary (prod)", () => {
    it("every role carries the workload boundary, except the listed AWS-service roles", async () => {
        const plan = await plannedStack("prod");
        const boundary = plan.resources.filter((r) => r.type === "aws:iam/policy:Policy" && r.name.endsWith("-workload-boundary"));
        expect(boundary).to.have.length(1);
        const roles = plan.resources.filter((r) => r.type === "aws:iam/role:Role");
        expect(roles.length).to.be.greaterThan(Object.keys(SERVICE_ROLES_WITHOUT_BOUNDARY).length);
        const without = roles.filter((r) => r.inputs.permissionsBoundary === undefined).map((r) => r.name);
        expect(without).to.have.members(Object.keys(SERVICE_ROLES_WITHOUT_BOUNDARY));
        for (const r of roles.filter((x) => x.inputs.permissionsBoundary !== undefined)) {
            expect(r.propertyDependencies.permissionsBoundary, r.name).to.deep.equal([boundary[0].urn]);
        }
    });
    it("each listed exception is trusted by an AWS service only, never by pods or another account", async () => {
        const plan = await plannedStack("prod");
        for (const name of Object.keys(SERVICE_ROLES_WITHOUT_BOUNDARY)) {
            const role = plan.resources.find((r) => r.type === "aws:iam/role:Role" && r.name === name)!;
            const principals = JSON.parse(role.inputs.assumeRolePolicy as string).Statement.map((s: any) => s.Principal);
            for (const p of principals) {
                expect(Object.keys(p), name).to.deep.equal(["Service"]);
                expect([].concat(p.Service), name).to.not.include("pods.eks.amazonaws.com");
            }
        }
    });
});
