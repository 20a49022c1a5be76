import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { cognitoHardening } from "./cognito-hardening";

const UP = "aws:cognito/userPool:UserPool";
const IP = "aws:cognito/identityPool:IdentityPool";
const strong = { minimumLength: 14, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true };

describe("aws rule cognito-hardening", () => {
    it("passes a pool with optional MFA and a strong password policy, and a closed identity pool", () => {
        const run = runRule(cognitoHardening, [
            { type: UP, inputs: { mfaConfiguration: "OPTIONAL", passwordPolicy: strong } },
            { type: IP, inputs: { identityPoolName: "ids", allowUnauthenticatedIdentities: false } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(2);
    });
    it("reports a default user pool (MFA off, no password policy), as mandatory", () => {
        const run = runRule(cognitoHardening, [{ type: UP, name: "users", inputs: {} }]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "cognito-hardening", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${UP}::users` });
        expect(run.messages[0]).to.equal("User pool mfaConfiguration is 'OFF'; it must be ON or OPTIONAL.");
        expect(run.messages[1]).to.match(/no passwordPolicy/);
    });
    it("reports a short password and missing character classes", () => {
        const run = runRule(cognitoHardening, [{ type: UP, inputs: { mfaConfiguration: "ON", passwordPolicy: { minimumLength: 8, requireUppercase: true, requireLowercase: true } } }]);
        expect(run.messages).to.deep.equal([
            "User pool passwordPolicy.minimumLength is 8; it must be at least 12.",
            "User pool passwordPolicy must set requireNumbers, requireSymbols to true.",
        ]);
    });
    it("follows config: requireMfaOn and minPasswordLength", () => {
        const run = runRule(cognitoHardening, [{ type: UP, inputs: { mfaConfiguration: "OPTIONAL", passwordPolicy: strong } }], {
            config: { "cognito-hardening": { requireMfaOn: true, minPasswordLength: 16 } },
        });
        expect(run.messages).to.deep.equal([
            "User pool mfaConfiguration is 'OPTIONAL'; it must be ON.",
            "User pool passwordPolicy.minimumLength is 14; it must be at least 16.",
        ]);
    });
    it("reports an identity pool with unauthenticated identities", () => {
        const run = runRule(cognitoHardening, [{ type: IP, inputs: { allowUnauthenticatedIdentities: true } }]);
        expect(run.messages).to.deep.equal(["Identity pool allows unauthenticated identities (allowUnauthenticatedIdentities: true)."]);
    });
    it("defers an unknown MFA setting to the update", () => {
        const run = runRule(cognitoHardening, [{ type: UP, inputs: { mfaConfiguration: UNKNOWN, passwordPolicy: strong } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/mfaConfiguration/);
    });
});
