import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultWaiversFile, findWaiver, loadWaivers, validateWaivers, Waiver, WaiverFileError, waiversFileInForce } from "./waivers";

const urn = "urn:pulumi:prod::ecommerce-platform::platform:kms:DataKeys$aws:kms/key:Key::keys-logs";
const base: Waiver = { policy: "kms-rotation", resource: "keys-logs", reason: "Imported key material cannot rotate" };

describe("waivers", () => {
    it("match by resource name, full URN or URN glob, for the named policy only", () => {
        expect(findWaiver([base], "kms-rotation", urn)).to.equal(base);
        expect(findWaiver([{ ...base, resource: urn }], "kms-rotation", urn)).to.not.equal(undefined);
        expect(findWaiver([{ ...base, resource: "urn:pulumi:prod::*::*keys-*" }], "kms-rotation", urn)).to.not.equal(undefined);
        expect(findWaiver([base], "kms-key-policy-safe", urn)).to.equal(undefined);
        expect(findWaiver([{ ...base, resource: "keys-log" }], "kms-rotation", urn)).to.equal(undefined);
    });

    it("apply only in the listed stacks and until they expire", () => {
        expect(findWaiver([{ ...base, stacks: ["dev"] }], "kms-rotation", urn)).to.equal(undefined);
        expect(findWaiver([{ ...base, stacks: ["prod"] }], "kms-rotation", urn)).to.not.equal(undefined);
        const day = new Date("2026-11-25T12:00:00Z");
        expect(findWaiver([{ ...base, expires: "2026-11-25" }], "kms-rotation", urn, day)).to.not.equal(undefined);
        expect(findWaiver([{ ...base, expires: "2026-11-24" }], "kms-rotation", urn, day)).to.equal(undefined);
    });

    it("require a policy, a resource and a reason of substance, and name the bad field", () => {
        const bad = () => validateWaivers({ waivers: [{ policy: "kms-rotation", resource: "x", reason: "because" }, { resource: "y", reason: "a reason long enough to count", colour: "red" }] }, "waivers.yaml");
        expect(bad).to.throw(WaiverFileError);
        try { bad(); } catch (e) {
            const m = (e as Error).message;
            expect(m).to.contain("waivers[0].reason: required, at least 15 characters");
            expect(m).to.contain("waivers[1].policy: required");
            expect(m).to.contain("waivers[1]: unknown field(s) colour");
        }
    });

    it("reject a waiver for a rule no pack has, and a bad expiry date", () => {
        expect(() => validateWaivers({ waivers: [{ ...base, policy: "no-such-rule" }] }, "w", new Set(["kms-rotation"])))
            .to.throw(/waivers\[0\].policy: 'no-such-rule' is not a rule of any pack/);
        expect(() => validateWaivers({ waivers: [{ ...base, expires: "next week" }] }, "w")).to.throw(/expires: 'next week' is not a date/);
    });

    it("accept an empty file and YAML dates", () => {
        expect(validateWaivers(null, "w")).to.deep.equal([]);
        const [w] = validateWaivers({ waivers: [{ ...base, expires: new Date("2027-01-31") }] }, "w");
        expect(w.expires).to.equal("2027-01-31");
    });

    describe("file", () => {
        let dir: string;
        const saved = process.env.PLATFORM_POLICY_WAIVERS;
        const write = (file: string, policy: string) => {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, `waivers:\n  - policy: ${policy}\n    resource: keys-logs\n    reason: Imported key material cannot rotate\n`);
        };
        beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "waivers-")); delete process.env.PLATFORM_POLICY_WAIVERS; });
        afterEach(() => {
            fs.rmSync(dir, { recursive: true, force: true });
            if (saved === undefined) delete process.env.PLATFORM_POLICY_WAIVERS; else process.env.PLATFORM_POLICY_WAIVERS = saved;
        });

        it("is the file beside a bundled pack when there is one, else the repository's policies/waivers.yaml", () => {
            const bundle = path.join(dir, "pack");
            expect(defaultWaiversFile(bundle)).to.equal(path.join(dir, "waivers.yaml"));
            write(path.join(bundle, "waivers.yaml"), "kms-rotation");
            expect(defaultWaiversFile(bundle)).to.equal(path.join(bundle, "waivers.yaml"));
            expect(defaultWaiversFile()).to.equal(path.resolve(__dirname, "..", "waivers.yaml"));
        });

        it("in force: PLATFORM_POLICY_WAIVERS over the repository's file, never over a bundled pack's own", () => {
            write(path.join(dir, "other.yaml"), "kms-key-policy-safe");
            process.env.PLATFORM_POLICY_WAIVERS = path.join(dir, "other.yaml");
            expect(loadWaivers().map((w) => w.policy)).to.deep.equal(["kms-key-policy-safe"]);
            const bundle = path.join(dir, "pack");
            expect(waiversFileInForce(bundle)).to.equal(path.join(dir, "other.yaml"));
            write(path.join(bundle, "waivers.yaml"), "kms-rotation");
            expect(waiversFileInForce(bundle)).to.equal(path.join(bundle, "waivers.yaml"));
            expect(waiversFileInForce(bundle, {})).to.equal(path.join(bundle, "waivers.yaml"));
            expect(waiversFileInForce(path.join(dir, "elsewhere"), {})).to.equal(path.join(dir, "waivers.yaml"));
        });
    });
});
