import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { statefulProtect } from "./stateful-protect";

describe("aws rule stateful-protect", () => {
    it("passes protected stateful resources and a deletion-protected ALB in prod", () => {
        const run = runRule(statefulProtect, [
            { type: "aws:rds/cluster:Cluster", name: "db", stack: "prod", protect: true },
            { type: "aws:kms/key:Key", name: "key", stack: "prod", protect: true },
            { type: "aws:s3/bucketV2:BucketV2", name: "b", stack: "prod", protect: true },
            { type: "aws:alb/loadBalancer:LoadBalancer", name: "alb", stack: "prod", inputs: { enableDeletionProtection: true } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(4);
    });
    it("reports an unprotected table in prod, as advisory", () => {
        const run = runRule(statefulProtect, [{ type: "aws:dynamodb/table:Table", name: "carts", stack: "prod" }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "stateful-protect", enforcementLevel: "advisory", urn: "urn:pulumi:prod::fixture::aws:dynamodb/table:Table::carts" });
        expect(run.messages[0]).to.equal("DynamoDB table in a protected stack must have the protect resource option ({ protect: true }).");
    });
    it("reports an unprotected Cognito user pool in prod (its users are the shop's customers)", () => {
        const run = runRule(statefulProtect, [{ type: "aws:cognito/userPool:UserPool", name: "shoppers", stack: "prod" }]);
        expect(run.messages).to.deep.equal(["Cognito user pool in a protected stack must have the protect resource option ({ protect: true })."]);
    });
    it("reports a load balancer without deletion protection (both tokens)", () => {
        for (const type of ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"]) {
            const run = runRule(statefulProtect, [{ type, stack: "prod", inputs: { enableDeletionProtection: false } }]);
            expect(run.messages).to.deep.equal(["Load balancer in a protected stack must set enableDeletionProtection: true (it is false)."]);
        }
    });
    it("ignores other stacks, and follows protectedStacks config", () => {
        expect(runRule(statefulProtect, [{ type: "aws:sqs/queue:Queue", stack: "dev" }]).violations).to.have.length(0);
        const run = runRule(statefulProtect, [{ type: "aws:efs/fileSystem:FileSystem", stack: "staging" }], { config: { "stateful-protect": { protectedStacks: ["staging", "prod"] } } });
        expect(run.messages[0]).to.match(/^EFS file system/);
    });
    it("defers an unknown deletion protection flag", () => {
        const run = runRule(statefulProtect, [{ type: "aws:lb/loadBalancer:LoadBalancer", stack: "prod", inputs: { enableDeletionProtection: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/enableDeletionProtection/);
    });
    it("is not applicable to stateless types", () => {
        expect(runRule(statefulProtect, [{ type: "aws:ec2/subnet:Subnet", stack: "prod" }]).notApplicable).to.equal(1);
    });
});
