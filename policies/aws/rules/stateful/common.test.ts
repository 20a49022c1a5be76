import { expect } from "chai";
import { unknownValue } from "../../../lib/values";
import { Checks, inProtectedStack, isAwsManagedKeyAlias } from "./common";

describe("aws rules: shared data-store helpers", () => {
    it("decides protected stacks from the URN", () => {
        expect(inProtectedStack("urn:pulumi:prod::p::aws:kms/key:Key::k", ["prod"])).to.equal(true);
        expect(inProtectedStack("urn:pulumi:dev::p::aws:kms/key:Key::k", ["prod"])).to.equal(false);
        expect(inProtectedStack("urn:pulumi:prod::p::aws:kms/key:Key::k", undefined)).to.equal(true);
    });
    it("recognises AWS-managed key aliases", () => {
        expect(isAwsManagedKeyAlias("alias/aws/s3")).to.equal(true);
        expect(isAwsManagedKeyAlias("arn:aws:kms:eu-west-1:123456789012:alias/aws/rds")).to.equal(true);
        expect(isAwsManagedKeyAlias("alias/platform-data")).to.equal(false);
    });
    it("keeps other parts' messages when one part is unknown, and rethrows when nothing else was found", () => {
        const c = new Checks();
        c.check(() => { unknownValue("a.b"); });
        c.check(() => "bad");
        expect(c.result()).to.deep.equal(["bad"]);
        const d = new Checks();
        d.check(() => { unknownValue("a.b"); });
        expect(() => d.result()).to.throw(/\.a\.b/);
        const e = new Checks();
        expect(() => e.check(() => { throw new Error("boom"); })).to.throw("boom");
    });
});
