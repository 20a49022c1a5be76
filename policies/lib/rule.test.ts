import { expect } from "chai";
import { ResourceRule, StackRule, StackSubject, toPolicies, toPolicy, unwrap } from "./rule";
import { WAIVED, Waiver, WaiverHit } from "./waivers";

const KEY = "aws:kms/key:Key";
const urn = (name: string, type = KEY) => `urn:pulumi:test::p::${type}::${name}`;
const meta = { description: "Keys rotate.", severity: "high", remediation: "Turn rotation on.", enforcementLevel: "mandatory" } as const;
const keyRule: ResourceRule = { ...meta, kind: "resource", name: "keys", types: [KEY], check: ({ name, props }) => (props.rotate ? undefined : [`${name} does not rotate`, "second"]) };
const waiver: Waiver = { policy: "keys", resource: "legacy", reason: "Imported key material cannot rotate" };

/** Run a resource policy over one resource the way the analyzer calls it; returns what it reported and why it skipped. */
function validate(policy: any, type: string, name: string, props: Record<string, unknown>) {
    const reported: [string, string | undefined][] = [];
    let skipped: string | undefined;
    policy.validateResource({
        type, urn: urn(name, type), name, props, opts: {}, stackTags: new Map(), getConfig: () => ({}),
        notApplicable: (reason: string) => { skipped = reason; },
    }, (message: string, u?: string) => reported.push([message, u]));
    return { reported, skipped };
}

describe("rules as CrossGuard policies (lib/rule)", () => {
    it("turns a resource rule into a policy with its metadata, type filter and one violation per message", () => {
        const policy: any = toPolicy(keyRule, { pack: "p", waivers: [] });
        expect(policy).to.include({ name: "keys", description: "Keys rotate.", enforcementLevel: "mandatory", severity: "high", remediationSteps: "Turn rotation on." });
        expect(validate(policy, KEY, "k", {}).reported).to.deep.equal([["k does not rotate", urn("k")], ["second", urn("k")]]);
        expect(validate(policy, KEY, "k", { rotate: true }).reported).to.deep.equal([]);
        expect(validate(policy, "aws:s3/bucket:Bucket", "b", {})).to.deep.equal({ reported: [], skipped: `applies to ${KEY}` });
    });

    it("records waived findings in the policy's ledger (under the well-known key, not enumerable) instead of reporting them", () => {
        const policy: any = toPolicy(keyRule, { pack: "p", waivers: [waiver] });
        expect(validate(policy, KEY, "legacy", {}).reported).to.deep.equal([]);
        expect(validate(policy, KEY, "other", {}).reported).to.have.length(2);
        const ledger: WaiverHit[] = policy[Symbol.for("ecommerce-platform.waived")];
        expect(WAIVED).to.equal(Symbol.for("ecommerce-platform.waived"));
        expect(ledger.map((w) => `${w.pack} ${w.policy} ${w.urn} ${w.message} ${w.reason}`)).to.deep.equal([
            `p keys ${urn("legacy")} legacy does not rotate Imported key material cannot rotate`,
            `p keys ${urn("legacy")} second Imported key material cannot rotate`,
        ]);
        expect(Object.keys(policy)).not.to.include(String(WAIVED));
        expect(JSON.stringify(policy)).not.to.contain("ecommerce-platform.waived");
        // Each policy has its own ledger.
        expect((toPolicy(keyRule, { pack: "p", waivers: [] }) as any)[WAIVED]).to.deep.equal([]);
    });

    it("gives stack rules linked subjects, and reports stack-wide findings without a resource", () => {
        let seen: StackSubject[] = [];
        const stackRule: StackRule = {
            ...meta, kind: "stack", name: "links", types: [KEY],
            check: (resources) => { seen = resources; return [{ urn: urn("k"), message: "k is alone" }, { message: "the stack has one key" }]; },
        };
        const policy: any = toPolicy(stackRule, { pack: "p", waivers: [] });
        const parent = { type: "platform:kms:Keys", urn: urn("keys", "platform:kms:Keys"), name: "keys", props: {}, opts: {}, dependencies: [], propertyDependencies: {} };
        const key: any = { type: KEY, urn: urn("k"), name: "k", props: { policy: "{}" }, opts: {}, parent, dependencies: [parent], propertyDependencies: { policy: [parent] } };
        const reported: [string, string | undefined][] = [];
        policy.validateStack({ resources: [parent, key], getConfig: () => ({}), stackTags: new Map(), notApplicable: () => expect.fail("applicable") },
            (message: string, u?: string) => reported.push([message, u]));
        expect(reported).to.deep.equal([["k is alone", urn("k")], ["the stack has one key", undefined]]);
        const k = seen.find((s) => s.name === "k")!;
        expect([k.parent?.name, k.dependencies.map((d) => d.name), k.propertyDependencies.policy.map((d) => d.name)]).to.deep.equal(["keys", ["keys"], ["keys"]]);
        let skipped = "";
        policy.validateStack({ resources: [parent], getConfig: () => ({}), stackTags: new Map(), notApplicable: (r: string) => { skipped = r; } }, () => expect.fail("no report"));
        expect(skipped).to.equal(`no resource of type ${KEY}`);
    });

    it("unwraps @pulumi/policy's unknown-checking proxy, and refuses two rules of one name in a pack", () => {
        const raw = { a: 1 };
        expect(unwrap({ __getSpecialProxyTarget: raw })).to.equal(raw);
        expect(unwrap(raw)).to.equal(raw);
        expect(() => toPolicies([keyRule, keyRule], { pack: "p", waivers: [] })).to.throw("duplicate rule name 'keys' in pack p");
    });
});
