import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { kmsKeyDeletionWindow } from "./kms-key-deletion-window";

const KEY = "aws:kms/key:Key";

describe("aws rule kms-key-deletion-window", () => {
    it("passes 7 days outside prod, 30 days (or AWS's default) in prod", () => {
        const run = runRule(kmsKeyDeletionWindow, [
            { type: KEY, name: "dev", stack: "dev", inputs: { deletionWindowInDays: 7 } },
            { type: KEY, name: "prod", stack: "prod", inputs: { deletionWindowInDays: 30 } },
            { type: KEY, name: "prod-default", stack: "prod", inputs: {} },
        ]);
        expect(run.violations).to.have.length(0);
        expect(run.checks).to.equal(3);
    });
    it("reports a short window in a protected stack, as advisory", () => {
        const run = runRule(kmsKeyDeletionWindow, [{ type: KEY, name: "k", stack: "prod", inputs: { deletionWindowInDays: 7 } }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "kms-key-deletion-window", enforcementLevel: "advisory", urn: `urn:pulumi:prod::fixture::${KEY}::k` });
        expect(run.messages[0]).to.equal("deletionWindowInDays is 7, below the minimum of 30 days for stack 'prod'.");
    });
    it("follows config: minimums and protected stacks", () => {
        const config = { "kms-key-deletion-window": { minDays: 14, protectedStacks: ["staging"] } };
        const run = runRule(kmsKeyDeletionWindow, [
            { type: KEY, name: "dev", stack: "dev", inputs: { deletionWindowInDays: 10 } },
            { type: KEY, name: "staging", stack: "staging", inputs: { deletionWindowInDays: 20 } },
            { type: KEY, name: "prod", stack: "prod", inputs: { deletionWindowInDays: 14 } },
        ], { config });
        expect(run.messages).to.deep.equal([
            "deletionWindowInDays is 10, below the minimum of 14 days.",
            "deletionWindowInDays is 20, below the minimum of 30 days for stack 'staging'.",
        ]);
    });
    it("defers an unknown window", () => {
        const run = runRule(kmsKeyDeletionWindow, [{ type: KEY, stack: "prod", inputs: { deletionWindowInDays: UNKNOWN } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/deletionWindowInDays/);
    });
    it("is not applicable to key policies", () => {
        expect(runRule(kmsKeyDeletionWindow, [{ type: "aws:kms/keyPolicy:KeyPolicy" }]).notApplicable).to.equal(1);
    });
});
