import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { argsSection, renderReadme, rulesSection } from "./docs";

describe("README reference sections", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");

    it("match the code (run `npm run docs` after changing config, component args or rules)", () => {
        expect(renderReadme(readme) === readme, "README.md is out of date: run npm run docs").to.equal(true);
    });

    it("document every component argument", () => {
        expect(argsSection()).to.contain("`cidrBlock`");
        expect(argsSection()).not.to.contain("**undocumented**");
    });

    it("list every rule of both packs", () => {
        expect(rulesSection()).to.contain("`kms-rotation`");
    });
});
