import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { glueEncryption } from "./glue-encryption";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SC = "aws:glue/securityConfiguration:SecurityConfiguration";
const JOB = "aws:glue/job:Job";
const CRAWLER = "aws:glue/crawler:Crawler";
const CATALOG = "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings";
const goodEncryption = {
    s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
    cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
    jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: KEY },
};
const sc: FixtureResource = { type: SC, name: "etl-sec", inputs: { name: "etl-kms", encryptionConfiguration: goodEncryption } };
const job = (securityConfiguration: unknown, extra: Partial<FixtureResource> = {}): FixtureResource => ({
    type: JOB, name: "orders-etl", inputs: { roleArn: "arn:aws:iam::123456789012:role/glue", command: { scriptLocation: "s3://x/y.py" }, securityConfiguration }, ...extra,
});
const goodCatalog: FixtureResource = { type: CATALOG, name: "catalog", inputs: { dataCatalogEncryptionSettings: {
    encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY },
    connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY } } } };

describe("aws rule glue-encryption", () => {
    it("passes a KMS security configuration used by a job (by name) and a crawler (by property dependency), and an encrypted catalog", () => {
        const run = runRule(glueEncryption, [sc, job("etl-kms"),
            { type: CRAWLER, name: "orders-crawler", inputs: { securityConfiguration: UNKNOWN }, propertyDependencies: { securityConfiguration: ["etl-sec"] } },
            goodCatalog]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports a job without a security configuration, as mandatory, on the job", () => {
        const run = runRule(glueEncryption, [sc, job(undefined)]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "glue-encryption", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${JOB}::orders-etl` });
        expect(run.messages[0]).to.match(/Glue job 'orders-etl' sets no securityConfiguration/);
    });
    it("reports weak parts of a security configuration", () => {
        const run = runRule(glueEncryption, [{ ...sc, inputs: { name: "etl-kms", encryptionConfiguration: {
            s3Encryption: { s3EncryptionMode: "SSE-S3" }, cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS" }, jobBookmarksEncryption: {} } } }]);
        expect(run.messages).to.deep.equal([
            "Glue security configuration 'etl-sec' encrypts S3 data with s3EncryptionMode 'SSE-S3'; 'SSE-KMS' is required.",
            "Glue security configuration 'etl-sec' sets no cloudwatchEncryption.kmsKeyArn; a KMS key is required.",
            "Glue security configuration 'etl-sec' encrypts job bookmarks with jobBookmarksEncryptionMode 'DISABLED'; 'CSE-KMS' is required.",
        ]);
    });
    it("reports a reference to an undefined security configuration unless it is listed as external", () => {
        let run = runRule(glueEncryption, [job("shared-kms")]);
        expect(run.messages[0]).to.match(/uses security configuration 'shared-kms', which is not defined in this stack/);
        run = runRule(glueEncryption, [job("shared-kms")], { config: { "glue-encryption": { externalSecurityConfigurations: ["shared-kms"] } } });
        expect(run.violations).to.have.length(0);
    });
    it("reports an unencrypted Data Catalog and plaintext connection passwords", () => {
        const run = runRule(glueEncryption, [{ type: CATALOG, name: "catalog", inputs: { dataCatalogEncryptionSettings: {
            encryptionAtRest: { catalogEncryptionMode: "DISABLED" }, connectionPasswordEncryption: { returnConnectionPasswordEncrypted: false } } } }]);
        expect(run.messages).to.have.length(2);
        expect(run.messages[0]).to.match(/catalogEncryptionMode 'DISABLED'/);
        expect(run.messages[1]).to.match(/does not encrypt connection passwords/);
    });
    it("defers an unknown mode and an unlinkable security configuration reference", () => {
        let run = runRule(glueEncryption, [{ ...sc, inputs: { encryptionConfiguration: { ...goodEncryption, s3Encryption: { s3EncryptionMode: UNKNOWN, kmsKeyArn: KEY } } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/s3EncryptionMode/);
        run = runRule(glueEncryption, [sc, job(UNKNOWN)]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
    });
    it("is not applicable without Glue resources", () => {
        expect(runRule(glueEncryption, [{ type: "aws:s3/bucket:Bucket" }]).notApplicable).to.equal(1);
    });
});
