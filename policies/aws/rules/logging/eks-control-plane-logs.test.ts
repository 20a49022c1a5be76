import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { eksControlPlaneLogs } from "./eks-control-plane-logs";

const AWS_EKS = "aws:eks/cluster:Cluster";
const EKS = "eks:index:Cluster";

describe("aws rule eks-control-plane-logs", () => {
    it("passes clusters (raw and component) that log api, audit and authenticator", () => {
        const run = runRule(eksControlPlaneLogs, [
            { type: AWS_EKS, name: "raw", inputs: { roleArn: "r", vpcConfig: { subnetIds: [] }, enabledClusterLogTypes: ["api", "audit", "authenticator", "scheduler"] } },
            { type: EKS, name: "component", inputs: { enabledClusterLogTypes: ["authenticator", "audit", "api"] } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(2);
    });
    it("reports missing log types, as mandatory", () => {
        const run = runRule(eksControlPlaneLogs, [
            { type: AWS_EKS, name: "raw", inputs: { enabledClusterLogTypes: ["api"] } },
            { type: EKS, name: "component", inputs: {} },
        ]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "eks-control-plane-logs", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${AWS_EKS}::raw` });
        expect(run.messages).to.deep.equal([
            "enabledClusterLogTypes is [api] and misses audit, authenticator.",
            "enabledClusterLogTypes is unset, so it misses api, audit, authenticator.",
        ]);
    });
    it("follows the requiredLogTypes config", () => {
        const run = runRule(eksControlPlaneLogs, [{ type: EKS, inputs: { enabledClusterLogTypes: ["api", "audit", "authenticator"] } }],
            { config: { "eks-control-plane-logs": { requiredLogTypes: ["api", "audit", "authenticator", "controllerManager"] } } });
        expect(run.messages).to.deep.equal(["enabledClusterLogTypes is [api, audit, authenticator] and misses controllerManager."]);
    });
    it("defers an unknown list, and an unknown element when a type is missing", () => {
        const run = runRule(eksControlPlaneLogs, [
            { type: AWS_EKS, name: "a", inputs: { enabledClusterLogTypes: UNKNOWN } },
            { type: AWS_EKS, name: "b", inputs: { enabledClusterLogTypes: ["api", "audit", UNKNOWN] } },
            { type: AWS_EKS, name: "c", inputs: { enabledClusterLogTypes: ["api", "audit", "authenticator", UNKNOWN] } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(2);
        expect(run.unknowns[0].message).to.match(/enabledClusterLogTypes/);
    });
    it("is not applicable to node groups", () => {
        expect(runRule(eksControlPlaneLogs, [{ type: "aws:eks/nodeGroup:NodeGroup" }]).notApplicable).to.equal(1);
    });
});
