import { expect } from "chai";
import { FixtureResource, runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { secretsCmkRotation } from "./secrets-cmk-rotation";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const secret: FixtureResource = { type: SECRET, name: "db-password", inputs: { kmsKeyId: KEY } };
const rotation = (rules: Record<string, unknown>, extra: Partial<FixtureResource> = {}): FixtureResource => ({
    type: ROTATION, name: "db-password-rotation", inputs: { secretId: UNKNOWN, rotationLambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:rotate", rotationRules: rules },
    propertyDependencies: { secretId: ["db-password"] }, ...extra,
});

describe("aws rule secrets-cmk-rotation", () => {
    it("passes a CMK-encrypted secret rotated every 30 days", () => {
        const run = runRule(secretsCmkRotation, [secret, rotation({ automaticallyAfterDays: 30 })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(0);
    });
    it("links a rotation by the secret's name and accepts rate() and monthly cron schedules", () => {
        const named = { ...secret, inputs: { kmsKeyId: KEY, name: "prod/db" } };
        expect(runRule(secretsCmkRotation, [named, rotation({ scheduleExpression: "rate(10 days)" }, { inputs: { secretId: "prod/db", rotationRules: { scheduleExpression: "rate(10 days)" } }, propertyDependencies: {} })]).violations).to.have.length(0);
        expect(runRule(secretsCmkRotation, [secret, rotation({ scheduleExpression: "cron(0 4 1 * ? *)" })]).violations).to.have.length(0);
    });
    it("reports a secret without a CMK and without rotation, as advisory", () => {
        const run = runRule(secretsCmkRotation, [{ type: SECRET, name: "api-key", inputs: {} }]);
        expect(run.violations).to.have.length(2);
        expect(run.violations[0]).to.include({ policy: "secrets-cmk-rotation", enforcementLevel: "advisory", urn: `urn:pulumi:test::fixture::${SECRET}::api-key` });
        expect(run.messages[0]).to.match(/'api-key' sets no kmsKeyId/);
        expect(run.messages[1]).to.match(/'api-key' has no SecretRotation/);
    });
    it("reports a rotation interval over the limit, and honours maxRotationDays", () => {
        let run = runRule(secretsCmkRotation, [secret, rotation({ automaticallyAfterDays: 180 })]);
        expect(run.messages).to.deep.equal(["Secret 'db-password': SecretRotation 'db-password-rotation' rotates every 180 days; at most 90 are allowed."]);
        run = runRule(secretsCmkRotation, [secret, rotation({ automaticallyAfterDays: 180 })], { config: { "secrets-cmk-rotation": { maxRotationDays: 365 } } });
        expect(run.violations).to.have.length(0);
    });
    it("reports a disabled rotation and an unverifiable schedule", () => {
        expect(runRule(secretsCmkRotation, [secret, rotation({ automaticallyAfterDays: 30 }, { inputs: { rotationEnabled: false, rotationRules: { automaticallyAfterDays: 30 } } })]).messages[0]).to.match(/rotationEnabled false/);
        expect(runRule(secretsCmkRotation, [secret, rotation({ scheduleExpression: "cron(0 4 1 1 ? *)" })]).messages[0]).to.match(/cannot be verified/);
    });
    it("does not count a rotation of another secret", () => {
        const run = runRule(secretsCmkRotation, [secret, { type: SECRET, name: "other", inputs: { kmsKeyId: KEY } }, rotation({ automaticallyAfterDays: 30 }, { propertyDependencies: { secretId: ["other"] } })]);
        expect(run.messages).to.deep.equal(["Secret 'db-password' has no SecretRotation: add one rotating at least every 90 days."]);
    });
    it("defers an unknown interval and an unlinkable rotation", () => {
        let run = runRule(secretsCmkRotation, [secret, rotation({ automaticallyAfterDays: UNKNOWN })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/automaticallyAfterDays/);
        run = runRule(secretsCmkRotation, [secret, rotation({ automaticallyAfterDays: 30 }, { propertyDependencies: {} })]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
    });
    it("is not applicable without secrets", () => {
        expect(runRule(secretsCmkRotation, [{ type: "aws:kms/key:Key" }]).notApplicable).to.equal(1);
    });
});
