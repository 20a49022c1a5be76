import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { iamSensitiveActionsScoped } from "./iam-sensitive-actions-scoped";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const rolePolicy = (...Statement: object[]) => ({ type: "aws:iam/rolePolicy:RolePolicy", name: "rp", inputs: { role: "r", policy: doc(...Statement) } });

describe("aws rule iam-sensitive-actions-scoped", () => {
    it("passes PassRole and Decrypt on named ARNs", () => {
        const run = runRule(iamSensitiveActionsScoped, [rolePolicy(
            { Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::111122223333:role/app" },
            { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: ["arn:aws:kms:eu-west-1:111122223333:key/k"] },
        )]);
        expect(run.violations).to.have.length(0);
    });
    it("reports iam:PassRole on Resource *, as advisory", () => {
        const run = runRule(iamSensitiveActionsScoped, [rolePolicy({ Sid: "Pass", Effect: "Allow", Action: "iam:PassRole", Resource: "*" })]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "iam-sensitive-actions-scoped", enforcementLevel: "advisory" });
        expect(run.messages[0]).to.equal("policy statement 'Pass' allows iam:PassRole on Resource \"*\"; list the role ARNs instead.");
    });
    it("reports kms:Decrypt granted through a wildcard", () => {
        const run = runRule(iamSensitiveActionsScoped, [rolePolicy({ Effect: "Allow", Action: ["kms:*"], Resource: "*" })]);
        expect(run.messages).to.deep.equal(["policy statement #1 allows kms:Decrypt (through \"kms:*\") on Resource \"*\"; list the key ARNs instead."]);
    });
    it("reports sensitive actions left open by NotAction", () => {
        const run = runRule(iamSensitiveActionsScoped, [rolePolicy({ Effect: "Allow", NotAction: "kms:*", Resource: "*" })]);
        expect(run.messages).to.deep.equal(["policy statement #1 allows iam:PassRole (through NotAction) on Resource \"*\"; scope them to ARNs."]);
    });
    it("checks configured actions", () => {
        const stmt = { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*" };
        expect(runRule(iamSensitiveActionsScoped, [rolePolicy(stmt)]).violations).to.have.length(0);
        const run = runRule(iamSensitiveActionsScoped, [rolePolicy(stmt)], { config: { "iam-sensitive-actions-scoped": { actions: ["secretsmanager:GetSecretValue"] } } });
        expect(run.violations).to.have.length(1);
        expect(run.messages[0]).to.match(/secretsmanager:GetSecretValue/);
    });
    it("defers an unknown document", () => {
        const run = runRule(iamSensitiveActionsScoped, [{ type: "aws:iam/policy:Policy", inputs: { policy: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
    });
    it("is not applicable to other types", () => {
        expect(runRule(iamSensitiveActionsScoped, [{ type: "aws:kms/key:Key" }]).notApplicable).to.equal(1);
    });
});
