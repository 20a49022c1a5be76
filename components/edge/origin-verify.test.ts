import { expect } from "chai";
import * as path from "path";
import { findWaiver, loadWaivers } from "../../policies/lib/waivers";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { ComponentArgsError } from "../shared/validate";
import { ORIGIN_VERIFY_HEADER, OriginVerifySecret, OriginVerifySecretArgs } from "./origin-verify";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-0000-4000-a000-00000000000b";

async function build(args: OriginVerifySecretArgs) {
    const rec = await recordProgram(() => { new OriginVerifySecret("ecommerce-platform-prod-origin-verify", args); },
        { project: "ecommerce-platform", stack: "prod", config: { "aws:region": "eu-west-1" }, cloud: cloudContextFor("eu-west-1", "123456789012") });
    const one = (type: string) => rec.resources.filter((r) => r.type === type)[0];
    return { rec, one };
}

describe("edge: OriginVerifySecret", function () {
    this.timeout(60000);

    it("keeps 48 random letters and digits in a CMK-encrypted secret; the value is a secret everywhere; prod protects the secret, not the value (replacing it rotates)", async () => {
        const b = await build({ secretName: "shop/edge/origin-verify", kmsKeyArn: KEY, protect: true });
        const password = b.one("random:index/randomPassword:RandomPassword");
        expect(password.inputs).to.deep.include({ length: 48, special: false });
        const secret = b.one("aws:secretsmanager/secret:Secret");
        expect(secret.inputs).to.deep.include({ name: "shop/edge/origin-verify", kmsKeyId: KEY, recoveryWindowInDays: 30 });
        const version = b.one("aws:secretsmanager/secretVersion:SecretVersion");
        expect(version.inputs.secretString).to.equal("[secret]");
        expect([password, secret, version].map((r) => r.options.protect)).to.deep.equal([false, true, false]);
        expect(ORIGIN_VERIFY_HEADER).to.equal("x-origin-verify");
    });

    it("is the secret the repository's secrets-cmk-rotation waiver names (it rotates with the program, not a Lambda)", async () => {
        const b = await build({ secretName: "shop/edge/origin-verify", kmsKeyArn: KEY });
        const secret = b.one("aws:secretsmanager/secret:Secret");
        const waivers = loadWaivers(path.join(__dirname, "..", "..", "policies", "waivers.yaml"));
        expect(findWaiver(waivers, "secrets-cmk-rotation", secret.urn)?.reason).to.match(/pulumi up --replace/);
        expect(findWaiver(waivers, "secrets-cmk-rotation", secret.urn.replace("OriginVerifySecret", "Other"))).to.equal(undefined);
    });

    it("refuses a bad secret name or a missing key", () => {
        try {
            new OriginVerifySecret("x", { secretName: "bad name", kmsKeyArn: "" });
            expect.fail("no error");
        } catch (e) {
            expect((e as ComponentArgsError).problems).to.deep.equal([
                "secretName: 'bad name' is not allowed; expected a Secrets Manager secret name (letters, digits and /_+=.@-, at most 512)",
                "kmsKeyArn: '' is not allowed; expected the secrets key's ARN",
            ]);
        }
    });
});
