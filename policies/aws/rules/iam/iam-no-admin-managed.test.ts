import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { iamNoAdminManaged } from "./iam-no-admin-managed";

const RPA = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

describe("aws rule iam-no-admin-managed", () => {
    it("passes least-privilege managed policies", () => {
        const run = runRule(iamNoAdminManaged, [
            { type: RPA, inputs: { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" } },
            { type: "aws:iam/role:Role", inputs: { assumeRolePolicy: "{}", managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } },
            { type: RPA, name: "custom", inputs: { role: "r", policyArn: "arn:aws:iam::111122223333:policy/AdministratorAccess-lookalike" } },
        ]);
        expect(run.violations).to.have.length(0);
    });
    it("reports AdministratorAccess on a RolePolicyAttachment, as mandatory", () => {
        const run = runRule(iamNoAdminManaged, [{ type: RPA, name: "admin", inputs: { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "iam-no-admin-managed", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${RPA}::admin` });
        expect(run.messages[0]).to.equal("policyArn attaches arn:aws:iam::aws:policy/AdministratorAccess (AdministratorAccess), which grants administrative access; use a least-privilege policy.");
    });
    it("reports IAMFullAccess in Role.managedPolicyArns and on group/user attachments (any partition)", () => {
        const run = runRule(iamNoAdminManaged, [
            { type: "aws:iam/role:Role", inputs: { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws-us-gov:iam::aws:policy/IAMFullAccess"] } },
            { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", inputs: { group: "g", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } },
            { type: "aws:iam/policyAttachment:PolicyAttachment", inputs: { roles: ["r"], policyArn: "arn:aws:iam::aws:policy/IAMFullAccess" } },
        ]);
        expect(run.messages).to.have.length(3);
        expect(run.messages[0]).to.match(/^managedPolicyArns\[1\] attaches arn:aws-us-gov:iam::aws:policy\/IAMFullAccess/);
    });
    it("follows a configured deny-list (names and full ARNs)", () => {
        const res = [
            { type: RPA, name: "a", inputs: { role: "r", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } },
            { type: RPA, name: "b", inputs: { role: "r", policyArn: "arn:aws:iam::111122223333:policy/legacy-admin" } },
        ];
        expect(runRule(iamNoAdminManaged, res).violations).to.have.length(0);
        const run = runRule(iamNoAdminManaged, res, { config: { "iam-no-admin-managed": { deniedPolicies: ["PowerUserAccess", "arn:aws:iam::111122223333:policy/legacy-admin"] } } });
        expect(run.violations).to.have.length(2);
    });
    it("defers an unknown policy ARN, but reports a known one next to it", () => {
        const unknown = runRule(iamNoAdminManaged, [{ type: RPA, inputs: { role: "r", policyArn: UNKNOWN } }]);
        expect(unknown.violations).to.have.length(0);
        expect(unknown.unknowns).to.have.length(1);
        expect(unknown.unknowns[0].message).to.match(/policyArn/);
        const mixed = runRule(iamNoAdminManaged, [{ type: "aws:iam/role:Role", inputs: { managedPolicyArns: [UNKNOWN, "arn:aws:iam::aws:policy/AdministratorAccess"] } }]);
        expect(mixed.violations).to.have.length(1);
        expect(mixed.unknowns).to.have.length(0);
    });
    it("is not applicable to other types", () => {
        expect(runRule(iamNoAdminManaged, [{ type: "aws:iam/policy:Policy" }]).notApplicable).to.equal(1);
    });
});
