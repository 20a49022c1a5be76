/**
 * The shape of the composed platform, for the people who rely on it: the layer move kept every URN of the committed
 * prod baseline; an explicit provider reaches every resource; the stack outputs product teams read through
 * StackReferences are all there.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { Baseline, matchAliases } from "../tools/plan/baseline";
import { cloudContextFor } from "../tools/plan/mock-cloud";
import { recordProgram, Recording } from "../tools/plan/recorder";
import { stackConfig } from "../tools/testing/stacks";
import { parsePlatformConfig, PROJECT } from "./config";
import { platformOutputs } from "./outputs";
import { createPlatform } from "./platform";

/**
 * The outputs product teams depend on (README "Stack outputs"). Removing or renaming one breaks their StackReferences:
 * do it only with a deprecation, and change this list in the same pull request so a reviewer sees it.
 */
const OUTPUT_CONTRACT = [
    "availabilityZones", "endpointSecurityGroupId", "environment", "isolatedSubnetIds", "keyArns", "privateSubnetIds",
    "publicSubnetIds", "region", "vpcId",
];

function record(stack: string, program: () => unknown): Promise<Recording> {
    const config = stackConfig(stack);
    return recordProgram(program, { project: PROJECT, stack, config, cloud: cloudContextFor(config["aws:region"], "123456789012") });
}

describe("stacks: the platform's shape", () => {
    it("keeps every URN of the committed prod baseline (each resource is found under its own URN or an alias)", async () => {
        const baseline: Baseline = JSON.parse(fs.readFileSync(path.join(__dirname, "baselines", "prod.json"), "utf8"));
        const rec = await record("prod", () => platformOutputs(createPlatform(parsePlatformConfig(stackConfig("prod"), "prod"))));
        const known = new Set(baseline.resources.map((b) => b.urn));
        const carried = new Set([...rec.resources.map((r) => r.urn).filter((u) => known.has(u)), ...matchAliases(rec.resources, known).values()]);
        expect(baseline.resources.filter((b) => !carried.has(b.urn)).map((b) => b.urn)).to.deep.equal([]);
    });

    it("an explicit provider passed to the platform reaches every cloud resource (no default provider is used)", async () => {
        let providerUrn: string | undefined;
        const rec = await record("dev", async () => {
            const provider = new aws.Provider("explicit", { region: "eu-west-1" });
            providerUrn = await new Promise<string>((resolve) => provider.urn.apply(resolve));
            return platformOutputs(createPlatform(parsePlatformConfig(stackConfig("dev"), "dev"), { providers: { aws: provider } }));
        });
        const cloud = rec.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        expect(cloud.length).to.be.greaterThan(50);
        for (const r of cloud) expect(r.options.provider, r.urn).to.match(new RegExp(`^${providerUrn!.replace(/[$]/g, "\\$")}::`));
    });

    it("exports every output of the contract, typed as documented", async () => {
        const rec = await record("prod", () => platformOutputs(createPlatform(parsePlatformConfig(stackConfig("prod"), "prod"))));
        expect(Object.keys(rec.outputs).sort()).to.deep.equal(OUTPUT_CONTRACT);
        expect(rec.outputs.environment).to.equal("prod");
        expect(rec.outputs.region).to.equal("eu-west-1");
        expect(rec.outputs.vpcId).to.match(/^vpc-[0-9a-f]{17}$/);
        for (const k of ["publicSubnetIds", "privateSubnetIds", "isolatedSubnetIds"]) {
            expect(rec.outputs[k], k).to.have.length(3);
            for (const id of rec.outputs[k] as string[]) expect(id).to.match(/^subnet-[0-9a-f]{17}$/);
        }
        expect(Object.keys(rec.outputs.keyArns as object)).to.include.members(["logs", "orders", "carts", "pipeline"]);
        for (const arn of Object.values(rec.outputs.keyArns as object)) expect(arn).to.match(/^arn:aws:kms:eu-west-1:123456789012:key\//);
    });
});
