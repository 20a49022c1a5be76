import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { iamWorkloadPermissionsBoundary } from "./iam-workload-permissions-boundary";

const BOUNDARY = "arn:aws:iam::111122223333:policy/workload-boundary";
const OIDC = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
const podTrust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }] });
const irsaTrust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:a:b" } } }] });
const serviceTrust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const ROLE = "aws:iam/role:Role";

describe("aws rule iam-workload-permissions-boundary", () => {
    it("passes pod roles with a boundary and service roles without one", () => {
        const run = runRule(iamWorkloadPermissionsBoundary, [
            { type: ROLE, name: "pod", inputs: { assumeRolePolicy: podTrust, permissionsBoundary: BOUNDARY } },
            { type: ROLE, name: "irsa", inputs: { assumeRolePolicy: irsaTrust, permissionsBoundary: BOUNDARY } },
            { type: ROLE, name: "svc", inputs: { assumeRolePolicy: serviceTrust } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(3);
    });
    it("reports a Pod Identity role without a boundary, as mandatory", () => {
        const run = runRule(iamWorkloadPermissionsBoundary, [{ type: ROLE, name: "pod", inputs: { assumeRolePolicy: podTrust } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "iam-workload-permissions-boundary", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${ROLE}::pod` });
        expect(run.messages[0]).to.equal("Role is assumable through EKS Pod Identity (pods.eks.amazonaws.com) but sets no permissionsBoundary.");
    });
    it("reports an OIDC web-identity role without a boundary", () => {
        const run = runRule(iamWorkloadPermissionsBoundary, [{ type: ROLE, inputs: { assumeRolePolicy: irsaTrust } }]);
        expect(run.messages).to.deep.equal(["Role is assumable through OIDC web identity but sets no permissionsBoundary."]);
    });
    it("checks the boundary against boundaryArnPattern when configured", () => {
        const config = { "iam-workload-permissions-boundary": { boundaryArnPattern: "arn:aws:iam::*:policy/workload-boundary" } };
        const ok = runRule(iamWorkloadPermissionsBoundary, [{ type: ROLE, inputs: { assumeRolePolicy: podTrust, permissionsBoundary: BOUNDARY } }], { config });
        expect(ok.violations).to.have.length(0);
        const bad = runRule(iamWorkloadPermissionsBoundary, [{ type: ROLE, inputs: { assumeRolePolicy: podTrust, permissionsBoundary: "arn:aws:iam::aws:policy/AdministratorAccess" } }], { config });
        expect(bad.messages).to.deep.equal(["Role is assumable through EKS Pod Identity (pods.eks.amazonaws.com) but its permissionsBoundary arn:aws:iam::aws:policy/AdministratorAccess does not match arn:aws:iam::*:policy/workload-boundary."]);
    });
    it("counts a computed boundary as set, and needs no trust policy then", () => {
        const run = runRule(iamWorkloadPermissionsBoundary, [{ type: ROLE, inputs: { assumeRolePolicy: UNKNOWN, permissionsBoundary: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("defers an unknown trust policy when no boundary is set", () => {
        const run = runRule(iamWorkloadPermissionsBoundary, [{ type: ROLE, inputs: { assumeRolePolicy: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/assumeRolePolicy/);
    });
    it("defers a computed boundary when a pattern must be matched", () => {
        const run = runRule(iamWorkloadPermissionsBoundary, [{ type: ROLE, inputs: { assumeRolePolicy: podTrust, permissionsBoundary: UNKNOWN } }],
            { config: { "iam-workload-permissions-boundary": { boundaryArnPattern: "arn:aws:iam::*:policy/workload-boundary" } } });
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/permissionsBoundary/);
    });
    it("is not applicable to other types", () => {
        expect(runRule(iamWorkloadPermissionsBoundary, [{ type: "aws:iam/rolePolicy:RolePolicy" }]).notApplicable).to.equal(1);
    });
});
