import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { noPlaintextEnvSecrets } from "./no-plaintext-env-secrets";

const FN = "aws:lambda/function:Function";
const CB = "aws:codebuild/project:Project";
const SECRET_VALUE = "hunter2-Sup3rS3cret";

describe("aws rule no-plaintext-env-secrets", () => {
    it("passes ordinary variables, secret references and non-plaintext CodeBuild variables", () => {
        const run = runRule(noPlaintextEnvSecrets, [
            { type: FN, inputs: { environment: { variables: {
                LOG_LEVEL: "info", DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf",
                API_TOKEN_PARAM: "arn:aws:ssm:eu-west-1:111122223333:parameter/app/token", EMPTY_TOKEN: "",
            } } } },
            { type: CB, inputs: { environment: { environmentVariables: [
                { name: "GITHUB_TOKEN", value: "ci/github-token", type: "SECRETS_MANAGER" },
                { name: "NPM_TOKEN", value: "/ci/npm-token", type: "PARAMETER_STORE" },
                { name: "STAGE", value: "prod" },
            ] } } },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(2);
    });
    it("reports a Lambda credential variable without echoing its value, as mandatory", () => {
        const run = runRule(noPlaintextEnvSecrets, [{ type: FN, name: "fn", inputs: { environment: { variables: { DB_PASSWORD: SECRET_VALUE, STAGE: "prod" } } } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "no-plaintext-env-secrets", enforcementLevel: "mandatory", urn: `urn:pulumi:test::fixture::${FN}::fn` });
        expect(run.messages[0]).to.match(/'DB_PASSWORD'/);
        expect(run.messages[0]).to.not.include(SECRET_VALUE);
    });
    it("reports CodeBuild PLAINTEXT (explicit or default) AWS keys", () => {
        const run = runRule(noPlaintextEnvSecrets, [{ type: CB, inputs: { environment: { environmentVariables: [
            { name: "AWS_ACCESS_KEY_ID", value: "AKIAEXAMPLEEXAMPLE00" },
            { name: "AWS_SECRET_ACCESS_KEY", value: SECRET_VALUE, type: "PLAINTEXT" },
        ] } } }]);
        expect(run.messages).to.have.length(2);
        expect(run.messages[1]).to.equal("CodeBuild PLAINTEXT environment variable 'AWS_SECRET_ACCESS_KEY' looks like a credential; use type SECRETS_MANAGER or PARAMETER_STORE.");
        expect(run.messages.join(" ")).to.not.include(SECRET_VALUE).and.not.include("AKIAEXAMPLE");
    });
    it("uses the configured name pattern", () => {
        const inputs = { environment: { variables: { STRIPE_SIGNING_KEY: SECRET_VALUE } } };
        expect(runRule(noPlaintextEnvSecrets, [{ type: FN, inputs }]).violations).to.have.length(0);
        const run = runRule(noPlaintextEnvSecrets, [{ type: FN, inputs }], { config: { "no-plaintext-env-secrets": { credentialNamePattern: "SIGNING_KEY" } } });
        expect(run.violations).to.have.length(1);
    });
    it("defers an unknown value of a credential-named variable to the update", () => {
        const run = runRule(noPlaintextEnvSecrets, [{ type: FN, inputs: { environment: { variables: { API_KEY: UNKNOWN, STAGE: "prod" } } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/API_KEY/);
    });
    it("is not applicable to other types", () => {
        expect(runRule(noPlaintextEnvSecrets, [{ type: "aws:lambda/permission:Permission" }]).notApplicable).to.equal(1);
    });
});
