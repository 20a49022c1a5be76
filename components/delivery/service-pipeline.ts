/**
 * ServicePipeline (`platform:delivery:ServicePipeline`): one microservice's CodePipeline (V2), build once and promote
 * the same digest:
 *
 *   Source (a CodeConnections connection to the service's Git repository, or CodeCommit)
 *   → Build (the service's ImageBuild: pushes `<commit sha>`, exports `#{Build.IMAGE_URI}` = `<repository>@sha256:...`)
 *   → Deploy-dev (writes that URI into `/<project>/dev/images/<service>`)
 *   → Approve-prod (a manual approval showing the digest)
 *   → Promote-prod (writes the SAME URI into `/<project>/prod/images/<service>`).
 *
 * Deploy and promote are CodeBuild projects of their own whose role may do one thing beyond its logs and artifacts:
 * `ssm:PutParameter` on its one parameter. The stack program reads those parameters (stacks/delivered-images.ts) and
 * `pulumi up` of that environment rolls the digest out through the platform's Microservice component, so every
 * guardrail of the platform applies to what the pipeline ships (README "Delivery").
 *
 * The pipeline's role may read the source (the connection, or the CodeCommit repository), start and watch its three
 * CodeBuild projects, and read/write its own prefix of the artifact bucket with the `pipeline` key. Nothing else.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { checkKeyArn } from "../data/checks";
import { ArgsChecker, componentContext, isLogRetention, LOG_RETENTION_DAYS, policyJson, serviceTrustPolicy, Statement, Tags } from "../shared";
import { ArtifactAccess, BuildProjectParts, createBuildProject } from "./build-project";

/** The pipeline's stages, in order. */
export const PIPELINE_STAGES = ["Source", "Build", "Deploy-dev", "Approve-prod", "Promote-prod"] as const;
/** CodePipeline keys a pipeline's artifacts by the first 20 characters of its name. */
export const ARTIFACT_PREFIX_LENGTH = 20;
/** The environments a pipeline deploys to, in order. */
export const DELIVERY_ENVIRONMENTS = ["dev", "prod"] as const;
export type DeliveryEnvironment = (typeof DELIVERY_ENVIRONMENTS)[number];

/** Where a service's code comes from. */
export type PipelineSource =
    | {
        /** A Git provider (GitHub, GitLab, Bitbucket) through an AWS CodeConnections connection. */
        kind: "codeconnections";
        /** The connection's ARN (it must be authorised once in the console before the first run). */
        connectionArn: pulumi.Input<string>;
        /** `owner/name` of the repository. */
        repository: string;
        /** The branch that ships. */
        branch: string;
    }
    | {
        /** An AWS CodeCommit repository (closed to new AWS customers since 2024: for accounts that have one). */
        kind: "codecommit";
        /** The CodeCommit repository's name. */
        repository: string;
        /** The branch that ships. */
        branch: string;
    };

export interface ServicePipelineArgs {
    /** The pipeline's name, service first (`<service>-<project>-<stack>`): its first 20 characters are its artifact prefix. */
    pipelineName: string;
    /** The microservice (the last segment of its image parameters). */
    service: string;
    /** The project's name: parameters are `/<project>/<environment>/images/<service>`. */
    project: string;
    /** Where the code comes from. */
    source: PipelineSource;
    /** The service's ImageBuild project name. */
    buildProjectName: pulumi.Input<string>;
    /** The artifact bucket (its ARN and name), the `pipeline` key; the prefix must be the pipeline name's first 20 characters. */
    artifacts: ArtifactAccess & { bucketName: pulumi.Input<string> };
    /** The `logs` domain key: encrypts the deploy projects' log groups. */
    logsKmsKeyArn: pulumi.Input<string>;
    /** Days the deploy projects' log groups keep logs, one of LOG_RETENTION_DAYS. */
    logRetentionDays: number;
    /** The platform's workload permissions boundary, on every role. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Protect the log groups (prod). Defaults to false. */
    protect?: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

/** The image parameter of a service in an environment. */
export function imageParameterName(project: string, environment: string, service: string): string {
    return `/${project}/${environment}/images/${service}`;
}

/** The artifact prefix CodePipeline uses for a pipeline name. */
export function artifactPrefix(pipelineName: string): string {
    return pipelineName.slice(0, ARTIFACT_PREFIX_LENGTH);
}

/** Throws a ComponentArgsError naming every bad field. */
export function validateServicePipelineArgs(args: ServicePipelineArgs): void {
    const check = new ArgsChecker("ServicePipeline");
    check.require(typeof args.pipelineName === "string" && /^[A-Za-z0-9.@_-]{1,100}$/.test(args.pipelineName), "pipelineName",
        args.pipelineName, "expected 1-100 letters, digits, '.', '@', '_' or '-'");
    check.name("service", args.service);
    check.name("project", args.project);
    check.require(args.artifacts?.prefix === artifactPrefix(String(args.pipelineName)), "artifacts.prefix", args.artifacts?.prefix,
        `expected '${artifactPrefix(String(args.pipelineName))}', the first ${ARTIFACT_PREFIX_LENGTH} characters of the pipeline name (where CodePipeline keeps its artifacts)`);
    check.oneOf("source.kind", args.source?.kind, ["codeconnections", "codecommit"]);
    const repo = args.source?.repository;
    if (args.source?.kind === "codeconnections") {
        check.require(typeof repo === "string" && /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo), "source.repository", repo, "expected 'owner/name'");
    } else if (args.source?.kind === "codecommit") {
        check.require(typeof repo === "string" && /^[A-Za-z0-9_.-]{1,100}$/.test(repo), "source.repository", repo, "expected a CodeCommit repository name");
    }
    check.require(typeof args.source?.branch === "string" && /^[A-Za-z0-9._/-]{1,255}$/.test(args.source.branch), "source.branch",
        args.source?.branch, "expected a branch name");
    check.require(isLogRetention(args.logRetentionDays), "logRetentionDays", args.logRetentionDays, `expected one of: ${LOG_RETENTION_DAYS.join(", ")}`);
    checkKeyArn(check, "artifacts.kmsKeyArn", args.artifacts?.kmsKeyArn);
    checkKeyArn(check, "logsKmsKeyArn", args.logsKmsKeyArn);
    check.done();
}

/** The deploy/promote buildspec (pure): write the digest-pinned image URI into the environment's parameter. */
export function deployBuildspec(): string {
    return stringify({
        version: 0.2,
        env: { shell: "bash" },
        phases: {
            build: {
                commands: [
                    "[[ \"$IMAGE_URI\" =~ ^[a-z0-9.-]+/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$ ]] || { echo \"'$IMAGE_URI' is not an image by digest\"; exit 1; }",
                    "aws ssm put-parameter --name \"$PARAMETER_NAME\" --type String --overwrite --value \"$IMAGE_URI\"",
                    "echo \"$PARAMETER_NAME = $IMAGE_URI: pulumi up of this environment rolls it out\"",
                ],
            },
        },
    });
}

/** A deploy project's own grant (pure): put its one parameter. */
export function deployStatements(parameterArn: string): Statement[] {
    return [{ Sid: "WriteOwnImageParameter", Effect: "Allow", Action: "ssm:PutParameter", Resource: parameterArn }];
}

/** The pipeline role's statements (pure). */
export function pipelineStatements(p: {
    source: { kind: "codeconnections"; connectionArn: string } | { kind: "codecommit"; repositoryArn: string };
    projectArns: string[]; bucketArn: string; prefix: string; kmsKeyArn: string; region: string;
}): Statement[] {
    const source: Statement = p.source.kind === "codeconnections"
        ? { Sid: "UseConnection", Effect: "Allow", Action: ["codeconnections:UseConnection", "codestar-connections:UseConnection"], Resource: p.source.connectionArn }
        : {
            Sid: "ReadRepository", Effect: "Allow", Resource: p.source.repositoryArn,
            Action: ["codecommit:GetBranch", "codecommit:GetCommit", "codecommit:UploadArchive", "codecommit:GetUploadArchiveStatus", "codecommit:CancelUploadArchive"],
        };
    return [
        source,
        { Sid: "RunOwnBuilds", Effect: "Allow", Action: ["codebuild:StartBuild", "codebuild:BatchGetBuilds"], Resource: p.projectArns },
        { Sid: "OwnArtifacts", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"], Resource: `${p.bucketArn}/${p.prefix}/*` },
        { Sid: "ArtifactBucket", Effect: "Allow", Action: ["s3:GetBucketVersioning", "s3:GetBucketLocation"], Resource: p.bucketArn },
        {
            Sid: "PipelineKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: p.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${p.region}.amazonaws.com` } },
        },
    ];
}

export class ServicePipeline extends pulumi.ComponentResource {
    readonly pipeline: aws.codepipeline.Pipeline;
    readonly role: aws.iam.Role;
    readonly rolePolicy: aws.iam.RolePolicy;
    /** The deploy (dev) and promote (prod) projects, by environment. */
    readonly deploys: Record<DeliveryEnvironment, BuildProjectParts>;
    readonly pipelineName: pulumi.Output<string>;
    readonly pipelineArn: pulumi.Output<string>;
    /** The parameters the pipeline writes, by environment. */
    readonly imageParameters: Record<DeliveryEnvironment, string>;

    constructor(name: string, args: ServicePipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        validateServicePipelineArgs(args);
        super("platform:delivery:ServicePipeline", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const parent = { parent: this };
        const params = Object.fromEntries(DELIVERY_ENVIRONMENTS.map((env) => [env, imageParameterName(args.project, env, args.service)])) as Record<DeliveryEnvironment, string>;
        this.imageParameters = params;

        this.deploys = Object.fromEntries(DELIVERY_ENVIRONMENTS.map((env) => {
            const projectName = `${args.pipelineName}-${env === "dev" ? "deploy" : "promote"}-${env}`.slice(0, 150);
            const parts = createBuildProject(ctx, `${name}-${env}`, {
                projectName,
                description: `Writes the built image's digest into ${params[env]} (${env})`,
                buildspec: deployBuildspec(),
                privileged: false,
                computeType: "BUILD_GENERAL1_SMALL",
                environmentVariables: { PARAMETER_NAME: params[env] },
                artifacts: args.artifacts,
                logsKmsKeyArn: args.logsKmsKeyArn,
                logRetentionDays: args.logRetentionDays,
                permissionsBoundaryArn: args.permissionsBoundaryArn,
                statements: (region, partition, accountId) => deployStatements(`arn:${partition}:ssm:${region}:${accountId}:parameter${params[env]}`),
                protect: args.protect ?? false,
            });
            return [env, parts];
        })) as Record<DeliveryEnvironment, BuildProjectParts>;

        const pipelineArn = pulumi.interpolate`arn:${ctx.partition}:codepipeline:${ctx.region}:${ctx.accountId}:${args.pipelineName}`;
        this.role = new aws.iam.Role(name, {
            description: `Service role of the ${args.pipelineName} pipeline`,
            assumeRolePolicy: serviceTrustPolicy("codepipeline.amazonaws.com", ctx.accountId, pipelineArn),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags: ctx.tags({ Name: args.pipelineName }),
        }, parent);
        const buildProjectArn = pulumi.interpolate`arn:${ctx.partition}:codebuild:${ctx.region}:${ctx.accountId}:project/${args.buildProjectName}`;
        const src = args.source;
        type SourceRef = Parameters<typeof pipelineStatements>[0]["source"];
        const sourceRef: pulumi.Output<SourceRef> = src.kind === "codeconnections"
            ? pulumi.output(src.connectionArn).apply((connectionArn): SourceRef => ({ kind: "codeconnections", connectionArn }))
            : pulumi.interpolate`arn:${ctx.partition}:codecommit:${ctx.region}:${ctx.accountId}:${src.repository}`.apply((repositoryArn): SourceRef => ({ kind: "codecommit", repositoryArn }));
        this.rolePolicy = new aws.iam.RolePolicy(name, {
            role: this.role.name,
            policy: pulumi.all([sourceRef, buildProjectArn, this.deploys.dev.project.arn, this.deploys.prod.project.arn,
                args.artifacts.bucketArn, args.artifacts.kmsKeyArn, ctx.region])
                .apply(([source, build, dev, prod, bucketArn, kmsKeyArn, region]) => policyJson(pipelineStatements({
                    source, projectArns: [build, dev, prod], bucketArn, prefix: args.artifacts.prefix, kmsKeyArn, region,
                }))),
        }, parent);

        const envVars = (vars: Record<string, string>) => JSON.stringify(Object.entries(vars).map(([n, value]) => ({ name: n, value, type: "PLAINTEXT" })));
        const sourceAction: aws.types.input.codepipeline.PipelineStageAction = src.kind === "codeconnections"
            ? {
                name: "Source", category: "Source", owner: "AWS", provider: "CodeStarSourceConnection", version: "1", namespace: "Source",
                outputArtifacts: ["source"],
                configuration: {
                    ConnectionArn: src.connectionArn, FullRepositoryId: src.repository, BranchName: src.branch,
                    OutputArtifactFormat: "CODE_ZIP", DetectChanges: "true",
                },
            }
            : {
                name: "Source", category: "Source", owner: "AWS", provider: "CodeCommit", version: "1", namespace: "Source",
                outputArtifacts: ["source"],
                configuration: { RepositoryName: src.repository, BranchName: src.branch, PollForSourceChanges: "true" },
            };
        const deployAction = (env: DeliveryEnvironment) => ({
            name: env === "dev" ? "Deploy" : "Promote", category: "Build", owner: "AWS", provider: "CodeBuild", version: "1",
            inputArtifacts: ["image"],
            configuration: { ProjectName: this.deploys[env].project.name, EnvironmentVariables: envVars({ IMAGE_URI: "#{Build.IMAGE_URI}" }) },
        });
        this.pipeline = new aws.codepipeline.Pipeline(name, {
            name: args.pipelineName,
            pipelineType: "V2",
            executionMode: "QUEUED",
            roleArn: this.role.arn,
            artifactStores: [{ location: args.artifacts.bucketName, type: "S3", encryptionKey: { id: args.artifacts.kmsKeyArn, type: "KMS" } }],
            stages: [
                { name: "Source", actions: [sourceAction] },
                {
                    name: "Build", actions: [{
                        name: "Image", category: "Build", owner: "AWS", provider: "CodeBuild", version: "1", namespace: "Build",
                        inputArtifacts: ["source"], outputArtifacts: ["image"],
                        configuration: { ProjectName: args.buildProjectName, EnvironmentVariables: envVars({ SOURCE_COMMIT: "#{Source.CommitId}" }) },
                    }],
                },
                { name: "Deploy-dev", actions: [deployAction("dev")] },
                {
                    name: "Approve-prod", actions: [{
                        name: "Approve", category: "Approval", owner: "AWS", provider: "Manual", version: "1",
                        configuration: { CustomData: `Promote ${args.service} #{Build.IMAGE_URI} (commit #{Source.CommitId}), running in dev, to prod` },
                    }],
                },
                { name: "Promote-prod", actions: [deployAction("prod")] },
            ],
            tags: ctx.tags({ Name: args.pipelineName }),
        }, { ...parent, dependsOn: [this.rolePolicy] });
        this.pipelineName = this.pipeline.name;
        this.pipelineArn = this.pipeline.arn;
        this.registerOutputs({ pipelineName: this.pipelineName, pipelineArn: this.pipelineArn, imageParameters: this.imageParameters });
    }
}
