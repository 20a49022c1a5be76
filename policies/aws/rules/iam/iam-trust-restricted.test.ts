import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { iamTrustRestricted } from "./iam-trust-restricted";

const OIDC = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/ABC";
const role = (name: string, ...Statement: object[]) => ({
    type: "aws:iam/role:Role", name, inputs: { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement }) },
});

describe("aws rule iam-trust-restricted", () => {
    it("passes service principals (the platform's flow-log role), accounts, and OIDC pinned to a subject", () => {
        const run = runRule(iamTrustRestricted, [
            role("flow-logs", {
                Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-1:111122223333:vpc-flow-log/*" } },
            }),
            role("cross-account", { Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "sts:AssumeRole" }),
            role("irsa", {
                Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:orders:api", [`${ISSUER}:aud`]: "sts.amazonaws.com" } },
            }),
            role("org", { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }),
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(4);
    });
    it("reports an unconditioned * principal, as mandatory", () => {
        const run = runRule(iamTrustRestricted, [role("open", { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" })]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "iam-trust-restricted", enforcementLevel: "mandatory", urn: "urn:pulumi:test::fixture::aws:iam/role:Role::open" });
        expect(run.messages[0]).to.equal("assumeRolePolicy statement 'Anyone' trusts principal \"*\" without a condition on aws:PrincipalAccount or aws:PrincipalOrgID: anyone could assume the role.");
    });
    it("does not count negated or irrelevant conditions as restrictions", () => {
        const run = runRule(iamTrustRestricted, [
            role("a", { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringNotEquals: { "aws:PrincipalAccount": "1" } } }),
            role("b", { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::*:root"] }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }),
        ]);
        expect(run.violations).to.have.length(2);
        expect(run.messages[1]).to.match(/trusts principal AWS "arn:aws:iam::\*:root"/);
    });
    it("reports OIDC trust without a :sub condition, or with a * subject", () => {
        const run = runRule(iamTrustRestricted, [
            role("aud-only", { Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } } }),
            role("any-sub", { Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { [`${ISSUER}:sub`]: "*" } } }),
        ]);
        expect(run.violations).to.have.length(2);
        expect(run.messages[0]).to.equal(`assumeRolePolicy statement #1 trusts OIDC provider "${OIDC}" without a \`:sub\` condition: every identity the provider issues tokens to could assume the role.`);
    });
    it("reports NotPrincipal in an Allow and Cognito trust without :aud", () => {
        const run = runRule(iamTrustRestricted, [
            role("np", { Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, Action: "sts:AssumeRole" }),
            role("cog", { Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" }),
        ]);
        expect(run.messages).to.have.length(2);
        expect(run.messages[0]).to.match(/NotPrincipal/);
        expect(run.messages[1]).to.match(/cognito-identity.amazonaws.com:aud/);
    });
    it("defers an unknown trust policy to the update", () => {
        const run = runRule(iamTrustRestricted, [{ type: "aws:iam/role:Role", inputs: { assumeRolePolicy: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/assumeRolePolicy/);
    });
    it("treats an unknown federated provider assumed with web identity as OIDC", () => {
        const run = runRule(iamTrustRestricted, [{
            type: "aws:iam/role:Role",
            inputs: { assumeRolePolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: UNKNOWN }, Action: "sts:AssumeRoleWithWebIdentity" }] } },
        }]);
        expect(run.messages).to.have.length(1);
        expect(run.messages[0]).to.match(/OIDC provider \(computed during preview\) without a `:sub` condition/);
    });
    it("is not applicable to other types", () => {
        expect(runRule(iamTrustRestricted, [{ type: "aws:iam/policy:Policy" }]).notApplicable).to.equal(1);
    });
});
