import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { eksPrivateEndpoint } from "./eks-private-endpoint";

const AWS_EKS = "aws:eks/cluster:Cluster";
const EKS = "eks:index:Cluster";

describe("aws rule eks-private-endpoint", () => {
    it("passes private endpoints and public endpoints limited to named CIDRs", () => {
        const run = runRule(eksPrivateEndpoint, [
            { type: AWS_EKS, name: "private", inputs: { vpcConfig: { subnetIds: ["s"], endpointPrivateAccess: true, endpointPublicAccess: false } } },
            { type: AWS_EKS, name: "limited", inputs: { vpcConfig: { subnetIds: ["s"], endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } } },
            { type: EKS, name: "component", inputs: { endpointPrivateAccess: true, endpointPublicAccess: false } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(3);
    });
    it("reports the default public endpoint of both types, as mandatory", () => {
        const run = runRule(eksPrivateEndpoint, [
            { type: AWS_EKS, name: "raw", inputs: { vpcConfig: { subnetIds: ["s"] } } },
            { type: EKS, name: "component", inputs: {} },
        ]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "eks-private-endpoint", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${AWS_EKS}::raw` });
        expect(run.messages).to.deep.equal([
            "vpcConfig.endpointPublicAccess is unset (defaults to true) and vpcConfig.publicAccessCidrs is unset, so the API endpoint is open to 0.0.0.0/0.",
            "endpointPublicAccess is unset (defaults to true) and publicAccessCidrs is unset, so the API endpoint is open to 0.0.0.0/0.",
        ]);
    });
    it("reports public access CIDRs that include the whole internet", () => {
        const run = runRule(eksPrivateEndpoint, [{ type: EKS, inputs: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] } }]);
        expect(run.messages).to.deep.equal(["endpointPublicAccess is true and publicAccessCidrs includes 0.0.0.0/0: the API endpoint is open to the internet."]);
    });
    it("defers an unknown public-access flag or CIDR", () => {
        const run = runRule(eksPrivateEndpoint, [
            { type: AWS_EKS, inputs: { vpcConfig: { subnetIds: ["s"], endpointPublicAccess: UNKNOWN } } },
            { type: EKS, name: "cidr", inputs: { endpointPublicAccess: true, publicAccessCidrs: [UNKNOWN] } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(2);
        expect(run.unknowns[0].message).to.match(/vpcConfig\.endpointPublicAccess/);
        expect(run.unknowns[1].message).to.match(/publicAccessCidrs/);
    });
    it("is not applicable to other types", () => {
        expect(runRule(eksPrivateEndpoint, [{ type: "aws:eks/nodeGroup:NodeGroup" }]).notApplicable).to.equal(1);
    });
});
