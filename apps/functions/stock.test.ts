import { expect } from "chai";
import { FakeClock, MemoryStore, quietLogger } from "./testing/fakes";
import { loadBundle } from "./testing/load-bundle";

type Reserve = typeof import("./reserve-stock");
type Release = typeof import("./release-stock");

const items = [{ productId: "p-1", quantity: 2, unitPrice: 100 }];

describe("reserve-stock and release-stock (bundles)", () => {
    let reserve: Reserve;
    let release: Release;
    before(() => {
        reserve = loadBundle<Reserve>("reserve-stock");
        release = loadBundle<Release>("release-stock");
    });

    function setup() {
        const store = new MemoryStore();
        const clock = new FakeClock();
        const logger = quietLogger;
        return { store, reserveStock: reserve.createHandler({ store, clock, logger }), releaseStock: release.createHandler({ store, clock, logger }) };
    }

    it("reserves once: a replay returns the reservation without a second write", async () => {
        const { store, reserveStock } = setup();
        expect(await reserveStock({ orderId: "o-1", items })).to.deep.equal({ reservationId: "res-o-1", status: "reserved" });
        expect(await reserveStock({ orderId: "o-1", items })).to.deep.equal({ reservationId: "res-o-1", status: "reserved" });
        expect(store.writes).to.have.length(1);
        expect(store.record("o-1", "stock")).to.deep.include({ status: "reserved", items: [{ productId: "p-1", quantity: 2 }] });
    });

    it("releases a reserved reservation once", async () => {
        const { store, reserveStock, releaseStock } = setup();
        await reserveStock({ orderId: "o-1", items });
        expect(await releaseStock({ orderId: "o-1", items })).to.deep.equal({ reservationId: "res-o-1", status: "released" });
        expect(await releaseStock({ orderId: "o-1" })).to.deep.equal({ reservationId: "res-o-1", status: "released" });
        expect(store.writes.map((w) => w.op)).to.deep.equal(["put", "update"]);
        expect(store.record("o-1", "stock")?.status).to.equal("released");
    });

    it("releasing nothing is fine and leaves a tombstone a late reserve respects", async () => {
        const { store, reserveStock, releaseStock } = setup();
        expect(await releaseStock({ orderId: "o-2" })).to.deep.equal({ reservationId: "res-o-2", status: "released" });
        expect(await reserveStock({ orderId: "o-2", items })).to.deep.equal({ reservationId: "res-o-2", status: "released" });
        expect(store.writes).to.have.length(1);
    });

    it("refuses malformed input naming the field", async () => {
        const { store, reserveStock } = setup();
        const error = await reserveStock({ orderId: "o-1", items: [{ productId: "p", quantity: -1, unitPrice: 1 }] }).catch((e: Error) => e);
        expect((error as Error).message).to.include("items.0.quantity:");
        expect(store.writes).to.have.length(0);
    });
});
