import { UnknownValueError } from "@pulumi/policy";
import { expect } from "chai";
import { isUnknownValueError } from "./evaluate";

describe("evaluate: the analyzer's unknown-value error", () => {
    it("recognises @pulumi/policy's UnknownValueError, and no other error", () => {
        expect(isUnknownValueError(new UnknownValueError("04da6b54-80e4-46f7-96ec-b56ff0331ba9", ["a", "b"] as any))).to.equal(true);
        // A copy of @pulumi/policy loaded by a pack is another class with the same fields.
        expect(isUnknownValueError(Object.assign(new Error("x"), { unknownTypeSentinel: "s", props: [] }))).to.equal(true);
        expect(isUnknownValueError(new Error("boom"))).to.equal(false);
        expect(isUnknownValueError(undefined)).to.equal(false);
        expect(isUnknownValueError("unknownTypeSentinel")).to.equal(false);
    });
});
