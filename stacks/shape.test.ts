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
import { plannedStack } from "../tools/testing/stack-plans";
import { platformOutputs } from "./outputs";
import { createPlatform } from "./platform";

/**
 * The outputs product teams depend on (README "Stack outputs"). Removing or renaming one breaks their StackReferences:
 * do it only with a deprecation, and change this list in the same pull request so a reviewer sees it.
 */
const OUTPUT_CONTRACT = [
    "alarmTopicArn", "analyticsDatabase", "availabilityZones", "clusterEndpoint", "clusterName", "clusterSecurityGroupId", "dashboardName", "endpointSecurityGroupId",
    "environment", "fulfilmentStateMachineArn", "functionDeployments", "isolatedSubnetIds", "keyArns", "kubeconfig", "namespaces", "originVerifySecret",
    "partnerSigningKeySecrets", "partnerWebhookUrls", "platformReferences", "privateSubnetIds", "publicSubnetIds", "region", "secretStore",
    "signIn", "storefrontAssetsBucket", "storefrontDistributionId", "storefrontUrl", "vpcCidr", "vpcId", "workloadBoundaryArn",
];

function record(stack: string, program: () => unknown): Promise<Recording> {
    const config = stackConfig(stack);
    return recordProgram(program, { project: PROJECT, stack, config, cloud: cloudContextFor(config["aws:region"], "123456789012") });
}

describe("stacks: the platform's shape", () => {
    it("keeps every URN of the committed prod baseline (each resource is found under its own URN or an alias)", async () => {
        const baseline: Baseline = JSON.parse(fs.readFileSync(path.join(__dirname, "baselines", "prod.json"), "utf8"));
        const rec = await plannedStack("prod");
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
        // The one other provider is the edge layer's own for us-east-1 (CloudFront's web ACL, key and logs live there, and
        // CloudFront's alarm with its topic).
        const usEast1 = rec.resources.find((r) => r.type === "pulumi:providers:aws" && r.name === "ecommerce-platform-dev-us-east-1")!;
        const byProvider = (urn: string) => cloud.filter((r) => r.options.provider?.startsWith(`${urn}::`)).map((r) => r.urn);
        expect(byProvider(providerUrn!).length + byProvider(usEast1.urn).length).to.equal(cloud.length);
        expect(byProvider(usEast1.urn).map((u) => u.split("::").pop()).sort()).to.deep.equal([
            "ecommerce-platform-dev-alarms-us-east-1", "ecommerce-platform-dev-alarms-us-east-1",
            "ecommerce-platform-dev-cloudfront", "ecommerce-platform-dev-cloudfront", "ecommerce-platform-dev-cloudfront-logs",
            "ecommerce-platform-dev-cloudfront-logs", "ecommerce-platform-dev-global-keys-edge", "ecommerce-platform-dev-global-keys-edge", "ecommerce-platform-dev-storefront-access-logs",
            "ecommerce-platform-dev-storefront-access-logs", "ecommerce-platform-dev-storefront-access-logs", "ecommerce-platform-dev-storefront-access-logs",
            "ecommerce-platform-dev-storefront-access-logs", "ecommerce-platform-dev-storefront-cloudfront-5xx-rate",
        ]);
    });

    it("exports every output of the contract, typed as documented", async () => {
        const rec = await plannedStack("prod");
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

describe("stacks: the prod plan with every app running", function () {
    this.timeout(180000);
    it("plans seven microservices, each with its own role and Pod Identity association, with no mandatory violation in either phase", async () => {
        // Imported here: the planner loads the packs, which only this test needs.
        const { plan } = await import("../tools/plan/plan");
        const digest = `sha256:${"0f".repeat(32)}`;
        const ecr = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecommerce-platform";
        const { doc, exitCode } = await plan({
            stack: "prod", programDir: path.join(__dirname, ".."),
            config: {
                apps: ["ui", "catalog", "cart", "checkout", "orders", "users", "recommendations"],
                appImages: { users: `${ecr}/users@${digest}`, recommendations: `${ecr}/recommendations@${digest}` },
            },
        });
        expect(doc.violations.filter((v) => v.enforcementLevel === "mandatory"), JSON.stringify(doc.violations)).to.deep.equal([]);
        expect(exitCode).to.equal(0);
        const services = doc.resources.filter((r) => r.type === "platform:compute:Microservice");
        expect(services.map((s) => s.name.replace("ecommerce-platform-prod-", "")).sort()).to.deep.equal(
            ["cart", "catalog", "checkout", "orders", "recommendations", "ui", "users"]);
        for (const s of services) {
            // The service's WorkloadRole component holds its role and association.
            const under = (type: string) => doc.resources.filter((r) => r.type === type && doc.resources.find((p) => p.urn === r.parent)?.parent === s.urn);
            expect(under("aws:iam/role:Role"), s.name).to.have.length(1);
            expect(under("aws:eks/podIdentityAssociation:PodIdentityAssociation"), s.name).to.have.length(1);
        }
        // One Deployment per service (the tracing collector's is the only other one).
        expect(doc.resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment" && !r.urn.includes("AdotCollector"))).to.have.length(7);
    });
});
