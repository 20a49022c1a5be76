import { expect } from "chai";
import { isAwsManagedKeyAlias } from "./kms";
import { UNKNOWN } from "./values";

describe("KMS key references (lib/kms)", () => {
    it("recognises AWS-managed key aliases, by name or ARN, and nothing else", () => {
        expect(isAwsManagedKeyAlias("alias/aws/s3")).to.equal(true);
        expect(isAwsManagedKeyAlias("arn:aws:kms:eu-west-1:123456789012:alias/aws/rds")).to.equal(true);
        expect(isAwsManagedKeyAlias("alias/platform-data")).to.equal(false);
        expect(isAwsManagedKeyAlias("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")).to.equal(false);
        expect(isAwsManagedKeyAlias(UNKNOWN)).to.equal(false);
        expect(isAwsManagedKeyAlias(undefined)).to.equal(false);
    });
});
