import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { apigwCacheEncrypted } from "./apigw-cache-encrypted";

const MS = "aws:apigateway/methodSettings:MethodSettings";

describe("aws rule apigw-cache-encrypted", () => {
    it("passes encrypted caching and settings without caching", () => {
        const run = runRule(apigwCacheEncrypted, [
            { type: MS, inputs: { methodPath: "*/*", settings: { cachingEnabled: true, cacheDataEncrypted: true } } },
            { type: MS, inputs: { methodPath: "*/*", settings: { loggingLevel: "INFO" } } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(2);
    });
    it("reports unencrypted caching, as mandatory, naming the method path", () => {
        const run = runRule(apigwCacheEncrypted, [{ type: MS, name: "ms", inputs: { methodPath: "items/GET", settings: { cachingEnabled: true } } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "apigw-cache-encrypted", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${MS}::ms` });
        expect(run.messages[0]).to.equal("Caching is enabled for method path 'items/GET' but settings.cacheDataEncrypted is not true.");
    });
    it("defers an unknown encryption flag to the update", () => {
        const run = runRule(apigwCacheEncrypted, [{ type: MS, inputs: { settings: { cachingEnabled: true, cacheDataEncrypted: UNKNOWN } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/cacheDataEncrypted/);
    });
    it("is not applicable to other types", () => {
        expect(runRule(apigwCacheEncrypted, [{ type: "aws:apigateway/stage:Stage" }]).notApplicable).to.equal(1);
    });
});
