import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { ComponentArgsError } from "../shared/validate";
import { ShopCertificates } from "./shop-certificates";

describe("edge: ShopCertificates", function () {
    this.timeout(60000);

    it("issues the domain's certificate in us-east-1 (CloudFront) and in the stack's region (the load balancer), validated by one DNS record", async () => {
        const rec = await recordProgram(() => {
            const provider = new aws.Provider("us-east-1", { region: "us-east-1" });
            new ShopCertificates("certs", { domainName: "shop.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", cloudFrontProvider: provider });
        }, { project: "test", stack: "prod", config: { "aws:region": "eu-west-1" }, cloud: cloudContextFor("eu-west-1", "123456789012") });
        const of = (type: string) => rec.resources.filter((r) => r.type === type);
        const certs = of("aws:acm/certificate:Certificate");
        expect(certs.map((c) => String(c.outputs.arn).split(":")[3]).sort()).to.deep.equal(["eu-west-1", "us-east-1"]);
        expect(certs.every((c) => c.inputs.domainName === "shop.example.com" && c.inputs.validationMethod === "DNS")).to.equal(true);
        const [record] = of("aws:route53/record:Record");
        const option = (certs.find((c) => String(c.outputs.arn).includes("us-east-1"))!.outputs.domainValidationOptions as any[])[0];
        expect(record.inputs).to.deep.include({ zoneId: "Z0123456789ABCDEFGHIJ", name: option.resourceRecordName, type: "CNAME", records: [option.resourceRecordValue], allowOverwrite: true });
        const validations = of("aws:acm/certificateValidation:CertificateValidation");
        expect(validations.map((v) => v.inputs.certificateArn).sort()).to.deep.equal(certs.map((c) => c.outputs.arn).sort());
        expect(validations.every((v) => v.propertyDependencies.validationRecordFqdns.includes(record.urn))).to.equal(true);
    });

    it("refuses a bad domain or zone id, naming the field", () => {
        try {
            new ShopCertificates("x", { domainName: "https://shop", hostedZoneId: "zone", cloudFrontProvider: {} as aws.Provider });
            expect.fail("no error");
        } catch (e) {
            expect((e as ComponentArgsError).problems).to.deep.equal([
                "domainName: 'https://shop' is not allowed; expected a DNS name such as shop.example.com",
                "hostedZoneId: 'zone' is not allowed; expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ",
            ]);
        }
    });
});
