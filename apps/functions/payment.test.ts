import { expect } from "chai";
import { FakeCallbacks, FakeClock, FakePartner, MemoryStore, quietLogger as quiet } from "./testing/fakes";
import { loadBundle } from "./testing/load-bundle";

type Take = typeof import("./take-payment");
type Refund = typeof import("./refund-payment");


describe("take-payment and refund-payment (bundles)", () => {
    let take: Take;
    let refund: Refund;
    before(() => {
        take = loadBundle<Take>("take-payment");
        refund = loadBundle<Refund>("refund-payment");
    });

    function setup() {
        const store = new MemoryStore();
        const clock = new FakeClock();
        const partner = new FakePartner();
        const callbacks = new FakeCallbacks();
        return {
            store,
            partner,
            callbacks,
            takePayment: take.createHandler({ store, clock, partner, callbacks, logger: quiet }),
            refundPayment: refund.createHandler({ store, clock, partner, logger: quiet }),
        };
    }

    it("stores the task token as a pending payment and asks the partner once per token", async () => {
        const { store, partner, takePayment } = setup();
        partner.responses["/payments"] = { status: 201, body: { paymentId: "pay-9" } };
        expect(await takePayment({ taskToken: "tok-1", orderId: "o-1", total: 3499 })).to.deep.equal({ status: "requested", reference: "payment-o-1" });
        expect(await takePayment({ taskToken: "tok-1", orderId: "o-1", total: 3499 })).to.deep.equal({ status: "already-requested", reference: "payment-o-1" });
        expect(partner.calls).to.deep.equal([{ path: "/payments", body: { orderId: "o-1", amount: 3499, reference: "payment-o-1" }, idempotencyKey: "payment-o-1" }]);
        expect(store.record("o-1", "payment")).to.include({ status: "pending", taskToken: "tok-1", requestedToken: "tok-1", paymentId: "pay-9", total: 3499 });
    });

    it("a retried state (new token) replaces the token and asks again with the same idempotency key", async () => {
        const { store, partner, takePayment } = setup();
        await takePayment({ taskToken: "tok-1", orderId: "o-1", total: 10 });
        await takePayment({ taskToken: "tok-2", orderId: "o-1", total: 10 });
        expect(partner.calls.map((c) => c.idempotencyKey)).to.deep.equal(["payment-o-1", "payment-o-1"]);
        expect(store.record("o-1", "payment")?.taskToken).to.equal("tok-2");
    });

    it("a partner refusal marks the payment failed and throws PaymentDeclined", async () => {
        const { store, partner, takePayment } = setup();
        partner.responses["/payments"] = { status: 402, body: { reason: "card expired" } };
        const error = (await takePayment({ taskToken: "tok-1", orderId: "o-1", total: 10 }).catch((e: Error) => e)) as Error;
        expect(error.name).to.equal("PaymentDeclined");
        expect(error.message).to.include("card expired");
        expect(store.record("o-1", "payment")).to.include({ status: "failed", reason: "card expired" });
    });

    it("a partner outage (503) throws PartnerUnavailable so the workflow retries, leaving the payment pending", async () => {
        const { store, partner, takePayment } = setup();
        partner.responses["/payments"] = { status: 503, body: undefined };
        const error = (await takePayment({ taskToken: "tok-1", orderId: "o-1", total: 10 }).catch((e: Error) => e)) as Error;
        expect(error.name).to.equal("PartnerUnavailable");
        expect(store.record("o-1", "payment")?.status).to.equal("pending");
    });

    it("a settled payment completes a retried task at once without asking the partner", async () => {
        const { store, partner, callbacks, takePayment } = setup();
        store.seed("o-1", "payment", { status: "succeeded", paymentId: "pay-1", taskToken: "tok-1" });
        expect((await takePayment({ taskToken: "tok-2", orderId: "o-1", total: 10 })).status).to.equal("settled");
        expect(callbacks.calls).to.deep.equal([{ kind: "success", taskToken: "tok-2", output: { paymentId: "pay-1", status: "succeeded" } }]);
        expect(partner.calls).to.have.length(0);
    });

    it("refunds only a succeeded payment, once", async () => {
        const { store, partner, refundPayment } = setup();
        store.seed("o-1", "payment", { status: "succeeded", paymentId: "pay-1", total: 500 });
        expect(await refundPayment({ orderId: "o-1" })).to.deep.equal({ status: "refunded" });
        expect(await refundPayment({ orderId: "o-1" })).to.deep.equal({ status: "refunded" });
        expect(partner.calls).to.deep.equal([{ path: "/refunds", body: { orderId: "o-1", paymentId: "pay-1", amount: 500, reference: "refund-o-1" }, idempotencyKey: "refund-o-1" }]);
        expect(store.record("o-1", "payment")?.status).to.equal("refunded");
    });

    it("has nothing to refund for a missing, pending or failed payment", async () => {
        const { store, partner, refundPayment } = setup();
        store.seed("o-2", "payment", { status: "pending" });
        store.seed("o-3", "payment", { status: "failed" });
        for (const orderId of ["o-1", "o-2", "o-3"]) {
            expect(await refundPayment({ orderId })).to.deep.equal({ status: "nothing-to-refund" });
        }
        expect(partner.calls).to.have.length(0);
        expect(store.writes).to.have.length(0);
    });

    it("a refused refund throws RefundRefused and keeps the payment succeeded", async () => {
        const { store, partner, refundPayment } = setup();
        store.seed("o-1", "payment", { status: "succeeded", total: 5 });
        partner.responses["/refunds"] = { status: 409, body: { reason: "already settled" } };
        const error = (await refundPayment({ orderId: "o-1" }).catch((e: Error) => e)) as Error;
        expect(error.name).to.equal("RefundRefused");
        expect(store.record("o-1", "payment")?.status).to.equal("succeeded");
    });
});
