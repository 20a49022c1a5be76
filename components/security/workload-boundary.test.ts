import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { SERVICE_LINKED_ROLES_ALLOWED, WORKLOAD_DENIED_ACTIONS, WorkloadBoundary, workloadBoundaryPolicy } from "./workload-boundary";

describe("security/WorkloadBoundary", () => {
    it("is a ceiling that denies what no workload may do, IAM apart from the ELB service-linked role", () => {
        const doc = workloadBoundaryPolicy();
        expect(doc.Statement[0]).to.deep.equal({ Sid: "CeilingForDeclaredPermissions", Effect: "Allow", Action: "*", Resource: "*" });
        const denies = doc.Statement.filter((s) => s.Effect === "Deny");
        expect(denies.map((s) => s.Sid)).to.deep.equal(["DenyIam", ...Object.keys(WORKLOAD_DENIED_ACTIONS).map((k) => `Deny${k}`)]);
        expect(denies[0]).to.deep.include({ Action: "iam:*", Condition: { StringNotEquals: { "iam:AWSServiceName": SERVICE_LINKED_ROLES_ALLOWED } } });
        const denied = denies.flatMap((s) => s.Action);
        for (const a of ["sts:AssumeRole", "kms:ScheduleKeyDeletion", "cloudtrail:StopLogging", "s3:PutBucketPolicy", "ec2:CreateRoute", "organizations:*"]) {
            expect(denied, a).to.include(a);
        }
    });
    it("registers one managed policy under the stack's path, tagged as a boundary", async () => {
        const rec = await recordProgram(() => { new WorkloadBoundary("wb", { path: "/shop/prod/", tags: { Stack: "prod" } }); },
            { project: "test", stack: "prod", config: {}, cloud: cloudContextFor("eu-west-1", "123456789012") });
        const [policy] = rec.resources.filter((r) => r.type === "aws:iam/policy:Policy");
        expect(policy.inputs).to.include({ path: "/shop/prod/" });
        expect(policy.inputs.tags).to.deep.equal({ Stack: "prod", Name: "wb", PolicyUse: "permissions-boundary" });
        expect(JSON.parse(policy.inputs.policy as string)).to.deep.equal(workloadBoundaryPolicy());
    });
});
