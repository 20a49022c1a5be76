import { expect } from "chai";
import { runRule, UNKNOWN } from "../../../../tools/testing/policies";
import { dynamodbPitrDeletion } from "./dynamodb-pitr-deletion";

const TABLE = "aws:dynamodb/table:Table";

describe("aws rule dynamodb-pitr-deletion", () => {
    it("passes PITR in dev, and PITR plus deletion protection in prod", () => {
        expect(runRule(dynamodbPitrDeletion, [{ type: TABLE, stack: "dev", inputs: { pointInTimeRecovery: { enabled: true } } }]).violations).to.have.length(0);
        expect(runRule(dynamodbPitrDeletion, [{ type: TABLE, stack: "prod", inputs: { pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true } }]).violations).to.have.length(0);
    });
    it("reports a table without PITR, as mandatory", () => {
        const run = runRule(dynamodbPitrDeletion, [{ type: TABLE, name: "carts", inputs: {} }]);
        expect(run.violations).to.have.length(1);
        expect(run.violations[0]).to.include({ policy: "dynamodb-pitr-deletion", enforcementLevel: "mandatory" });
        expect(run.messages[0]).to.equal("DynamoDB table must enable point-in-time recovery: pointInTimeRecovery.enabled is unset.");
    });
    it("requires deletion protection in prod and in configured stacks", () => {
        let run = runRule(dynamodbPitrDeletion, [{ type: TABLE, stack: "prod", inputs: { pointInTimeRecovery: { enabled: true } } }]);
        expect(run.messages).to.deep.equal(["DynamoDB table in a protected stack must set deletionProtectionEnabled: true (it is unset)."]);
        run = runRule(dynamodbPitrDeletion, [{ type: TABLE, stack: "prod", inputs: { pointInTimeRecovery: { enabled: true } } }],
            { config: { "dynamodb-pitr-deletion": { protectedStacks: ["live"] } } });
        expect(run.violations).to.have.length(0);
    });
    it("reports a replica without PITR", () => {
        const run = runRule(dynamodbPitrDeletion, [{ type: TABLE, inputs: { pointInTimeRecovery: { enabled: true }, replicas: [{ regionName: "eu-central-1" }] } }]);
        expect(run.messages[0]).to.match(/replica 'eu-central-1' must set pointInTimeRecovery/);
    });
    it("defers an unknown PITR flag", () => {
        const run = runRule(dynamodbPitrDeletion, [{ type: TABLE, inputs: { pointInTimeRecovery: { enabled: UNKNOWN } } }]);
        expect(run.violations).to.have.length(0);
        expect(run.unknowns).to.have.length(1);
        expect(run.unknowns[0].message).to.match(/pointInTimeRecovery\.enabled/);
    });
});
