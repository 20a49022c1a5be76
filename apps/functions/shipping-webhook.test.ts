import { expect } from "chai";
import { FakeClock, FakeKeys, FakePublisher, MemoryStore, quietLogger as quiet, webhookRequest } from "./testing/fakes";
import { loadBundle } from "./testing/load-bundle";

type Bundle = typeof import("./shipping-webhook");
const KEY = "ship_key_abcdef";

describe("shipping-webhook (bundle)", () => {
    let bundle: Bundle;
    before(() => {
        bundle = loadBundle<Bundle>("shipping-webhook");
    });

    function setup() {
        const store = new MemoryStore();
        const clock = new FakeClock();
        const publisher = new FakePublisher();
        store.seed("o-1", "order", { status: "accepted" });
        store.seed("o-1", "shipment", { status: "requested", shipmentId: "shp-o-1" });
        const handler = bundle.createHandler({ store, clock, publisher, signingKeys: new FakeKeys(KEY), logger: quiet });
        const send = (body: object, signed = true) => handler(webhookRequest("/webhooks/shipping", JSON.stringify(body), { key: signed ? KEY : undefined, nowMs: clock.ms }));
        return { store, clock, publisher, send };
    }

    const shipped = { eventId: "ev-1", orderId: "o-1", shipmentId: "shp-o-1", status: "shipped" };

    it("moves the shipment to shipped and publishes `shipped` with the status attribute's value", async () => {
        const { store, clock, publisher, send } = setup();
        expect((await send(shipped)).statusCode).to.equal(202);
        expect(store.record("o-1", "shipment")).to.include({ status: "shipped", shippedBy: "ev-1" });
        expect(publisher.messages).to.deep.equal([{ orderId: "o-1", status: "shipped", at: new Date(clock.ms).toISOString(), shipmentId: "shp-o-1" }]);
    });

    it("then delivered; a replay is 200 duplicate and publishes nothing more", async () => {
        const { store, publisher, send } = setup();
        await send(shipped);
        expect((await send({ ...shipped, eventId: "ev-2", status: "delivered" })).statusCode).to.equal(202);
        expect((await send({ ...shipped, eventId: "ev-2", status: "delivered" })).statusCode).to.equal(200);
        expect(publisher.messages.map((m) => m.status)).to.deep.equal(["shipped", "delivered"]);
        expect(store.record("o-1", "shipment")?.status).to.equal("delivered");
    });

    it("refuses a step backwards (shipped after delivered) with 409 and no side effect", async () => {
        const { store, publisher, send } = setup();
        await send({ ...shipped, status: "delivered" });
        const writes = store.writes.length;
        const response = await send({ ...shipped, eventId: "ev-3" });
        expect(response.statusCode).to.equal(409);
        expect(JSON.parse(response.body).error).to.equal("shipment is delivered, cannot become shipped");
        expect(publisher.messages).to.have.length(1);
        expect(store.writes).to.have.length(writes);
    });

    it("answers 404 for an unknown order, 409 for another shipmentId, 401 unsigned, all without side effect", async () => {
        const { store, publisher, send } = setup();
        expect((await send({ ...shipped, orderId: "o-404" })).statusCode).to.equal(404);
        expect((await send({ ...shipped, shipmentId: "shp-other" })).statusCode).to.equal(409);
        expect((await send(shipped, false)).statusCode).to.equal(401);
        expect(publisher.messages).to.have.length(0);
        expect(store.writes).to.have.length(0);
    });

    it("answers 400 naming the field for a malformed event", async () => {
        const { send } = setup();
        const response = await send({ eventId: "ev-1", orderId: "o-1", status: "shipped" });
        expect(response.statusCode).to.equal(400);
        expect(JSON.parse(response.body).error).to.include("shipmentId:");
    });
});
