import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { opensearchEncryptionTls } from "./opensearch-encryption-tls";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const DOMAIN = "aws:opensearch/domain:Domain";
const good = {
    encryptAtRest: { enabled: true, kmsKeyId: KEY },
    nodeToNodeEncryption: { enabled: true },
    domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
};

describe("aws rule opensearch-encryption-tls", () => {
    it("passes a domain with CMK encryption, node-to-node encryption and HTTPS with TLS 1.2", () => {
        expect(runRule(opensearchEncryptionTls, [{ type: DOMAIN, inputs: good }]).violations).to.have.length(0);
        expect(runRule(opensearchEncryptionTls, [{ type: DOMAIN, inputs: { ...good, domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" } } }]).violations).to.have.length(0);
    });
    it("reports every missing control on a bare domain, as mandatory", () => {
        const run = runRule(opensearchEncryptionTls, [{ type: DOMAIN, name: "search", inputs: {} }]);
        expect(run.violations).to.have.length(4);
        expect(run.violations[0]).to.include({ policy: "opensearch-encryption-tls", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${DOMAIN}::search` });
        expect(run.messages[0]).to.match(/encryptAtRest\.enabled: true/);
        expect(run.messages[1]).to.match(/nodeToNodeEncryption\.enabled: true/);
        expect(run.messages[2]).to.match(/enforceHttps: true \(it is unset\)/);
        expect(run.messages[3]).to.match(/tlsSecurityPolicy is unset/);
    });
    it("reports a TLS 1.0 policy and an AWS-managed key", () => {
        const run = runRule(opensearchEncryptionTls, [{ type: DOMAIN, inputs: { ...good, encryptAtRest: { enabled: true, kmsKeyId: "alias/aws/es" },
            domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" } } }]);
        expect(run.messages).to.have.length(2);
        expect(run.messages[0]).to.match(/AWS-managed/);
        expect(run.messages[1]).to.match(/'Policy-Min-TLS-1-0-2019-07'/);
    });
    it("counts an unknown key as set and defers an unknown TLS policy", () => {
        expect(runRule(opensearchEncryptionTls, [{ type: DOMAIN, inputs: { ...good, encryptAtRest: { enabled: true, kmsKeyId: UNKNOWN } } }]).violations).to.have.length(0);
        const run = runRule(opensearchEncryptionTls, [{ type: DOMAIN, inputs: { ...good, domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: UNKNOWN } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/tlsSecurityPolicy/);
    });
    it("is not applicable to other types", () => {
        expect(runRule(opensearchEncryptionTls, [{ type: "aws:elasticache/replicationGroup:ReplicationGroup" }]).notApplicable).to.equal(1);
    });
});
