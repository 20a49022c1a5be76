import { expect } from "chai";
import { inProtectedStack, stackOfUrn } from "./stacks";

describe("stacks (lib/stacks)", () => {
    it("reads the stack from a URN, also under component parents", () => {
        expect(stackOfUrn("urn:pulumi:prod::ecommerce-platform::platform:kms:DataKeys$aws:kms/key:Key::keys-logs")).to.equal("prod");
        expect(stackOfUrn("urn:pulumi:dev::p::aws:kms/key:Key::k")).to.equal("dev");
    });

    it("decides protected stacks from the URN, prod when the rule's config names none", () => {
        expect(inProtectedStack("urn:pulumi:prod::p::aws:kms/key:Key::k", ["prod"])).to.equal(true);
        expect(inProtectedStack("urn:pulumi:dev::p::aws:kms/key:Key::k", ["prod"])).to.equal(false);
        expect(inProtectedStack("urn:pulumi:staging::p::aws:kms/key:Key::k", ["prod", "staging"])).to.equal(true);
        expect(inProtectedStack("urn:pulumi:prod::p::aws:kms/key:Key::k", undefined)).to.equal(true);
        expect(inProtectedStack("urn:pulumi:dev::p::aws:kms/key:Key::k", undefined)).to.equal(false);
    });
});
