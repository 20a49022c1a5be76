import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { iamNoAdminWildcard } from "./iam-no-admin-wildcard";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describe("aws rule iam-no-admin-wildcard", () => {
    it("passes a scoped policy and a Deny of everything", () => {
        const run = runRule(iamNoAdminWildcard, [
            { type: "aws:iam/policy:Policy", name: "p", inputs: { policy: doc({ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/*" }) } },
            { type: "aws:iam/rolePolicy:RolePolicy", name: "rp", inputs: { policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(2);
    });
    it("reports Allow * on * in every policy type, as mandatory", () => {
        const admin = doc({ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" });
        const run = runRule(iamNoAdminWildcard, [
            { type: "aws:iam/policy:Policy", name: "p", inputs: { policy: admin } },
            { type: "aws:iam/userPolicy:UserPolicy", name: "u", inputs: { policy: admin } },
            { type: "aws:iam/groupPolicy:GroupPolicy", name: "g", inputs: { policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["*:*"], Resource: ["*"] }] } } },
        ]);
        expect(run.violations).to.have.length(3);
        expect(run.violations[0]).to.include({ policy: "iam-no-admin-wildcard", enforcementLevel: "mandatory", urn: "urn:pulumi:test::fixture::aws:iam/policy:Policy::p" });
        expect(run.messages[0]).to.equal("policy statement 'Admin' allows Action \"*\" on Resource \"*\": full administrator access.");
        expect(run.messages[2]).to.match(/statement #1 allows Action "\*:\*"/);
    });
    it("reports an admin statement inside a Role's inlinePolicies", () => {
        const run = runRule(iamNoAdminWildcard, [{
            type: "aws:iam/role:Role", name: "r",
            inputs: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "ok", policy: doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b" }) }, { name: "bad", policy: doc({ Effect: "Allow", Action: "*", NotResource: "arn:aws:s3:::b" }) }] },
        }]);
        expect(run.messages).to.deep.equal(["inlinePolicies[1].policy statement #1 allows Action \"*\" on every resource (NotResource): full administrator access."]);
    });
    it("does not read a policy tagged as a permissions boundary as a grant (iam-boundary-not-granted proves it is not one)", () => {
        const ceiling = doc({ Effect: "Allow", Action: "*", Resource: "*" });
        expect(runRule(iamNoAdminWildcard, [{ type: "aws:iam/policy:Policy", name: "b", inputs: { policy: ceiling, tags: { PolicyUse: "permissions-boundary" } } }]).violations).to.deep.equal([]);
        expect(runRule(iamNoAdminWildcard, [{ type: "aws:iam/policy:Policy", name: "g", inputs: { policy: ceiling, tags: { PolicyUse: "grant" } } }]).violations).to.have.length(1);
    });
    it("defers an unknown policy document to the update", () => {
        const run = runRule(iamNoAdminWildcard, [{ type: "aws:iam/rolePolicy:RolePolicy", inputs: { policy: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/policy/);
    });
    it("still reports a known admin inline policy when another inline policy is unknown", () => {
        const run = runRule(iamNoAdminWildcard, [{
            type: "aws:iam/role:Role",
            inputs: { inlinePolicies: [{ policy: UNKNOWN }, { policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }] },
        }]);
        expect(run.violations).to.have.length(1);
        expect(run.unknowns).to.have.length(0);
    });
    it("is not applicable to other types", () => {
        const run = runRule(iamNoAdminWildcard, [{ type: "aws:ec2/vpcEndpoint:VpcEndpoint", inputs: { policy: doc({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }) } }]);
        expect(run.notApplicable).to.equal(1);
        expect(run.violations).to.have.length(0);
    });
});
