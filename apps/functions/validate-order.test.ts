import { expect } from "chai";
import { captureLogger, FakeClock, MemoryStore } from "./testing/fakes";
import { loadBundle } from "./testing/load-bundle";

type Bundle = typeof import("./validate-order");

const orderEvent = {
    order: {
        id: "o-1",
        firstName: "Ada",
        lastName: "Lovelace",
        email: "ada@example.com",
        orderItems: [
            { productId: "p-1", quantity: 2, price: 1250, name: "Socks", totalCost: 2500 },
            { id: { productId: "p-2", orderId: "o-1" }, quantity: 1, price: 999, name: "Hat", totalCost: 999 },
        ],
    },
};

describe("validate-order (bundle)", () => {
    let bundle: Bundle;
    before(() => {
        bundle = loadBundle<Bundle>("validate-order");
    });

    function setup() {
        const store = new MemoryStore();
        const clock = new FakeClock();
        const { lines, logger } = captureLogger("validate-order", clock);
        return { store, clock, lines, handler: bundle.createHandler({ store, clock, logger }) };
    }

    it("accepts an OrderCreatedEvent (object body), productId in either place, and writes the order record with its TTL", async () => {
        const { store, clock, lines, handler } = setup();
        const out = await handler({ messageId: "m-1", body: orderEvent }, { awsRequestId: "req-1" });
        expect(out).to.deep.equal({
            orderId: "o-1",
            customer: { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" },
            items: [
                { productId: "p-1", quantity: 2, unitPrice: 1250 },
                { productId: "p-2", quantity: 1, unitPrice: 999 },
            ],
            total: 3499,
            duplicate: false,
        });
        const record = store.record("o-1", "order");
        expect(record).to.include({ status: "accepted", messageId: "m-1", expiresAt: Math.floor(clock.ms / 1000) + 90 * 86400 });
        expect((record?.order as { total: number }).total).to.equal(3499);
        expect(store.writes).to.have.length(1);
        const line = JSON.parse(lines.find((l) => l.includes("order accepted")) ?? "{}");
        expect(line).to.include({ level: "info", function: "validate-order", requestId: "req-1", orderId: "o-1" });
        expect(lines.join("\n")).not.to.include("ada@example.com");
    });

    it("accepts the body as a JSON string", async () => {
        const { handler } = setup();
        const out = await handler({ messageId: "m-1", body: JSON.stringify(orderEvent) });
        expect(out.orderId).to.equal("o-1");
        expect(out.total).to.equal(3499);
    });

    it("returns the stored order with duplicate=true on a redelivery, without writing again", async () => {
        const { store, handler } = setup();
        await handler({ messageId: "m-1", body: orderEvent });
        const changed = { order: { ...orderEvent.order, orderItems: [{ productId: "p-9", quantity: 5, price: 1 }] } };
        const again = await handler({ messageId: "m-2", body: changed });
        expect(again.duplicate).to.equal(true);
        expect(again.total).to.equal(3499);
        expect(again.items.map((i) => i.productId)).to.deep.equal(["p-1", "p-2"]);
        expect(store.writes).to.have.length(1);
    });

    const malformed: [string, unknown, string][] = [
        ["a body that is not JSON", { messageId: "m", body: "{not json" }, "body: not valid JSON"],
        ["no order", { messageId: "m", body: { something: 1 } }, "order:"],
        ["a missing order id", { messageId: "m", body: { order: { ...orderEvent.order, id: undefined } } }, "order.id:"],
        ["a zero quantity", { messageId: "m", body: { order: { ...orderEvent.order, orderItems: [{ productId: "p", quantity: 0, price: 1 }] } } }, "order.orderItems.0.quantity:"],
        ["a fractional price", { messageId: "m", body: { order: { ...orderEvent.order, orderItems: [{ productId: "p", quantity: 1, price: 1.5 }] } } }, "order.orderItems.0.price:"],
        ["no product id anywhere", { messageId: "m", body: { order: { ...orderEvent.order, orderItems: [{ quantity: 1, price: 1 }] } } }, "order.orderItems.0.productId: missing (neither productId nor id.productId is set)"],
        ["no items", { messageId: "m", body: { order: { ...orderEvent.order, orderItems: [] } } }, "order.orderItems:"],
        ["a bad email", { messageId: "m", body: { order: { ...orderEvent.order, email: "nope" } } }, "order.email:"],
        ["no messageId", { body: orderEvent }, "messageId:"],
    ];
    for (const [what, input, field] of malformed) {
        it(`throws InvalidOrder naming the field for ${what}, and writes nothing`, async () => {
            const { store, handler } = setup();
            const error = await handler(input).then(
                () => undefined,
                (e: Error) => e,
            );
            expect(error?.name).to.equal("InvalidOrder");
            expect(error?.message).to.match(/^Invalid order: /);
            expect(error?.message).to.include(field);
            expect(store.writes).to.have.length(0);
        });
    }
});
