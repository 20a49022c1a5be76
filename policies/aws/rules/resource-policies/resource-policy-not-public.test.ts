import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { resourcePolicyNotPublic } from "./resource-policy-not-public";

const EP = "aws:ec2/vpcEndpoint:VpcEndpoint";
const BP = "aws:s3/bucketPolicy:BucketPolicy";
const PERM = "aws:lambda/permission:Permission";
const DOMAIN = "aws:opensearch/domain:Domain";
const DOMAIN_POLICY = "aws:opensearch/domainPolicy:DomainPolicy";
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describe("aws rule resource-policy-not-public", () => {
    it("passes the platform's gateway endpoint policy (Principal * with aws:PrincipalAccount) and an endpoint without policy", () => {
        const run = runRule(resourcePolicyNotPublic, [
            { type: EP, inputs: { vpcEndpointType: "Gateway", policy: doc({ Sid: "OnlyThisAccountsPrincipals", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": "111122223333" } } }) } },
            { type: EP, inputs: { vpcEndpointType: "Interface" } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(2);
    });
    it("passes named principals, deny statements and a computed condition value", () => {
        const run = runRule(resourcePolicyNotPublic, [
            // An object document (aws.iam.PolicyDocument) may hold computed values; a JSON string with one is wholly unknown.
            { type: BP, inputs: { policy: JSON.parse(doc(
                { Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "AWS:SourceArn": UNKNOWN } } },
                { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
                { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": UNKNOWN } } },
            )) } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("reports an unconditioned wildcard principal, as mandatory", () => {
        const run = runRule(resourcePolicyNotPublic, [{ type: "aws:ecr/repositoryPolicy:RepositoryPolicy", name: "repo", inputs: {
            policy: doc({ Sid: "Public", Effect: "Allow", Principal: { AWS: ["*"] }, Action: "ecr:BatchGetImage" }),
        } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "resource-policy-not-public", enforcementLevel: "mandatory" });
        expect(run.messages[0]).to.match(/^Statement 'Public' allows Principal '\*' without a restricting Condition/);
    });
    it("does not accept negated, IfExists or wildcard-valued conditions, nor NotPrincipal", () => {
        const run = runRule(resourcePolicyNotPublic, [{ type: "aws:sqs/queue:Queue", inputs: { policy: doc(
            { Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Condition: { StringNotEquals: { "aws:SourceAccount": "111122223333" } } },
            { Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Condition: { StringEqualsIfExists: { "aws:PrincipalAccount": "111122223333" } } },
            { Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Condition: { ArnLike: { "aws:SourceArn": "*" } } },
            { Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sqs:SendMessage" },
        ) } }]);
        expect(run.messages).to.have.length(4);
        expect(run.messages[3]).to.match(/NotPrincipal/);
    });
    it("uses the configured condition keys", () => {
        const policy = doc({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Condition: { StringEquals: { "aws:SourceOwner": "111122223333" } } });
        expect(runRule(resourcePolicyNotPublic, [{ type: "aws:sns/topicPolicy:TopicPolicy", inputs: { policy } }]).violations).to.have.length(0);
        const run = runRule(resourcePolicyNotPublic, [{ type: "aws:sns/topicPolicy:TopicPolicy", inputs: { policy } }], {
            config: { "resource-policy-not-public": { restrictingConditionKeys: ["aws:PrincipalOrgID"] } },
        });
        expect(run.violations).to.have.length(1);
    });
    it("reports a Lambda permission for a service principal without sourceArn and a public one", () => {
        const run = runRule(resourcePolicyNotPublic, [
            { type: PERM, name: "s3", inputs: { action: "lambda:InvokeFunction", function: "f", principal: "s3.amazonaws.com" } },
            { type: PERM, name: "url", inputs: { action: "lambda:InvokeFunctionUrl", function: "f", principal: "*", functionUrlAuthType: "NONE" } },
            { type: PERM, name: "ok", inputs: { action: "lambda:InvokeFunction", function: "f", principal: "events.amazonaws.com", sourceArn: UNKNOWN } },
            { type: PERM, name: "acct", inputs: { action: "lambda:InvokeFunction", function: "f", principal: "111122223333" } },
        ]);
        expect(run.messages).to.deep.equal([
            "Lambda permission for service principal 's3.amazonaws.com' has no sourceArn (or sourceAccount): any account's s3.amazonaws.com resource could invoke it.",
            "Lambda permission grants principal '*' without sourceArn, sourceAccount or principalOrgId: anyone can invoke the function.",
        ]);
    });
    it("reports a policy that is not valid JSON", () => {
        const run = runRule(resourcePolicyNotPublic, [{ type: BP, inputs: { policy: "{not json" } }]);
        expect(run.messages).to.deep.equal(["Resource policy is not a valid JSON policy document."]);
    });
    it("reports an OpenSearch domain access policy open to Principal '*', on the domain and on a DomainPolicy", () => {
        const open = doc({ Sid: "Open", Effect: "Allow", Principal: { AWS: "*" }, Action: "es:ESHttp*", Resource: "arn:aws:es:eu-west-1:111122223333:domain/products/*" });
        const run = runRule(resourcePolicyNotPublic, [
            { type: DOMAIN, name: "products", inputs: { domainName: "products", accessPolicies: open } },
            { type: DOMAIN_POLICY, name: "products-access", inputs: { domainName: "products", accessPolicies: open } },
        ]);
        expect(run.violations.map((v) => v.urn)).to.deep.equal([
            `urn:pulumi:test::fixture::${DOMAIN}::products`, `urn:pulumi:test::fixture::${DOMAIN_POLICY}::products-access`,
        ]);
        expect(run.violations[0]).to.include({ policy: "resource-policy-not-public", enforcementLevel: "mandatory" });
        expect(run.messages[0]).to.equal("Statement 'Open' allows Principal '*' without a restricting Condition (one of aws:SourceArn, aws:SourceAccount, "
            + "aws:SourceOwner, aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceVpce, aws:SourceVpc, kms:CallerAccount).");
    });
    it("passes an OpenSearch access policy naming its principals, and a domain without one", () => {
        const named = doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/catalog" }, Action: "es:ESHttp*", Resource: "arn:aws:es:eu-west-1:111122223333:domain/products/*" });
        const run = runRule(resourcePolicyNotPublic, [
            { type: DOMAIN, inputs: { accessPolicies: named } },
            { type: DOMAIN_POLICY, inputs: { accessPolicies: named } },
            { type: DOMAIN, inputs: { domainName: "no-policy" } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(3);
    });
    it("defers an unknown OpenSearch access policy, naming accessPolicies", () => {
        const run = runRule(resourcePolicyNotPublic, [{ type: DOMAIN_POLICY, inputs: { accessPolicies: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/accessPolicies/);
    });
    it("defers an unknown policy or principal to the update", () => {
        const run = runRule(resourcePolicyNotPublic, [
            { type: BP, inputs: { policy: UNKNOWN } },
            { type: PERM, inputs: { principal: UNKNOWN } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(2);
        expect(run.unknowns[1].message).to.match(/principal/);
    });
});
