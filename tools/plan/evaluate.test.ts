import { UnknownValueError } from "@pulumi/policy";
import { expect } from "chai";
import { evaluatePacks, evaluatePacksSync, isUnknownValueError, LoadedPack, WaiverHit } from "./evaluate";

describe("evaluate: the analyzer's unknown-value error", () => {
    it("recognises @pulumi/policy's UnknownValueError, and no other error", () => {
        expect(isUnknownValueError(new UnknownValueError("04da6b54-80e4-46f7-96ec-b56ff0331ba9", ["a", "b"] as any))).to.equal(true);
        // A copy of @pulumi/policy loaded by a pack is another class with the same fields.
        expect(isUnknownValueError(Object.assign(new Error("x"), { unknownTypeSentinel: "s", props: [] }))).to.equal(true);
        expect(isUnknownValueError(new Error("boom"))).to.equal(false);
        expect(isUnknownValueError(undefined)).to.equal(false);
        expect(isUnknownValueError("unknownTypeSentinel")).to.equal(false);
    });
});

describe("evaluate: waived findings", () => {
    const resource = (name: string) => ({
        urn: `urn:pulumi:test::p::aws:kms/key:Key::${name}`, type: "aws:kms/key:Key", name, parent: null, custom: true, remote: false,
        inputs: {}, outputs: {}, dependencies: [], propertyDependencies: {},
        options: { protect: false, retainOnDelete: false, dependsOn: [], ignoreChanges: [], provider: null, aliases: [] },
    });
    /** A policy that keeps a ledger as the platform's packs do: it waives every resource named "waived-*". */
    const ledgerPolicy = () => {
        const ledger: WaiverHit[] = [{ pack: "p", policy: "stale", urn: "u", message: "from an earlier run", reason: "r", resource: "x" }];
        const policy = {
            name: "keys", description: "d", enforcementLevel: "mandatory",
            validateResource: (args: any, report: (m: string) => void) => {
                if (args.name.startsWith("waived-")) ledger.push({ pack: "p", policy: "keys", urn: args.urn, message: "bad key", reason: "because", resource: args.name });
                else report("bad key");
            },
        };
        return Object.defineProperty(policy, Symbol.for("ecommerce-platform.waived"), { value: ledger });
    };
    const pack = (policies: any[]): LoadedPack => ({ name: "p", version: "1.0.0", enforcementLevel: "advisory", policies, config: {} });

    it("returns what each evaluation's waivers suppressed, read from the policies' ledgers, and nothing older", async () => {
        const p = pack([ledgerPolicy()]);
        const first = evaluatePacksSync([p], [resource("waived-a"), resource("b")]);
        expect(first.violations.map((v) => v.urn)).to.deep.equal(["urn:pulumi:test::p::aws:kms/key:Key::b"]);
        expect(first.waivers.map((w) => w.urn)).to.deep.equal(["urn:pulumi:test::p::aws:kms/key:Key::waived-a"]);
        const second = await evaluatePacks([p], [resource("waived-c")]);
        expect(second.waivers.map((w) => w.urn)).to.deep.equal(["urn:pulumi:test::p::aws:kms/key:Key::waived-c"]);
        expect((p.policies[0] as any)[Symbol.for("ecommerce-platform.waived")]).to.deep.equal([]);
    });

    it("has no waivers for packs without ledgers", () => {
        const plain = { name: "keys", description: "d", enforcementLevel: "mandatory", validateResource: (_a: any, report: (m: string) => void) => report("bad") };
        const e = evaluatePacksSync([pack([plain])], [resource("waived-a")]);
        expect([e.violations.length, e.waivers]).to.deep.equal([1, []]);
    });
});
