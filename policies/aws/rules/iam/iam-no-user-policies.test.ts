import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { iamNoUserPolicies } from "./iam-no-user-policies";

describe("aws rule iam-no-user-policies", () => {
    it("passes attachments to roles and groups, and an exclusive list that keeps a user empty", () => {
        const run = runRule(iamNoUserPolicies, [
            { type: "aws:iam/policyAttachment:PolicyAttachment", name: "pa", inputs: { policyArn: "arn:aws:iam::1:policy/p", roles: ["r"], groups: ["g"] } },
            { type: "aws:iam/userPoliciesExclusive:UserPoliciesExclusive", name: "ex", inputs: { userName: "u", policyNames: [] } },
            { type: "aws:iam/rolePolicy:RolePolicy", name: "rp", inputs: { role: "r", policy: "{}" } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.notApplicable).to.equal(1);
    });
    it("reports an inline user policy and a user attachment, as mandatory", () => {
        const run = runRule(iamNoUserPolicies, [
            { type: "aws:iam/userPolicy:UserPolicy", name: "up", inputs: { user: "alice", policy: "{}" } },
            { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "upa", inputs: { user: "alice", policyArn: "arn:aws:iam::1:policy/p" } },
        ]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "iam-no-user-policies", enforcementLevel: "mandatory", urn: "urn:pulumi:test::fixture::aws:iam/userPolicy:UserPolicy::up" });
        expect(run.messages[0]).to.match(/Inline policy attached to an IAM user/);
        expect(run.messages[1]).to.match(/UserPolicyAttachment/);
    });
    it("reports a PolicyAttachment with users and exclusive user lists with entries", () => {
        const run = runRule(iamNoUserPolicies, [
            { type: "aws:iam/policyAttachment:PolicyAttachment", inputs: { policyArn: "arn:aws:iam::1:policy/p", users: ["alice"] } },
            { type: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", inputs: { userName: "alice", policyArns: ["arn:aws:iam::1:policy/p"] } },
        ]);
        expect(run.messages).to.have.length(2);
        expect(run.messages[0]).to.match(/users is not empty/);
        expect(run.messages[1]).to.match(/policyArns is not empty/);
    });
    it("defers an unknown users list", () => {
        const run = runRule(iamNoUserPolicies, [{ type: "aws:iam/policyAttachment:PolicyAttachment", inputs: { policyArn: "arn", users: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/users/);
    });
});
