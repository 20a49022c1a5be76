/**
 * The delivery layer on the prod plan (the stack that runs the pipelines): one repository, image build and pipeline per
 * microservice, stages in order with the approval before prod, roles scoped (checked with a real IAM evaluator), the
 * artifact bucket encrypted, nothing the AWS pack flags; dev builds nothing. And the apps' image precedence: an
 * `appImages` pin, then the digest a pipeline delivered, then the app's pinned public image.
 */
import { expect } from "chai";
import { APPS } from "../apps";
import { PIPELINE_STAGES } from "../components/delivery";
import { evaluatePacks } from "../tools/plan/evaluate";
import { Recording } from "../tools/plan/recorder";
import { simulateWorkload } from "../tools/testing/iam";
import { loadAwsPackWithRepositoryWaivers } from "../tools/testing/policies";
import { plannedStack, STACK_PLAN_ACCOUNT as ACCOUNT } from "../tools/testing/stack-plans";
import { stackConfig } from "../tools/testing/stacks";
import { selectApps } from "./apps";
import { ConfigError, parsePlatformConfig } from "./config";
import { parseDeliveredImages } from "./delivered-images";

const P = "ecommerce-platform-prod";
const SERVICES = Object.keys(APPS);
const DIGEST = `sha256:${"ab".repeat(32)}`;

describe("stacks: delivery (prod runs the pipelines)", function () {
    this.timeout(300000);
    let rec: Recording;
    let region: string;
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    before(async () => {
        rec = await plannedStack("prod");
        region = stackConfig("prod")["aws:region"];
    });

    it("has one repository, image build and pipeline per microservice of apps/", () => {
        expect(of("aws:ecr/repository:Repository").map((r) => r.inputs.name)).to.have.members(SERVICES.map((s) => `${P}/${s}`));
        expect(of("aws:codebuild/project:Project").map((r) => r.inputs.name)).to.include.members(SERVICES.map((s) => `${P}-${s}-image`));
        expect(of("aws:codepipeline/pipeline:Pipeline").map((r) => r.inputs.name)).to.have.members(SERVICES.map((s) => `${s}-${P}`));
    });
    it("every pipeline is V2 with its stages in order, the manual approval right before prod", () => {
        for (const p of of("aws:codepipeline/pipeline:Pipeline")) {
            const stages = p.inputs.stages as any[];
            expect(p.inputs.pipelineType, p.name).to.equal("V2");
            expect(stages.map((s) => s.name), p.name).to.deep.equal([...PIPELINE_STAGES]);
            expect(stages[stages.length - 2].actions[0].provider).to.equal("Manual");
        }
    });
    it("a build role may push to its own repository and not to another service's", async () => {
        const cart = of("aws:iam/rolePolicy:RolePolicy").find((r) => r.name === `${P}-cart-image`)!;
        const sim = { accountId: ACCOUNT, policy: JSON.parse(cart.inputs.policy as string) };
        const repo = (s: string) => `arn:aws:ecr:${region}:${ACCOUNT}:repository/${P}/${s}`;
        expect(await simulateWorkload(sim, "ecr:PutImage", repo("cart"))).to.equal("Allowed");
        expect(await simulateWorkload(sim, "ecr:PutImage", repo("orders"))).to.equal("ImplicitlyDenied");
        expect(await simulateWorkload(sim, "ssm:PutParameter", `arn:aws:ssm:${region}:${ACCOUNT}:parameter/ecommerce-platform/prod/images/cart`)).to.equal("ImplicitlyDenied");
    });
    it("a promote role may put prod's parameter of its service only", async () => {
        const promote = of("aws:iam/rolePolicy:RolePolicy").find((r) => r.name === `${P}-cart-pipeline-prod`)!;
        const sim = { accountId: ACCOUNT, policy: JSON.parse(promote.inputs.policy as string) };
        const param = (env: string, s: string) => `arn:aws:ssm:${region}:${ACCOUNT}:parameter/ecommerce-platform/${env}/images/${s}`;
        expect(await simulateWorkload(sim, "ssm:PutParameter", param("prod", "cart"))).to.equal("Allowed");
        expect(await simulateWorkload(sim, "ssm:PutParameter", param("prod", "orders"))).to.equal("ImplicitlyDenied");
        expect(await simulateWorkload(sim, "ssm:PutParameter", param("dev", "cart"))).to.equal("ImplicitlyDenied");
    });
    it("the artifact bucket is encrypted with the pipeline key and TLS-only", () => {
        const bucket = of("aws:s3/bucket:Bucket").find((b) => String(b.inputs.bucket).startsWith(`${P}-artifacts-`))!;
        expect(bucket, "artifact bucket").to.not.equal(undefined);
        const sse = of("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").find((r) => r.inputs.bucket === bucket.outputs.bucket || r.inputs.bucket === bucket.inputs.bucket)!;
        const rule = (sse.inputs.rules as any[])[0].applyServerSideEncryptionByDefault;
        expect(rule.sseAlgorithm).to.equal("aws:kms");
        expect(rule.kmsMasterKeyId).to.match(/^arn:aws:kms:/);
        const policy = of("aws:s3/bucketPolicy:BucketPolicy").find((r) => r.inputs.bucket === bucket.outputs.bucket || r.inputs.bucket === bucket.inputs.bucket)!;
        expect(String(policy.inputs.policy)).to.include("aws:SecureTransport");
    });
    it("the AWS pack finds nothing mandatory or advisory in the delivery layer", async () => {
        const evaluation = await evaluatePacks([loadAwsPackWithRepositoryWaivers()], rec.resources);
        const delivery = new Set(rec.resources.filter((r) => r.urn.includes("platform:delivery:")).map((r) => r.urn));
        expect(delivery.size).to.be.greaterThan(SERVICES.length * 10);
        expect(evaluation.violations.filter((v) => delivery.has(v.urn ?? "")).map((v) => `${v.policy} ${v.urn}`)).to.deep.equal([]);
    });
    it("dev builds nothing (the prod stack's pipelines deliver to dev too)", () => {
        expect(parsePlatformConfig(stackConfig("dev"), "dev").delivery.delivery).to.equal("off");
    });
});

describe("stacks: an app's image, by precedence", () => {
    const config = (set: Record<string, unknown> = {}) => parsePlatformConfig(stackConfig("dev", set), "dev");
    const cartOf = (specs: ReturnType<typeof selectApps>) => specs.find((s) => s.name === "cart")!.image;
    const delivered = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecommerce-platform-prod/cart@${DIGEST}`;

    it("without a delivery, the app's pinned public image", () => {
        expect(cartOf(selectApps(config()))).to.deep.equal(APPS.cart.image);
    });
    it("the digest a pipeline delivered, over the app's own image", () => {
        expect(cartOf(selectApps(config(), { cart: delivered }))).to.deep.equal({
            repository: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecommerce-platform-prod/cart", digest: DIGEST,
        });
    });
    it("an appImages pin (a rollback) over the delivered digest", () => {
        const pin = `registry.example.com/cart@sha256:${"cd".repeat(32)}`;
        expect(cartOf(selectApps(config({ appImages: { cart: pin } }), { cart: delivered }))).to.deep.equal({
            repository: "registry.example.com/cart", digest: `sha256:${"cd".repeat(32)}`,
        });
    });
    it("reads delivered parameters by service, and refuses one that is not by digest", () => {
        const path = "/ecommerce-platform/dev/images";
        expect(parseDeliveredImages(path, [`${path}/cart`], [delivered])).to.deep.equal({ cart: delivered });
        expect(() => parseDeliveredImages(path, [`${path}/cart`], ["repo/cart:latest"])).to.throw(ConfigError, /\/ecommerce-platform\/dev\/images\/cart: 'repo\/cart:latest' is not an image by digest/);
    });
});
