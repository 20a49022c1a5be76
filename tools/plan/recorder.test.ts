/**
 * The recorder and the mock cloud in the two phases: what a first preview knows of a resource the provider has not
 * created (inputs and autonames; every computed field unknown, nested ones too), and stack outputs as the engine gets
 * them (secrets masked).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { cloudContextFor, UNKNOWN } from "./mock-cloud";
import { policyView, recordProgram } from "./recorder";

const cloud = cloudContextFor("eu-west-1", "123456789012");

describe("tools/plan/recorder", () => {
    it("preview: computed outputs are unknown, nested ones inside an input object too; up: the mock cloud's values", async () => {
        const program = () => {
            new aws.eks.Cluster("c", { roleArn: "arn:aws:iam::123456789012:role/r", vpcConfig: { subnetIds: ["subnet-1"] } });
            new aws.sqs.Queue("q");
        };
        const preview = await recordProgram(program, { project: "p", stack: "s", config: {}, cloud, preview: true });
        const up = await recordProgram(program, { project: "p", stack: "s", config: {}, cloud });
        const of = (rec: typeof up, name: string) => rec.resources.find((r) => r.name === name)!;
        expect((of(preview, "c").outputs.vpcConfig as any).clusterSecurityGroupId).to.equal(UNKNOWN);
        expect((of(preview, "c").outputs.vpcConfig as any).subnetIds).to.deep.equal(["subnet-1"]);
        expect(of(preview, "c").outputs.endpoint).to.equal(UNKNOWN);
        expect((of(up, "c").outputs.vpcConfig as any).clusterSecurityGroupId).to.match(/^sg-[0-9a-f]{17}$/);
        expect(of(preview, "q").outputs.arn).to.equal(UNKNOWN);
        expect(of(preview, "q").outputs.name, "an autoname is known in preview").to.match(/^q-[0-9a-f]{7}$/);
        expect(of(up, "q").outputs.arn).to.match(/^arn:aws:sqs:eu-west-1:123456789012:q-/);
    });

    it("masks a nested secret in the record and its JSON, while the policies' view has it in plain, as the analyzer's", async () => {
        const rec = await recordProgram(() => {
            new aws.secretsmanager.SecretVersion("v", { secretId: "s", secretString: pulumi.secret("s3cr3t") });
            new aws.sqs.Queue("q", { tags: { plain: "x", hidden: pulumi.secret("y") } });
        }, { project: "p", stack: "s", config: {}, cloud });
        const v = rec.resources.find((r) => r.name === "v")!;
        const q = rec.resources.find((r) => r.name === "q")!;
        expect(v.inputs.secretString).to.equal("[secret]");
        expect(JSON.stringify(rec)).to.not.include("s3cr3t");
        expect(policyView(v).inputs.secretString).to.equal("s3cr3t");
        expect(policyView(v).outputs.secretString).to.equal("s3cr3t");
        expect(policyView(q).inputs.tags).to.deep.equal({ plain: "x", hidden: "y" });
        expect(policyView(q).outputs.tags).to.deep.equal({ plain: "x", hidden: "y" });
    });
    it("stack outputs are recorded as the engine receives them: secrets masked, nested ones too", async () => {
        const rec = await recordProgram(() => ({ plain: "x", hidden: pulumi.secret("s3cr3t"), nested: { k: pulumi.secret("y"), n: 1 } }),
            { project: "p", stack: "s", config: {}, cloud });
        expect(rec.outputs).to.deep.equal({ hidden: "[secret]", nested: { k: "[secret]", n: 1 }, plain: "x" });
        expect(JSON.stringify(rec)).not.to.contain("s3cr3t");
    });
});
