import { UnknownValueError } from "@pulumi/policy";
import { expect } from "chai";
import { asArray, isSet, isUnknown, known, knownBool, knownString, UNKNOWN, unknownish, unknownValue } from "./values";

describe("property values (lib/values)", () => {
    it("recognises the preview sentinels, also interpolated into a string", () => {
        expect(isUnknown(UNKNOWN)).to.equal(true);
        expect(isUnknown("1c4a061d-8072-4f0a-a4cb-0ff528b18fe7")).to.equal(true);
        expect(isUnknown(`arn:aws:s3:::${UNKNOWN}`)).to.equal(false);
        expect(unknownish(`arn:aws:s3:::${UNKNOWN}`)).to.equal(true);
        expect(unknownish("arn:aws:s3:::logs")).to.equal(false);
        expect(unknownish(undefined)).to.equal(false);
    });

    it("stops a check with the analyzer's UnknownValueError naming the path", () => {
        try { unknownValue("encryptAtRest.kmsKeyId"); expect.fail("threw"); } catch (e) {
            expect(e).to.be.instanceOf(UnknownValueError);
            expect((e as UnknownValueError<any>).props).to.deep.equal(["encryptAtRest", "kmsKeyId"]);
        }
        expect(() => known(UNKNOWN, "a.b")).to.throw(/a\.b/);
        expect(known("x", "a")).to.equal("x");
        expect(() => knownBool(UNKNOWN, "enabled")).to.throw(/enabled/);
        expect([true, "true", false, "false", undefined, null].map((v) => knownBool(v, "p"))).to.deep.equal([true, true, false, false, undefined, undefined]);
    });

    it("counts unknown values as set, and empty ones as not", () => {
        expect([UNKNOWN, "x", 0, false, ["a"]].map(isSet)).to.deep.equal([true, true, true, true, true]);
        expect([undefined, null, "", []].map(isSet)).to.deep.equal([false, false, false, false]);
    });

    it("reads known strings and arrays", () => {
        expect([knownString("a"), knownString(""), knownString(UNKNOWN), knownString(`x-${UNKNOWN}`), knownString(3)])
            .to.deep.equal(["a", undefined, undefined, undefined, undefined]);
        expect([asArray(undefined), asArray(null), asArray("a"), asArray(["a", "b"])]).to.deep.equal([[], [], ["a"], ["a", "b"]]);
    });
});
