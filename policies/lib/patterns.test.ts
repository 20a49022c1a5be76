import { expect } from "chai";
import { actionMatches, globMatch } from "./patterns";

describe("wildcard patterns (lib/patterns)", () => {
    it("matches URN and ARN globs: * is any run, everything else literal and case-sensitive", () => {
        const urn = "urn:pulumi:prod::shop::aws:kms/key:Key::keys-logs";
        expect(globMatch("urn:pulumi:prod::*::*keys-*", urn)).to.equal(true);
        expect(globMatch("urn:pulumi:dev::*", urn)).to.equal(false);
        expect(globMatch("arn:aws:iam::*:policy/boundary?", "arn:aws:iam::1:policy/boundary?")).to.equal(true);
        expect(globMatch("arn:aws:iam::*:policy/boundary?", "arn:aws:iam::1:policy/boundaryX")).to.equal(false);
        expect(globMatch("a.b", "axb")).to.equal(false);
        expect(globMatch("URN:*", urn)).to.equal(false);
    });

    it("matches IAM actions as IAM does: case-insensitive, * and ? wildcards", () => {
        expect(actionMatches("s3:*", "S3:GetObject")).to.equal(true);
        expect(actionMatches("iam:Pass?ole", "iam:PassRole")).to.equal(true);
        expect(actionMatches("iam:Pass?ole", "iam:PassXXole")).to.equal(false);
        expect(actionMatches("kms:Decrypt", "kms:DecryptAll")).to.equal(false);
        expect(actionMatches("*", "sns:Publish")).to.equal(true);
    });
});
