import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { ThreatDetection } from "./threat-detection";

describe("security/ThreatDetection", () => {
    it("enables a detector publishing every 15 minutes, with the six protection plans on its id", async () => {
        const rec = await recordProgram(() => { new ThreatDetection("gd", { tags: { Team: "platform" } }); }, {
            project: "ecommerce-platform", stack: "prod", config: { "aws:region": "eu-west-1" }, cloud: cloudContextFor("eu-west-1", "123456789012"),
        });
        const detector = rec.resources.filter((r) => r.type === "aws:guardduty/detector:Detector");
        expect(detector).to.have.length(1);
        expect(detector[0].inputs).to.deep.include({ enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" });
        expect(detector[0].inputs.tags).to.deep.equal({ Team: "platform", Name: "gd" });
        const features = rec.resources.filter((r) => r.type === "aws:guardduty/detectorFeature:DetectorFeature");
        expect(features.map((f) => [f.inputs.name, f.inputs.status])).to.have.deep.members([
            ["EKS_AUDIT_LOGS", "ENABLED"], ["RUNTIME_MONITORING", "ENABLED"], ["S3_DATA_EVENTS", "ENABLED"],
            ["RDS_LOGIN_EVENTS", "ENABLED"], ["LAMBDA_NETWORK_LOGS", "ENABLED"], ["EBS_MALWARE_PROTECTION", "ENABLED"],
        ]);
        for (const f of features) expect(f.propertyDependencies.detectorId, f.name).to.deep.equal([detector[0].urn]);
        const runtime = features.find((f) => f.inputs.name === "RUNTIME_MONITORING")!;
        expect(runtime.inputs.additionalConfigurations).to.deep.equal([{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }]);
        // GuardDuty refuses EKS_RUNTIME_MONITORING beside RUNTIME_MONITORING (which supersedes it).
        expect(features.map((f) => f.inputs.name)).to.not.include("EKS_RUNTIME_MONITORING");
        for (const f of features.filter((x) => x !== runtime)) expect(f.inputs.additionalConfigurations, f.name).to.equal(undefined);
    });
});
