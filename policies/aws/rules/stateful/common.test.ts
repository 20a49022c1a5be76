import { expect } from "chai";
import { inProtectedStack, isAwsManagedKeyAlias } from "./common";

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
});
