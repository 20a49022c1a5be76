/**
 * Pack-level invariants: each pack loads the way `pulumi preview --policy-pack` loads it, rule names are unique
 * across packs, every rule file has a test beside it, and the committed waivers name real rules.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { loadPolicyPack } from "../tools/testing/policies";
import { awsRules } from "./aws/rules";
import { kubernetesRules } from "./kubernetes/rules";
import { defaultWaiversFile, loadWaivers } from "./lib/waivers";

const SEVERITIES = ["low", "medium", "high", "critical"];

function ruleFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return ruleFiles(p);
        return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && e.name !== "index.ts" ? [p] : [];
    });
}

describe("policy packs", () => {
    const all = [...awsRules, ...kubernetesRules];

    for (const [dir, rules] of [["aws", awsRules], ["kubernetes", kubernetesRules]] as const) {
        it(`policies/${dir} constructs one PolicyPack with every rule, as the CLI loads it`, () => {
            const pack = loadPolicyPack(path.join(__dirname, dir));
            expect(pack.name).to.equal(`ecommerce-${dir}`);
            expect(pack.version).to.match(/^\d+\.\d+\.\d+$/);
            expect(pack.policies.map((p) => p.name)).to.deep.equal(rules.map((r) => r.name));
            expect(fs.existsSync(path.join(__dirname, dir, "PulumiPolicy.yaml"))).to.equal(true);
        });
    }

    it("has unique, kebab-case rule names with complete metadata", () => {
        const names = all.map((r) => r.name);
        expect(new Set(names).size).to.equal(names.length);
        for (const r of all) {
            expect(r.name, r.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
            expect(r.description.length, `${r.name} description`).to.be.greaterThan(10);
            expect(r.remediation.length, `${r.name} remediation`).to.be.greaterThan(10);
            expect(SEVERITIES, `${r.name} severity`).to.include(r.severity);
            expect(["advisory", "mandatory"], `${r.name} level`).to.include(r.enforcementLevel);
            expect(r.types.length, `${r.name} types`).to.be.greaterThan(0);
        }
    });

    it("has a test file beside every rule file", () => {
        const files = [...ruleFiles(path.join(__dirname, "aws", "rules")), ...ruleFiles(path.join(__dirname, "kubernetes", "rules"))];
        const ruleNames = new Set(all.map((r) => r.name));
        const ruleModules = files.filter((f) => ruleNames.has(path.basename(f, ".ts")));
        expect(ruleModules.length, "one file per rule, named after it").to.equal(all.length);
        for (const f of ruleModules) expect(fs.existsSync(f.replace(/\.ts$/, ".test.ts")), `${f} has no test`).to.equal(true);
    });

    it("matches aws:lb and aws:alb tokens alike", () => {
        for (const r of awsRules) {
            for (const t of r.types) {
                const twin = t.startsWith("aws:lb/") ? t.replace("aws:lb/", "aws:alb/") : t.startsWith("aws:alb/") ? t.replace("aws:alb/", "aws:lb/") : undefined;
                if (twin) expect(r.types, `${r.name} lists ${t} but not ${twin}`).to.include(twin);
            }
        }
    });

    it("has a committed waiver file whose waivers all name existing rules", () => {
        expect(defaultWaiversFile()).to.equal(path.join(__dirname, "waivers.yaml"));
        expect(fs.existsSync(defaultWaiversFile())).to.equal(true);
        expect(() => loadWaivers(defaultWaiversFile(), new Set(all.map((r) => r.name)))).not.to.throw();
    });
});
