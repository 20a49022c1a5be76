import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { iamBoundaryNotGranted } from "./iam-boundary-not-granted";

const ceiling = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: "iam:*", Resource: "*" }] });
const ARN = "arn:aws:iam::123456789012:policy/p/workload-boundary";
const boundary = { type: "aws:iam/policy:Policy", name: "boundary", inputs: { policy: ceiling, tags: { PolicyUse: "permissions-boundary" } }, outputs: { policy: ceiling, tags: { PolicyUse: "permissions-boundary" }, arn: ARN } };

describe("aws rule iam-boundary-not-granted", () => {
    it("passes a boundary used only as roles' permissionsBoundary", () => {
        const run = runRule(iamBoundaryNotGranted, [boundary,
            { type: "aws:iam/role:Role", name: "app", inputs: { permissionsBoundary: ARN }, propertyDependencies: { permissionsBoundary: ["boundary"] } }]);
        expect(run.violations).to.deep.equal([]);
    });
    it("reports a boundary attached as a grant, by dependency or by ARN, to roles, users and groups", () => {
        const run = runRule(iamBoundaryNotGranted, [boundary,
            { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "sneaky", inputs: { policyArn: UNKNOWN }, propertyDependencies: { policyArn: ["boundary"] } },
            { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", name: "user", inputs: { policyArn: ARN } },
            { type: "aws:iam/role:Role", name: "managed", inputs: { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", ARN] } },
            { type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment", name: "other", inputs: { policyArn: "arn:aws:iam::123456789012:policy/other" } },
        ]);
        expect(run.violations.map((v) => v.urn?.split("::").pop())).to.deep.equal(["boundary", "boundary", "boundary"]);
        expect(run.messages).to.deep.equal([
            "policy 'boundary' is tagged PolicyUse: permissions-boundary (the IAM rules do not read it as a grant) but aws:iam/rolePolicyAttachment:RolePolicyAttachment 'sneaky' attaches it as a grant.",
            "policy 'boundary' is tagged PolicyUse: permissions-boundary (the IAM rules do not read it as a grant) but aws:iam/userPolicyAttachment:UserPolicyAttachment 'user' attaches it as a grant.",
            "policy 'boundary' is tagged PolicyUse: permissions-boundary (the IAM rules do not read it as a grant) but aws:iam/role:Role 'managed' attaches it as a grant.",
        ]);
        expect(run.violations[0].enforcementLevel).to.equal("mandatory");
    });
    it("ignores untagged policies (the IAM rules check those as grants) and defers an unknown tag", () => {
        expect(runRule(iamBoundaryNotGranted, [{ type: "aws:iam/policy:Policy", name: "p", inputs: { policy: ceiling } },
            { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "a", inputs: { policyArn: UNKNOWN }, propertyDependencies: { policyArn: ["p"] } }]).violations).to.deep.equal([]);
        const unknown = runRule(iamBoundaryNotGranted, [{ type: "aws:iam/policy:Policy", name: "p", inputs: { policy: ceiling, tags: { PolicyUse: UNKNOWN } } }]);
        expect(unknown.violations).to.deep.equal([]);
        expect(unknown.unknowns).to.have.length(1);
    });
});
