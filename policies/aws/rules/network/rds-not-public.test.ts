import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { rdsNotPublic } from "./rds-not-public";

describe("aws rule rds-not-public", () => {
    it("passes private instances (explicit false or default)", () => {
        const run = runRule(rdsNotPublic, [
            { type: "aws:rds/instance:Instance", name: "a", inputs: { publiclyAccessible: false } },
            { type: "aws:rds/clusterInstance:ClusterInstance", name: "b", inputs: {} },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(2);
    });
    it("reports a public instance and cluster instance, as mandatory", () => {
        const run = runRule(rdsNotPublic, [
            { type: "aws:rds/instance:Instance", name: "db", inputs: { publiclyAccessible: true } },
            { type: "aws:rds/clusterInstance:ClusterInstance", name: "ci", inputs: { publiclyAccessible: true } },
        ]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "rds-not-public", enforcementLevel: "mandatory", urn: "urn:pulumi:test::fixture::aws:rds/instance:Instance::db" });
        expect(run.messages[0]).to.match(/^publiclyAccessible is true/);
    });
    it("defers an unknown flag", () => {
        const run = runRule(rdsNotPublic, [{ type: "aws:rds/instance:Instance", inputs: { publiclyAccessible: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/publiclyAccessible/);
    });
    it("is not applicable to clusters", () => {
        expect(runRule(rdsNotPublic, [{ type: "aws:rds/cluster:Cluster" }]).notApplicable).to.equal(1);
    });
});
