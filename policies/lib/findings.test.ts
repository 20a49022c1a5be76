import { UnknownValueError } from "@pulumi/policy";
import { expect } from "chai";
import { deferUnknowns, Findings, isUnknownValueError } from "./findings";
import { StackFinding } from "./rule";
import { UNKNOWN, unknownValue } from "./values";

describe("findings (lib/findings)", () => {
    it("keeps other parts' messages when one part is unknown, and rethrows the first unknown when nothing was found", () => {
        const c = new Findings();
        c.check(() => { unknownValue("a.b"); });
        c.check(() => "bad");
        c.check(() => ["worse", "worst"]);
        expect(c.hasUnknown).to.equal(true);
        expect(c.result()).to.deep.equal(["bad", "worse", "worst"]);
        const d = new Findings();
        d.check(() => { unknownValue("a.b"); });
        d.defer("c.d");
        expect(() => d.result()).to.throw(/\.a\.b/);
        expect(new Findings().result()).to.deep.equal([]);
    });

    it("lets errors other than unknown values through", () => {
        const e = new Findings();
        expect(() => e.check(() => { throw new Error("boom"); })).to.throw("boom");
        expect(() => e.attempt(() => { throw new Error("bang"); })).to.throw("bang");
    });

    it("computes values later parts need, undefined (and deferred) when unknown", () => {
        const f = new Findings();
        expect(f.attempt(() => 3)).to.equal(3);
        expect(f.hasUnknown).to.equal(false);
        expect(f.attempt(() => unknownValue("x.y"))).to.equal(undefined);
        expect(() => f.result()).to.throw(/\.x\.y/);
    });

    it("collects stack findings against resources: definite ones win over a deferred resource", () => {
        const s = new Findings<StackFinding>();
        s.check(() => s.report("urn:a", "a is open"));
        s.defer("b.policy");
        expect(s.result()).to.deep.equal([{ urn: "urn:a", message: "a is open" }]);
        const t = new Findings<StackFinding>();
        t.defer("b.policy");
        try { t.result(); expect.fail("deferred"); } catch (e) {
            expect(isUnknownValueError(e)).to.equal(true);
            expect((e as UnknownValueError<any>).props).to.deep.equal(["b", "policy"]);
            expect((e as UnknownValueError<any>).unknownTypeSentinel).to.equal(UNKNOWN);
        }
    });

    it("runs independent parts with deferUnknowns", () => {
        expect(deferUnknowns([() => unknownValue("p"), () => ["m"]])).to.deep.equal(["m"]);
        expect(() => deferUnknowns([() => unknownValue("p"), () => []])).to.throw(UnknownValueError);
        expect(isUnknownValueError(new Error("x"))).to.equal(false);
    });
});
