import { expect } from "chai";
import { captureLogger, FakeCallbacks, FakeClock, FakeKeys, MemoryStore, webhookRequest } from "./testing/fakes";
import { loadBundle } from "./testing/load-bundle";

type Bundle = typeof import("./payment-webhook");
const KEY = "whsec_test_key_1234567890";

describe("payment-webhook (bundle)", () => {
    let bundle: Bundle;
    before(() => {
        bundle = loadBundle<Bundle>("payment-webhook");
    });

    function setup(configured = true) {
        const store = new MemoryStore();
        const clock = new FakeClock();
        const callbacks = new FakeCallbacks();
        const { lines, logger } = captureLogger("payment-webhook", clock);
        store.seed("o-1", "order", { status: "accepted" });
        store.seed("o-1", "payment", { status: "pending", taskToken: "tok-1", total: 100 });
        const handler = bundle.createHandler({ store, clock, callbacks, signingKeys: new FakeKeys(configured ? KEY : undefined), logger });
        const send = (body: object | string, options: { headers?: Record<string, string>; key?: string; base64?: boolean; nowMs?: number } = {}) =>
            handler(
                webhookRequest("/webhooks/payment", typeof body === "string" ? body : JSON.stringify(body), {
                    key: "key" in options ? options.key : KEY,
                    nowMs: options.nowMs ?? clock.ms,
                    headers: options.headers,
                    base64: options.base64,
                }),
                { awsRequestId: "r-1" },
            );
        return { store, clock, callbacks, lines, send };
    }

    const success = { eventId: "ev-1", orderId: "o-1", paymentId: "pay-1", status: "succeeded" };

    it("completes the waiting task with SendTaskSuccess and settles the payment (202)", async () => {
        const { store, callbacks, lines, send } = setup();
        const response = await send(success);
        expect(response.statusCode).to.equal(202);
        expect(JSON.parse(response.body)).to.deep.equal({ status: "accepted" });
        expect(callbacks.calls).to.deep.equal([{ kind: "success", taskToken: "tok-1", output: { paymentId: "pay-1", status: "succeeded" } }]);
        expect(store.record("o-1", "payment")).to.include({ status: "succeeded", paymentId: "pay-1", settledBy: "ev-1" });
        expect(store.record("o-1", "webhook#payment#ev-1")?.status).to.equal("handled");
        expect(lines.join("\n")).not.to.include("tok-1");
    });

    it("fails the task with PaymentDeclined for a declined payment", async () => {
        const { store, callbacks, send } = setup();
        const response = await send({ ...success, status: "failed", reason: "insufficient funds" });
        expect(response.statusCode).to.equal(202);
        expect(callbacks.calls).to.deep.equal([{ kind: "failure", taskToken: "tok-1", error: "PaymentDeclined", cause: "insufficient funds" }]);
        expect(store.record("o-1", "payment")).to.include({ status: "failed", reason: "insufficient funds" });
    });

    it("accepts a base64-encoded body, signed over the raw bytes", async () => {
        const { callbacks, send } = setup();
        expect((await send(success, { base64: true })).statusCode).to.equal(202);
        expect(callbacks.calls).to.have.length(1);
    });

    it("answers a replay 200 duplicate with no side effect", async () => {
        const { store, callbacks, send } = setup();
        await send(success);
        const writes = store.writes.length;
        const response = await send(success);
        expect(response.statusCode).to.equal(200);
        expect(JSON.parse(response.body)).to.deep.equal({ status: "duplicate" });
        expect(callbacks.calls).to.have.length(1);
        expect(store.writes).to.have.length(writes);
    });

    const unsigned: [string, { headers?: Record<string, string>; key?: string; nowMs?: number }][] = [
        ["a missing signature", { key: undefined }],
        ["a signature with another key", { key: "another-key" }],
        ["a stale timestamp (10 minutes old)", { nowMs: new FakeClock().ms - 600_000 }],
        ["a malformed signature", { headers: { "X-Signature": "sha256=zz" } }],
    ];
    for (const [what, options] of unsigned) {
        it(`refuses ${what} with 401 and no side effect`, async () => {
            const { store, callbacks, send } = setup();
            const response = await send(success, options);
            expect(response.statusCode).to.equal(401);
            expect(JSON.parse(response.body)).to.deep.equal({ error: "invalid signature" });
            expect(callbacks.calls).to.have.length(0);
            expect(store.writes).to.have.length(0);
        });
    }

    it("refuses a tampered body (signature over another body) with 401", async () => {
        const { callbacks, send } = setup();
        const response = await send(success, { headers: { "X-Signature": `sha256=${"0".repeat(64)}` } });
        expect(response.statusCode).to.equal(401);
        expect(callbacks.calls).to.have.length(0);
    });

    it("answers 400 naming the field for a malformed body", async () => {
        const { store, send } = setup();
        const response = await send({ ...success, status: "maybe" });
        expect(response.statusCode).to.equal(400);
        expect(JSON.parse(response.body).error).to.match(/^Invalid payment event: status: /);
        expect(store.writes).to.have.length(0);
        expect((await send("not json")).statusCode).to.equal(400);
    });

    it("answers 404 for an unknown order and 409 for a payment that is not pending", async () => {
        const { store, callbacks, send } = setup();
        expect((await send({ ...success, orderId: "o-404" })).statusCode).to.equal(404);
        store.seed("o-1", "payment", { status: "refunded", taskToken: "tok-1" });
        const response = await send({ ...success, eventId: "ev-2" });
        expect(response.statusCode).to.equal(409);
        expect(JSON.parse(response.body).error).to.equal("payment is refunded, not pending");
        expect(callbacks.calls).to.have.length(0);
        expect(store.writes).to.have.length(0);
    });

    it("answers 503 when the signing key is not configured", async () => {
        const { callbacks, send } = setup(false);
        expect((await send(success)).statusCode).to.equal(503);
        expect(callbacks.calls).to.have.length(0);
    });

    it("never leaks an internal error: 500 with a generic message", async () => {
        const { store, send } = setup();
        store.get = () => Promise.reject(new Error("ProvisionedThroughputExceeded on arn:aws:dynamodb:secret-table"));
        const response = await send(success);
        expect(response.statusCode).to.equal(500);
        expect(response.body).to.equal(JSON.stringify({ error: "internal error" }));
    });
});
