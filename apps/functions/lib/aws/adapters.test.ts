import { expect } from "chai";
import { dynamoWorkflowStore } from "./dynamodb";
import { sfnTaskCallbacks } from "./sfn";
import { snsStatusPublisher } from "./sns";
import { requireEnv } from "../env";
import { cachedSigningKey } from "../signing-key";
import { httpPartnerClient } from "../partner";
import { createLogger } from "../log";

function recorder(fail?: string) {
    const sent: any[] = [];
    return {
        sent,
        send(command: any) {
            sent.push({ name: command.constructor.name, input: command.input });
            if (fail !== undefined) {
                const error = new Error(fail);
                error.name = fail;
                return Promise.reject(error);
            }
            return Promise.resolve({});
        },
    };
}

describe("lib adapters", () => {
    it("DynamoDB: conditional put attribute_not_exists(pk); a failed condition is false, not an error", async () => {
        const ok = recorder();
        expect(await dynamoWorkflowStore("wf", ok).putIfAbsent({ pk: "order#1", sk: "order", status: "accepted", expiresAt: 5, items: [{ n: 1 }] })).to.equal(true);
        expect(ok.sent[0].input).to.deep.equal({
            TableName: "wf",
            Item: { pk: { S: "order#1" }, sk: { S: "order" }, status: { S: "accepted" }, expiresAt: { N: "5" }, items: { L: [{ M: { n: { N: "1" } } }] } },
            ConditionExpression: "attribute_not_exists(pk)",
        });
        expect(await dynamoWorkflowStore("wf", recorder("ConditionalCheckFailedException")).putIfAbsent({ pk: "p", sk: "s", status: "x", expiresAt: 1 })).to.equal(false);
    });

    it("DynamoDB: update only from the expected statuses", async () => {
        const ok = recorder();
        await dynamoWorkflowStore("wf", ok).updateIfStatus({ pk: "order#1", sk: "stock" }, ["reserved"], { status: "released" });
        expect(ok.sent[0].input).to.deep.include({
            UpdateExpression: "SET #f0 = :v0",
            ConditionExpression: "attribute_exists(pk) AND #status IN (:s0)",
            ExpressionAttributeNames: { "#status": "status", "#f0": "status" },
            ExpressionAttributeValues: { ":v0": { S: "released" }, ":s0": { S: "reserved" } },
        });
    });

    it("Step Functions: a closed task is 'closed', other errors throw", async () => {
        expect(await sfnTaskCallbacks(recorder("TaskTimedOut")).succeed("t", {})).to.equal("closed");
        const error = await sfnTaskCallbacks(recorder("ThrottlingException")).fail("t", "E", "c").catch((e: Error) => e);
        expect((error as Error).name).to.equal("ThrottlingException");
    });

    it("SNS: publishes JSON with the status message attribute", async () => {
        const sns = recorder();
        await snsStatusPublisher("arn:aws:sns:eu-west-1:1:order-status", sns).publish({ orderId: "o", status: "shipped", at: "t" });
        expect(sns.sent[0].input.MessageAttributes).to.deep.equal({ status: { DataType: "String", StringValue: "shipped" } });
        expect(JSON.parse(sns.sent[0].input.Message)).to.deep.equal({ orderId: "o", status: "shipped", at: "t" });
    });

    it("env: a missing variable is named", () => {
        delete process.env.FUNCTIONS_TEST_MISSING;
        expect(() => requireEnv("FUNCTIONS_TEST_MISSING")).to.throw(/^Environment variable FUNCTIONS_TEST_MISSING is not set/);
    });

    it("signing key: the secret's signingKey field, cached for the TTL; a secret without it is not configured", async () => {
        let reads = 0;
        let now = 0;
        const keys = cachedSigningKey(() => Promise.resolve(`{"signingKey":"k${++reads}"}`), () => now, 1000);
        expect(await keys.signingKey()).to.equal("k1");
        now = 999;
        expect(await keys.signingKey()).to.equal("k1");
        now = 1000;
        expect(await keys.signingKey()).to.equal("k2");
        expect(await cachedSigningKey(() => Promise.resolve("not json"), () => 0).signingKey()).to.equal(undefined);
        expect(await cachedSigningKey(() => Promise.resolve('{"other":1}'), () => 0).signingKey()).to.equal(undefined);
    });

    it("partner sandbox: no PARTNER_URL, no call, a log line, 202", async () => {
        const lines: string[] = [];
        const client = httpPartnerClient(undefined, { signingKey: () => Promise.reject(new Error("must not read")) }, { now: () => 0 }, createLogger({ functionName: "take-payment", sink: (l) => lines.push(l) }));
        expect(await client.post("/payments", { a: 1 }, "payment-o")).to.deep.equal({ status: 202, body: { sandbox: true } });
        expect(lines.join("")).to.include("partner sandbox");
    });
});
