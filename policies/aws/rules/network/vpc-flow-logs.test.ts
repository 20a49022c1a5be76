import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { vpcFlowLogs } from "./vpc-flow-logs";

const VPC = "aws:ec2/vpc:Vpc";
const AWSX = "awsx:ec2:Vpc";
const FL = "aws:ec2/flowLog:FlowLog";
const flowLog = (name: string, vpc: string) => ({ type: FL, name, inputs: { vpcId: UNKNOWN, trafficType: "ALL" }, propertyDependencies: { vpcId: [vpc] } });

describe("aws rule vpc-flow-logs", () => {
    it("passes VPCs linked to a flow log by propertyDependencies.vpcId or by id", () => {
        const run = runRule(vpcFlowLogs, [
            { type: VPC, name: "main", inputs: { cidrBlock: "10.20.0.0/16" } },
            flowLog("main-flow", "main"),
            { type: AWSX, name: "other", inputs: {} },
            flowLog("other-flow", "other"),
            { type: VPC, name: "imported", inputs: { id: "vpc-123" } },
            { type: FL, name: "imported-flow", inputs: { vpcId: "vpc-123" } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(1);
    });
    it("reports a VPC without a flow log, as mandatory, on the VPC", () => {
        const run = runRule(vpcFlowLogs, [
            { type: VPC, name: "main" },
            { type: VPC, name: "forgotten" },
            flowLog("main-flow", "main"),
            { type: FL, name: "subnet-flow", inputs: { subnetId: "s" }, propertyDependencies: { subnetId: ["main"] } },
        ]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "vpc-flow-logs", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${VPC}::forgotten` });
        expect(run.messages[0]).to.equal("VPC 'forgotten' has no flow log: no aws.ec2.FlowLog's vpcId refers to it.");
    });
    it("reports an awsx Vpc without a flow log", () => {
        const run = runRule(vpcFlowLogs, [{ type: AWSX, name: "x" }]);
        expect(run.messages).to.deep.equal(["VPC 'x' has no flow log: no aws.ec2.FlowLog's vpcId refers to it."]);
    });
    it("treats an awsx Vpc and its child aws Vpc as one network", () => {
        const run = runRule(vpcFlowLogs, [
            { type: AWSX, name: "x" },
            { type: VPC, name: "x-child", parent: "x" },
            flowLog("x-flow", "x"),
        ]);
        expect(run.violations).to.have.length(0);
    });
    it("defers when a flow log's vpcId is unknown and not traceable", () => {
        const run = runRule(vpcFlowLogs, [{ type: VPC, name: "main" }, { type: FL, name: "f", inputs: { vpcId: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/vpcId/);
    });
    it("is not applicable to a stack without VPCs", () => {
        const run = runRule(vpcFlowLogs, [{ type: "aws:s3/bucket:Bucket" }]);
        expect(run.notApplicable).to.equal(1);
        expect(run.violations).to.have.length(0);
    });
});
