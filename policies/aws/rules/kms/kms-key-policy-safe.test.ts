import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { kmsKeyPolicySafe } from "./kms-key-policy-safe";

const ROOT = "arn:aws:iam::111122223333:root";
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
/** The platform's DataKeys policy shape: admin to root, use via services with kms:CallerAccount, logs service principal. */
const platformPolicy = doc(
    { Sid: "KeyAdministration", Effect: "Allow", Principal: { AWS: ROOT }, Action: ["kms:Create*", "kms:Describe*"], Resource: "*" },
    { Sid: "UseThroughServices", Effect: "Allow", Principal: { AWS: ROOT }, Action: ["kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "kms:ViaService": ["rds.eu-west-1.amazonaws.com"], "kms:CallerAccount": "111122223333" } } },
    { Sid: "CloudWatchLogs", Effect: "Allow", Principal: { Service: "logs.eu-west-1.amazonaws.com" }, Action: ["kms:Encrypt"], Resource: "*", Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:111122223333:log-group:*" } } },
);

describe("aws rule kms-key-policy-safe", () => {
    it("passes the platform's key policy, a key without policy, and a * principal restricted to the account", () => {
        const run = runRule(kmsKeyPolicySafe, [
            { type: "aws:kms/key:Key", name: "k", inputs: { bypassPolicyLockoutSafetyCheck: false, policy: platformPolicy } },
            { type: "aws:kms/key:Key", name: "default", inputs: {} },
            { type: "aws:kms/keyPolicy:KeyPolicy", name: "kp", inputs: { keyId: "k", policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "111122223333" } } }) } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(3);
    });
    it("reports the lockout bypass, as mandatory", () => {
        const run = runRule(kmsKeyPolicySafe, [{ type: "aws:kms/key:Key", name: "k", inputs: { bypassPolicyLockoutSafetyCheck: true, policy: platformPolicy } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "kms-key-policy-safe", enforcementLevel: "mandatory", urn: "urn:pulumi:test::fixture::aws:kms/key:Key::k" });
        expect(run.messages[0]).to.match(/^bypassPolicyLockoutSafetyCheck is true/);
    });
    it("reports an unconditioned * principal and one with an unrelated condition", () => {
        const run = runRule(kmsKeyPolicySafe, [{
            type: "aws:kms/keyPolicy:KeyPolicy",
            inputs: { keyId: "k", policy: doc(
                { Sid: "Open", Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" },
                { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } } },
                { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" },
            ) },
        }]);
        expect(run.messages).to.have.length(2);
        expect(run.messages[0]).to.equal("policy statement 'Open' allows principal \"*\" without a condition on kms:CallerAccount, aws:PrincipalAccount, aws:PrincipalOrgID: any AWS account could use the key.");
        expect(run.messages[1]).to.match(/statement #2 allows principal AWS "\*"/);
    });
    it("defers an unknown policy, but still reports a known lockout bypass", () => {
        const unknown = runRule(kmsKeyPolicySafe, [{ type: "aws:kms/key:Key", inputs: { policy: UNKNOWN } }]);
        expect(unknown.violations).to.have.length(0);
        expect(unknown.unknowns).to.have.length(1);
        expect(unknown.unknowns[0].message).to.match(/policy/);
        const both = runRule(kmsKeyPolicySafe, [{ type: "aws:kms/key:Key", inputs: { policy: UNKNOWN, bypassPolicyLockoutSafetyCheck: true } }]);
        expect(both.violations).to.have.length(1);
        expect(both.unknowns).to.have.length(0);
    });
    it("is not applicable to other types", () => {
        expect(runRule(kmsKeyPolicySafe, [{ type: "aws:kms/alias:Alias" }]).notApplicable).to.equal(1);
    });
});
