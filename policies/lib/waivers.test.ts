import { expect } from "chai";
import { findWaiver, stackOfUrn, validateWaivers, Waiver, WaiverFileError } from "./waivers";

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
        expect(stackOfUrn(urn)).to.equal("prod");
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
});
