import { expect } from "chai";
import { FakeClock, FakePartner, MemoryStore, quietLogger as quiet } from "./testing/fakes";
import { loadBundle } from "./testing/load-bundle";

type Bundle = typeof import("./arrange-shipping");
const input = { orderId: "o-1", customer: { firstName: "Ada", lastName: "Lovelace" }, items: [{ productId: "p-1", quantity: 2, unitPrice: 100 }] };

describe("arrange-shipping (bundle)", () => {
    let bundle: Bundle;
    before(() => {
        bundle = loadBundle<Bundle>("arrange-shipping");
    });

    function setup() {
        const store = new MemoryStore();
        const partner = new FakePartner();
        return { store, partner, handler: bundle.createHandler({ store, partner, clock: new FakeClock(), logger: quiet }) };
    }

    it("records the shipment and asks the partner once; a replay returns the same shipmentId", async () => {
        const { store, partner, handler } = setup();
        expect(await handler(input)).to.deep.equal({ shipmentId: "shp-o-1", status: "requested" });
        expect(await handler(input)).to.deep.equal({ shipmentId: "shp-o-1", status: "requested" });
        expect(partner.calls).to.deep.equal([
            {
                path: "/shipments",
                body: { orderId: "o-1", shipmentId: "shp-o-1", recipient: { firstName: "Ada", lastName: "Lovelace" }, items: [{ productId: "p-1", quantity: 2 }] },
                idempotencyKey: "shp-o-1",
            },
        ]);
        expect(store.record("o-1", "shipment")).to.include({ status: "requested", shipmentId: "shp-o-1", partnerAccepted: true });
    });

    it("asks again after an outage, and throws ShippingRefused on a refusal", async () => {
        const { store, partner, handler } = setup();
        partner.responses["/shipments"] = { status: 500, body: undefined };
        expect(((await handler(input).catch((e: Error) => e)) as Error).name).to.equal("PartnerUnavailable");
        partner.responses["/shipments"] = { status: 422, body: { reason: "address incomplete" } };
        const error = (await handler(input).catch((e: Error) => e)) as Error;
        expect(error.name).to.equal("ShippingRefused");
        expect(error.message).to.include("address incomplete");
        expect(partner.calls).to.have.length(2);
        expect(store.record("o-1", "shipment")?.partnerAccepted).to.equal(false);
    });

    it("refuses malformed input naming the field", async () => {
        const { partner, handler } = setup();
        const error = (await handler({ ...input, customer: { firstName: "Ada" } }).catch((e: Error) => e)) as Error;
        expect(error.message).to.include("customer.lastName:");
        expect(partner.calls).to.have.length(0);
    });
});
