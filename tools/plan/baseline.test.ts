/**
 * The data-loss guard's alias resolution, as the engine's step generator does it: a resource's own aliases, and the
 * aliases a child inherits from the old URN its parent matched (the way a component moves under a new parent without
 * replacing its children).
 */
import { expect } from "chai";
import { checkBaseline, matchAliases, makeBaseline } from "./baseline";
import { engineUrn, PlanResource } from "./recorder";

const STACK = "prod";
const PROJECT = "shop";
const ROOT = engineUrn(STACK, PROJECT, undefined, "pulumi:pulumi:Stack", "shop-prod");

function res(type: string, name: string, parent: PlanResource | string | undefined, aliases: unknown[] = []): PlanResource {
    const parentUrn = typeof parent === "string" ? parent : parent?.urn;
    return {
        urn: engineUrn(STACK, PROJECT, parentUrn, type, name), type, name, parent: parentUrn ?? null, custom: type.startsWith("aws:"),
        remote: false, inputs: {}, outputs: {},
        options: { protect: false, retainOnDelete: false, dependsOn: [], ignoreChanges: [], provider: null, aliases },
        dependencies: [], propertyDependencies: {},
    };
}

describe("tools/plan/baseline: aliases as the engine resolves them", () => {
    // Before: a component at the root, with a key and a log group.
    const oldComponent = res("platform:kms:DataKeys", "keys", ROOT);
    const before = [oldComponent, res("aws:kms/key:Key", "keys-logs", oldComponent), res("aws:cloudwatch/logGroup:LogGroup", "keys-audit", oldComponent)];
    const baseline = makeBaseline(PROJECT, STACK, before);
    const known = new Set(baseline.resources.map((b) => b.urn));

    it("a component moved under a layer with a new token keeps every child's URN through the inherited aliases", () => {
        const layer = res("platform:security:SecurityLayer", "shop", ROOT);
        const moved = res("platform:security:DataKeys", "keys", layer, [{ type: "platform:kms:DataKeys", noParent: true }]);
        const after = [layer, moved, res("aws:kms/key:Key", "keys-logs", moved), res("aws:cloudwatch/logGroup:LogGroup", "keys-audit", moved)];
        const matched = matchAliases(after, known);
        expect(matched.get(moved.urn)).to.equal(oldComponent.urn);
        expect(matched.get(after[2].urn)).to.equal("urn:pulumi:prod::shop::platform:kms:DataKeys$aws:kms/key:Key::keys-logs");
        expect(checkBaseline(baseline, after)).to.deep.equal([]);
    });

    it("without the component's alias, the stateful children would be replaced, and the message says they moved", () => {
        const layer = res("platform:security:SecurityLayer", "shop", ROOT);
        const moved = res("platform:security:DataKeys", "keys", layer);
        const after = [layer, moved, res("aws:kms/key:Key", "keys-logs", moved), res("aws:cloudwatch/logGroup:LogGroup", "keys-audit", moved)];
        const losses = checkBaseline(baseline, after);
        expect(losses.map((l) => l.kind)).to.deep.equal(["log group", "key"]);
        expect(losses[1].message).to.equal("key 'keys-logs' would be replaced: it moved to " +
            "urn:pulumi:prod::shop::platform:security:SecurityLayer$platform:security:DataKeys$aws:kms/key:Key::keys-logs (a new parent or type) " +
            "without an alias; add aliases: [{ parent: <its old parent>, type: \"<its old type>\" }] to keep it");
    });

    it("a renamed parent carries children named after it (the engine's name-prefix rule)", () => {
        const renamed = res("platform:kms:DataKeys", "data-keys", ROOT, [{ name: "keys" }]);
        const after = [renamed, res("aws:kms/key:Key", "data-keys-logs", renamed), res("aws:cloudwatch/logGroup:LogGroup", "data-keys-audit", renamed)];
        expect(matchAliases(after, known).get(after[1].urn)).to.equal("urn:pulumi:prod::shop::platform:kms:DataKeys$aws:kms/key:Key::keys-logs");
        expect(checkBaseline(baseline, after)).to.deep.equal([]);
    });

    it("a child only inherits the alias its parent actually matched", () => {
        const layer = res("platform:security:SecurityLayer", "shop", ROOT);
        // The alias names a URN that never existed: the parent matches nothing, so its children inherit nothing.
        const moved = res("platform:security:DataKeys", "keys", layer, [{ type: "platform:kms:Nope", noParent: true }]);
        const after = [layer, moved, res("aws:kms/key:Key", "keys-logs", moved)];
        expect(matchAliases(after, known).size).to.equal(0);
        expect(checkBaseline(baseline, after).map((l) => l.urn)).to.include("urn:pulumi:prod::shop::platform:kms:DataKeys$aws:kms/key:Key::keys-logs");
    });
});
