import { expect } from "chai";
import { parse } from "yaml";
import { ComponentArgsError } from "../shared/validate";
import { ServicePipeline, ServicePipelineArgs, PIPELINE_STAGES, deployBuildspec, imageParameterName } from "./service-pipeline";
import { ACCOUNT, BOUNDARY, BUCKET_ARN, LOGS_KEY, PIPELINE_KEY, REGION, record, statementsOf } from "./testing";

const CONNECTION = `arn:aws:codeconnections:${REGION}:${ACCOUNT}:connection/abc`;
const args = (over: Partial<ServicePipelineArgs> = {}): ServicePipelineArgs => ({
    pipelineName: "cart-shop-prod", service: "cart", project: "shop",
    source: { kind: "codeconnections", connectionArn: CONNECTION, repository: "acme/cart", branch: "main" },
    buildProjectName: "shop-prod-cart-image",
    artifacts: { bucketArn: BUCKET_ARN, bucketName: "shop-prod-artifacts-123456789012", prefix: "cart-shop-prod", kmsKeyArn: PIPELINE_KEY },
    logsKmsKeyArn: LOGS_KEY, logRetentionDays: 30, permissionsBoundaryArn: BOUNDARY, ...over,
});

async function build(a = args()) {
    const rec = await record(() => new ServicePipeline("cart-pipeline", a));
    const pipeline = rec.resources.find((r) => r.type === "aws:codepipeline/pipeline:Pipeline")!;
    const policies = rec.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
    return { rec, pipeline, policies, stages: pipeline.inputs.stages as any[] };
}

describe("delivery/ServicePipeline", () => {
    it("is a V2 pipeline: Source → Build → Deploy-dev → Approve-prod → Promote-prod, approval before prod", async () => {
        const { pipeline, stages } = await build();
        expect(pipeline.inputs.pipelineType).to.equal("V2");
        expect(stages.map((s) => s.name)).to.deep.equal([...PIPELINE_STAGES]);
        expect(stages[3].actions[0]).to.deep.include({ category: "Approval", provider: "Manual" });
        expect(stages[1].actions[0]).to.deep.include({ provider: "CodeBuild", namespace: "Build" });
        expect(stages[1].actions[0].configuration.ProjectName).to.equal("shop-prod-cart-image");
    });
    it("deploys and promotes the SAME digest (#{Build.IMAGE_URI}) into each environment's parameter", async () => {
        const { stages, rec } = await build();
        const projects = rec.resources.filter((r) => r.type === "aws:codebuild/project:Project");
        for (const [i, env] of [[2, "dev"], [4, "prod"]] as const) {
            const conf = stages[i].actions[0].configuration;
            expect(JSON.parse(conf.EnvironmentVariables)).to.deep.equal([{ name: "IMAGE_URI", value: "#{Build.IMAGE_URI}", type: "PLAINTEXT" }]);
            const project = projects.find((p) => p.inputs.name === conf.ProjectName)!;
            expect((project.inputs.environment as any).environmentVariables).to.deep.equal([
                { name: "PARAMETER_NAME", value: imageParameterName("shop", env, "cart"), type: "PLAINTEXT" }]);
        }
        const spec = parse(deployBuildspec());
        expect(spec.phases.build.commands.join("\n")).to.match(/put-parameter --name "\$PARAMETER_NAME" --type String --overwrite/);
    });
    it("sources from the connection, and the pipeline role may use only it, its three projects and its artifact prefix", async () => {
        const { stages, policies } = await build();
        expect(stages[0].actions[0]).to.deep.include({ provider: "CodeStarSourceConnection" });
        expect(stages[0].actions[0].configuration).to.deep.include({ ConnectionArn: CONNECTION, FullRepositoryId: "acme/cart", BranchName: "main" });
        const role = policies.find((p) => p.name === "cart-pipeline")!;
        const s = statementsOf(role.inputs.policy);
        expect(s.find((x) => x.Sid === "UseConnection").Resource).to.equal(CONNECTION);
        expect(s.find((x) => x.Sid === "RunOwnBuilds").Resource).to.deep.equal([
            `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/shop-prod-cart-image`,
            `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/cart-shop-prod-deploy-dev`,
            `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/cart-shop-prod-promote-prod`,
        ]);
        expect(s.find((x) => x.Sid === "OwnArtifacts").Resource).to.equal(`${BUCKET_ARN}/cart-shop-prod/*`);
    });
    it("a deploy project's role may put only its own environment's parameter", async () => {
        const { policies } = await build();
        for (const env of ["dev", "prod"]) {
            const s = statementsOf(policies.find((p) => p.name === `cart-pipeline-${env}`)!.inputs.policy);
            const ssm = s.filter((x) => String(x.Action).startsWith("ssm:"));
            expect(ssm).to.deep.equal([{ Sid: "WriteOwnImageParameter", Effect: "Allow", Action: "ssm:PutParameter",
                Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/shop/${env}/images/cart` }]);
        }
    });
    it("uses CodeCommit when the source says so, reading only that repository", async () => {
        const { stages, policies } = await build(args({ source: { kind: "codecommit", repository: "cart", branch: "release" } }));
        expect(stages[0].actions[0]).to.deep.include({ provider: "CodeCommit" });
        const s = statementsOf(policies.find((p) => p.name === "cart-pipeline")!.inputs.policy);
        expect(s.find((x) => x.Sid === "ReadRepository").Resource).to.equal(`arn:aws:codecommit:${REGION}:${ACCOUNT}:cart`);
    });
    it("encrypts the artifact store with the pipeline key", async () => {
        const { pipeline } = await build();
        expect(pipeline.inputs.artifactStores).to.deep.equal([{ location: "shop-prod-artifacts-123456789012", type: "S3", encryptionKey: { id: PIPELINE_KEY, type: "KMS" } }]);
    });
    it("refuses an artifact prefix that is not the pipeline name's first 20 characters, and a bad repository, before registering", async () => {
        const rec = await record(() => {
            expect(() => new ServicePipeline("bad", args({
                pipelineName: "recommendations-shop-prod",
                source: { kind: "codeconnections", connectionArn: CONNECTION, repository: "no-owner", branch: "main" },
            }))).to.throw(ComponentArgsError, /artifacts.prefix: 'cart-shop-prod' is not allowed; expected 'recommendations-shop'[\s\S]*source.repository: 'no-owner' is not allowed; expected 'owner\/name'/);
        });
        expect(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
    });
});
