import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { AccessAnalyzer } from "./access-analyzer";

describe("security/AccessAnalyzer", () => {
    it("creates one ACCOUNT analyzer named <namePrefix>-account", async () => {
        const rec = await recordProgram(() => { new AccessAnalyzer("aa", { namePrefix: "ecommerce-platform-prod" }); }, {
            project: "ecommerce-platform", stack: "prod", config: { "aws:region": "eu-west-1" }, cloud: cloudContextFor("eu-west-1", "123456789012"),
        });
        const analyzers = rec.resources.filter((r) => r.type === "aws:accessanalyzer/analyzer:Analyzer");
        expect(analyzers).to.have.length(1);
        expect(analyzers[0].inputs).to.deep.include({ analyzerName: "ecommerce-platform-prod-account", type: "ACCOUNT" });
    });
    it("refuses a prefix the service would refuse, naming it", () => {
        expect(() => new AccessAnalyzer("aa", { namePrefix: "1 bad" })).to.throw(
            "namePrefix: '1 bad' is not allowed; expected letters, digits, '.', '_' or '-', starting with a letter");
    });
});
