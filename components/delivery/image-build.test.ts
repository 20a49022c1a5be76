import { expect } from "chai";
import { parse } from "yaml";
import { ComponentArgsError } from "../shared/validate";
import { EXPORTED_VARIABLES, ImageBuild, ImageBuildArgs, PUSH_ACTIONS } from "./image-build";
import { ACCOUNT, BOUNDARY, BUCKET_ARN, LOGS_KEY, PIPELINE_KEY, REGION, record, statementsOf } from "./testing";

const REPO_ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/shop-prod/cart`;
const args = (over: Partial<ImageBuildArgs> = {}): ImageBuildArgs => ({
    projectName: "shop-prod-cart-image",
    repository: { arn: REPO_ARN, url: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/shop-prod/cart`, name: "shop-prod/cart" },
    artifacts: { bucketArn: BUCKET_ARN, prefix: "cart-shop-prod", kmsKeyArn: PIPELINE_KEY },
    logsKmsKeyArn: LOGS_KEY, logRetentionDays: 30, permissionsBoundaryArn: BOUNDARY, ...over,
});

describe("delivery/ImageBuild", () => {
    it("runs a privileged, CMK-encrypted project logging only to its own encrypted group", async () => {
        const rec = await record(() => new ImageBuild("cart-image", args()));
        const project = rec.resources.find((r) => r.type === "aws:codebuild/project:Project")!;
        const group = rec.resources.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")!;
        expect(project.inputs.encryptionKey).to.equal(PIPELINE_KEY);
        expect((project.inputs.environment as any).privilegedMode).to.equal(true);
        expect(project.inputs.logsConfig).to.deep.equal({ cloudwatchLogs: { status: "ENABLED", groupName: "/aws/codebuild/shop-prod-cart-image" }, s3Logs: { status: "DISABLED" } });
        expect(group.inputs).to.deep.include({ name: "/aws/codebuild/shop-prod-cart-image", kmsKeyId: LOGS_KEY, retentionInDays: 30 });
        const role = rec.resources.find((r) => r.type === "aws:iam/role:Role")!;
        expect(role.inputs.permissionsBoundary).to.equal(BOUNDARY);
        expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Condition.ArnLike["aws:SourceArn"])
            .to.equal(`arn:aws:codebuild:${REGION}:${ACCOUNT}:project/shop-prod-cart-image`);
    });
    it("builds by commit sha once, pushes, then exports the pushed image's digest", async () => {
        const rec = await record(() => new ImageBuild("cart-image", args()));
        const spec = parse((rec.resources.find((r) => r.type === "aws:codebuild/project:Project")!.inputs.source as any).buildspec);
        expect(spec.env["exported-variables"]).to.deep.equal([...EXPORTED_VARIABLES]);
        const all = [...spec.phases.pre_build.commands, ...spec.phases.build.commands, ...spec.phases.post_build.commands].join("\n");
        expect(all).to.include("docker push \"$REPOSITORY_URI:$IMAGE_TAG\"");
        expect(all).to.match(/IMAGE_DIGEST="\$\(aws ecr describe-images .*imageDigest/);
        expect(all).to.include("IMAGE_URI=\"$REPOSITORY_URI@$IMAGE_DIGEST\"");
        expect(spec.phases.build["on-failure"]).to.equal("ABORT");
        // Each exported variable is set as an environment variable (export), not a shell-local one.
        for (const v of EXPORTED_VARIABLES) expect(all, v).to.match(new RegExp(`^export ${v}=`, "m"));
    });
    it("may push only to its repository, and read/write only its artifact prefix and log group", async () => {
        const rec = await record(() => new ImageBuild("cart-image", args()));
        const s = statementsOf(rec.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")!.inputs.policy);
        expect(s.find((x) => x.Sid === "PushToOwnRepository")).to.deep.include({ Action: PUSH_ACTIONS, Resource: REPO_ARN });
        expect(s.find((x) => x.Sid === "PipelineArtifacts").Resource).to.equal(`${BUCKET_ARN}/cart-shop-prod/*`);
        expect(s.find((x) => x.Sid === "OwnLogs").Resource).to.match(/log-group:\/aws\/codebuild\/shop-prod-cart-image:\*$/);
        expect(s.filter((x) => x.Resource === "*").map((x) => x.Action)).to.deep.equal(["ecr:GetAuthorizationToken"]);
    });
    it("refuses bad arguments before registering anything", async () => {
        const rec = await record(() => {
            expect(() => new ImageBuild("bad", args({ projectName: "-x", logRetentionDays: 2, dockerfile: "../Dockerfile" })))
                .to.throw(ComponentArgsError, /projectName: '-x' is not allowed[\s\S]*logRetentionDays: '2' is not allowed[\s\S]*dockerfile: '..\/Dockerfile' is not allowed/);
        });
        expect(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
    });
});
