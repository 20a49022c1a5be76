import { expect } from "chai";
import { buildSync } from "esbuild";
import * as os from "node:os";
import * as path from "node:path";
import { BUILD_OPTIONS, bundleFunction, functionArchive } from "./bundle";
import { FUNCTION_NAMES } from "./contract";
import { loadBundle } from "./testing/load-bundle";

describe("apps/functions bundle", () => {
    it("bundles every function as CommonJS exporting handler and createHandler, with the AWS SDK left to the runtime", () => {
        for (const name of FUNCTION_NAMES) {
            const { code, sha256 } = bundleFunction(name);
            expect(sha256, name).to.match(/^[0-9a-f]{64}$/);
            expect(code, name).to.match(/require\("@aws-sdk\/client-/);
            expect(code, name).not.to.include("SmithyClient");
            const exports = loadBundle<Record<string, unknown>>(name);
            expect(typeof exports.handler, name).to.equal("function");
            expect(typeof exports.createHandler, name).to.equal("function");
        }
    });

    it("is deterministic (a fresh esbuild run of one entry gives the bytes of the nine-entry run) and names no path of this machine", () => {
        const root = path.resolve(__dirname, "..", "..");
        const again = buildSync({ ...BUILD_OPTIONS, entryPoints: { "validate-order": "apps/functions/validate-order.ts" } }).outputFiles[0].text;
        expect(again).to.equal(bundleFunction("validate-order").code);
        for (const name of FUNCTION_NAMES) {
            const { code } = bundleFunction(name);
            for (const local of [root, os.homedir(), os.tmpdir(), "/work/"]) {
                expect(code, `${name} names ${local}`).not.to.include(local);
            }
        }
    });

    it("packages index.js only (handler index.handler), holding the bundle", async () => {
        const assets = (await functionArchive("reserve-stock").assets) as Record<string, { text: Promise<string> }>;
        expect(Object.keys(assets)).to.deep.equal(["index.js"]);
        expect(await assets["index.js"].text).to.equal(bundleFunction("reserve-stock").code);
    });

    it("refuses an unknown function naming the known ones", () => {
        expect(() => bundleFunction("validate-orders")).to.throw(
            "Unknown function 'validate-orders'; expected one of: validate-order, reserve-stock, release-stock, take-payment, refund-payment, arrange-shipping, payment-webhook, shipping-webhook, archive-order-events (apps/functions/contract.ts FUNCTION_NAMES)",
        );
    });
});
