/**
 * What every CodeBuild project of the delivery layer is made of (ImageBuild's image build, ServicePipeline's deploy
 * projects): its own role (trusted by CodeBuild of this account for this project only, with the workload permissions
 * boundary), one inline policy of exact grants, its own encrypted log group created before the project, and the
 * project itself (encrypted with the pipeline key, artifacts from and to CodePipeline, logs to that group only, no S3
 * logs). Pure statement builders are exported for the tests.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ComponentContext, policyJson, serviceTrustPolicy, Statement } from "../shared";

/** The CodeBuild image the projects run (Amazon Linux 2023 standard image: docker, AWS CLI, git). */
export const CODEBUILD_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";
/** Compute types a project may use. */
export const CODEBUILD_COMPUTE_TYPES = ["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE"] as const;
export type CodeBuildComputeType = (typeof CODEBUILD_COMPUTE_TYPES)[number];
/** CodeBuild project names: 2-150 letters, digits, '-' or '_', starting with a letter or digit. */
export const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,149}$/;

/** The project's log group name. */
export function buildLogGroupName(projectName: string): string {
    return `/aws/codebuild/${projectName}`;
}

/** Where a project reads and writes the pipeline's artifacts: one prefix of the artifact bucket, and the bucket's key. */
export interface ArtifactAccess {
    /** The artifact bucket's ARN. */
    bucketArn: pulumi.Input<string>;
    /** The pipeline's prefix in the bucket (CodePipeline keys artifacts by the pipeline name's first 20 characters). */
    prefix: string;
    /** The `pipeline` key that encrypts the bucket and the project's output. */
    kmsKeyArn: pulumi.Input<string>;
}

/** The statements every project needs: its own log streams, its pipeline's artifacts under one prefix, the pipeline key. */
export function baseBuildStatements(logGroupArn: string, artifacts: { bucketArn: string; prefix: string; kmsKeyArn: string }, region: string): Statement[] {
    return [
        { Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:*` },
        {
            Sid: "PipelineArtifacts", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
            Resource: `${artifacts.bucketArn}/${artifacts.prefix}/*`,
        },
        { Sid: "ArtifactBucketLocation", Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:GetBucketAcl"], Resource: artifacts.bucketArn },
        {
            Sid: "PipelineKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: artifacts.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": [`s3.${region}.amazonaws.com`, `codebuild.${region}.amazonaws.com`] } },
        },
    ];
}

export interface BuildProjectSpec {
    /** The project's name (PROJECT_NAME). */
    projectName: string;
    description: string;
    /** The buildspec (YAML text). */
    buildspec: string;
    /** Run docker (privileged mode). */
    privileged: boolean;
    computeType: CodeBuildComputeType;
    environmentVariables?: Record<string, pulumi.Input<string>>;
    artifacts: ArtifactAccess;
    logsKmsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    permissionsBoundaryArn: pulumi.Input<string>;
    /** The project's own grants, beyond the base statements. */
    statements: (region: string, partition: string, accountId: string) => pulumi.Input<Statement[]>;
    protect: boolean;
}

export interface BuildProjectParts {
    role: aws.iam.Role;
    rolePolicy: aws.iam.RolePolicy;
    logGroup: aws.cloudwatch.LogGroup;
    project: aws.codebuild.Project;
}

/** Create the role, its policy, the log group and the project, children of `ctx.parent`, named `<name>`. */
export function createBuildProject(ctx: ComponentContext, name: string, spec: BuildProjectSpec): BuildProjectParts {
    const parent = { parent: ctx.parent };
    const projectArn = pulumi.interpolate`arn:${ctx.partition}:codebuild:${ctx.region}:${ctx.accountId}:project/${spec.projectName}`;
    const role = new aws.iam.Role(name, {
        description: `Service role of the CodeBuild project ${spec.projectName}`,
        assumeRolePolicy: serviceTrustPolicy("codebuild.amazonaws.com", ctx.accountId, projectArn),
        permissionsBoundary: spec.permissionsBoundaryArn,
        tags: ctx.tags({ Name: spec.projectName }),
    }, parent);
    const logGroup = new aws.cloudwatch.LogGroup(name, {
        name: buildLogGroupName(spec.projectName),
        retentionInDays: spec.logRetentionDays,
        kmsKeyId: spec.logsKmsKeyArn,
        tags: ctx.tags({ Name: buildLogGroupName(spec.projectName) }),
    }, { ...parent, protect: spec.protect });
    const policy = pulumi.all([logGroup.arn, spec.artifacts.bucketArn, spec.artifacts.kmsKeyArn, ctx.region, ctx.partition, ctx.accountId])
        .apply(([logArn, bucketArn, keyArn, region, partition, accountId]) => pulumi.output(spec.statements(region, partition, accountId))
            .apply((own) => [...baseBuildStatements(logArn, { bucketArn, prefix: spec.artifacts.prefix, kmsKeyArn: keyArn }, region), ...own]));
    const rolePolicy = new aws.iam.RolePolicy(name, {
        role: role.name,
        policy: policy.apply((statements) => policyJson(statements)),
    }, parent);
    const project = new aws.codebuild.Project(name, {
        name: spec.projectName,
        description: spec.description,
        serviceRole: role.arn,
        encryptionKey: spec.artifacts.kmsKeyArn,
        source: { type: "CODEPIPELINE", buildspec: spec.buildspec },
        artifacts: { type: "CODEPIPELINE" },
        environment: {
            type: "LINUX_CONTAINER",
            computeType: spec.computeType,
            image: CODEBUILD_IMAGE,
            imagePullCredentialsType: "CODEBUILD",
            privilegedMode: spec.privileged,
            environmentVariables: Object.entries(spec.environmentVariables ?? {}).map(([k, value]) => ({ name: k, value, type: "PLAINTEXT" })),
        },
        logsConfig: {
            cloudwatchLogs: { status: "ENABLED", groupName: logGroup.name },
            s3Logs: { status: "DISABLED" },
        },
        buildTimeout: 60,
        queuedTimeout: 120,
        tags: ctx.tags({ Name: spec.projectName }),
    }, { ...parent, dependsOn: [rolePolicy] });
    return { role, rolePolicy, logGroup, project };
}
