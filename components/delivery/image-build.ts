/**
 * ImageBuild (`platform:delivery:ImageBuild`): the CodeBuild project that builds one microservice's image, once per
 * commit, inside its pipeline.
 *
 * The buildspec (imageBuildspec, generated here) logs in to the registry, builds the source's Dockerfile, tags the
 * image with the commit sha (`SOURCE_COMMIT`, the pipeline's `#{Source.CommitId}`, else CodeBuild's resolved source
 * version) and pushes it. Tags are immutable: a commit already
 * built is not built again, its image is reused. It then reads the pushed image's **digest** from ECR and exports
 * `IMAGE_TAG`, `IMAGE_DIGEST` and `IMAGE_URI` (`<repository>@sha256:...`) as CodePipeline variables (and writes them
 * to `image.json`, the output artifact): the deploy and promote steps use that digest, never the tag.
 *
 * The project runs privileged (docker builds need it), is encrypted with the `pipeline` key, logs only to its own log
 * group (the `logs` key, the stack's retention); its role may push to and describe this repository only (plus the
 * registry's token, which has no resource), read and write its pipeline's artifact prefix only, and write its own log
 * streams only.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { checkKeyArn } from "../data/checks";
import { ArgsChecker, componentContext, isLogRetention, LOG_RETENTION_DAYS, Statement, Tags } from "../shared";
import { ArtifactAccess, CODEBUILD_COMPUTE_TYPES, CodeBuildComputeType, createBuildProject, PROJECT_NAME } from "./build-project";

/** What a build needs on its own repository to push and read back the digest. */
export const PUSH_ACTIONS = [
    "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
    "ecr:PutImage", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages",
];
/** The variables the build exports to the pipeline (`#{<namespace>.IMAGE_DIGEST}`). */
export const EXPORTED_VARIABLES = ["IMAGE_TAG", "IMAGE_DIGEST", "IMAGE_URI"] as const;

export const IMAGE_BUILD_DEFAULTS = {
    computeType: "BUILD_GENERAL1_SMALL" as CodeBuildComputeType,
    dockerfile: "Dockerfile",
    context: ".",
} as const;

export interface ImageBuildArgs {
    /** The CodeBuild project's name, such as `<project>-<stack>-<service>-image` (2-150 letters, digits, '-', '_'). */
    projectName: string;
    /** The service's repository: its ARN (the push grant) and URL (`<registry>/<name>`, what the build tags). */
    repository: { arn: pulumi.Input<string>; url: pulumi.Input<string>; name: pulumi.Input<string> };
    /** The pipeline's artifact bucket, its prefix there and the `pipeline` key (also the project's encryption key). */
    artifacts: ArtifactAccess;
    /** The `logs` domain key: encrypts the project's log group. */
    logsKmsKeyArn: pulumi.Input<string>;
    /** Days the log group keeps build logs, one of LOG_RETENTION_DAYS. */
    logRetentionDays: number;
    /** The platform's workload permissions boundary, on the project's role. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** The Dockerfile, relative to the source root. Defaults to `Dockerfile`. */
    dockerfile?: string;
    /** The docker build context, relative to the source root. Defaults to `.`. */
    context?: string;
    /** One of CODEBUILD_COMPUTE_TYPES. Defaults to BUILD_GENERAL1_SMALL. */
    computeType?: CodeBuildComputeType;
    /** Protect the log group (prod). Defaults to false. */
    protect?: boolean;
    /** Tags merged into the role, the log group and the project. */
    tags?: Tags;
}

const RELATIVE_PATH = /^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]+$/;

/** Throws a ComponentArgsError naming every bad field. */
export function validateImageBuildArgs(args: ImageBuildArgs): void {
    const check = new ArgsChecker("ImageBuild");
    check.require(typeof args.projectName === "string" && PROJECT_NAME.test(args.projectName), "projectName", args.projectName,
        "expected 2-150 letters, digits, '-' or '_', starting with a letter or digit");
    check.require(isLogRetention(args.logRetentionDays), "logRetentionDays", args.logRetentionDays, `expected one of: ${LOG_RETENTION_DAYS.join(", ")}`);
    if (args.computeType !== undefined) check.oneOf("computeType", args.computeType, CODEBUILD_COMPUTE_TYPES);
    for (const field of ["dockerfile", "context"] as const) {
        const v = args[field];
        if (v !== undefined) check.require(typeof v === "string" && RELATIVE_PATH.test(v), field, v, "expected a path relative to the source root, without '..'");
    }
    check.require(typeof args.artifacts?.prefix === "string" && /^[A-Za-z0-9._-]{1,20}$/.test(args.artifacts.prefix), "artifacts.prefix",
        args.artifacts?.prefix, "expected the pipeline's artifact prefix: 1-20 letters, digits, '.', '_' or '-'");
    checkKeyArn(check, "artifacts.kmsKeyArn", args.artifacts?.kmsKeyArn);
    checkKeyArn(check, "logsKmsKeyArn", args.logsKmsKeyArn);
    check.done();
}

/** The buildspec (pure): build and push by commit sha once, then export the pushed image's digest. */
export function imageBuildspec(dockerfile: string, context: string): string {
    const describe = `aws ecr describe-images --repository-name "$REPOSITORY_NAME" --image-ids imageTag="$IMAGE_TAG"`;
    return stringify({
        version: 0.2,
        env: { shell: "bash", "exported-variables": [...EXPORTED_VARIABLES] },
        phases: {
            pre_build: {
                "on-failure": "ABORT",
                commands: [
                    "export IMAGE_TAG=\"${SOURCE_COMMIT:-$CODEBUILD_RESOLVED_SOURCE_VERSION}\"",
                    "[[ \"$IMAGE_TAG\" =~ ^[0-9a-f]{7,64}$ ]] || { echo \"the source revision '$IMAGE_TAG' is not a commit sha\"; exit 1; }",
                    "REGISTRY=\"${REPOSITORY_URI%%/*}\"",
                    "aws ecr get-login-password --region \"$AWS_REGION\" | docker login --username AWS --password-stdin \"$REGISTRY\"",
                ],
            },
            build: {
                "on-failure": "ABORT",
                commands: [
                    `if ${describe} >/dev/null 2>&1; then echo "$IMAGE_TAG is built already: reusing it (tags are immutable)"; `
                    + `else docker build --file "${dockerfile}" --label "org.opencontainers.image.revision=$IMAGE_TAG" --tag "$REPOSITORY_URI:$IMAGE_TAG" "${context}" `
                    + "&& docker push \"$REPOSITORY_URI:$IMAGE_TAG\"; fi",
                ],
            },
            post_build: {
                commands: [
                    `export IMAGE_DIGEST="$(${describe} --query 'imageDetails[0].imageDigest' --output text)"`,
                    "[[ \"$IMAGE_DIGEST\" =~ ^sha256:[0-9a-f]{64}$ ]] || { echo \"no digest for $IMAGE_TAG\"; exit 1; }",
                    "export IMAGE_URI=\"$REPOSITORY_URI@$IMAGE_DIGEST\"",
                    "printf '{\"tag\":\"%s\",\"digest\":\"%s\",\"uri\":\"%s\"}\\n' \"$IMAGE_TAG\" \"$IMAGE_DIGEST\" \"$IMAGE_URI\" > image.json",
                ],
            },
        },
        artifacts: { files: ["image.json"] },
    });
}

/** The build's own grants (pure): the registry token, push and describe on its repository only. */
export function imageBuildStatements(repositoryArn: string): Statement[] {
    return [
        { Sid: "RegistryToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "PushToOwnRepository", Effect: "Allow", Action: PUSH_ACTIONS, Resource: repositoryArn },
    ];
}

export class ImageBuild extends pulumi.ComponentResource {
    readonly project: aws.codebuild.Project;
    readonly role: aws.iam.Role;
    readonly rolePolicy: aws.iam.RolePolicy;
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** The project's name (what the pipeline's Build action names). */
    readonly projectName: pulumi.Output<string>;
    readonly projectArn: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: ImageBuildArgs, opts?: pulumi.ComponentResourceOptions) {
        validateImageBuildArgs(args);
        super("platform:delivery:ImageBuild", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const d = { ...IMAGE_BUILD_DEFAULTS, ...definedOnly(args) };
        const parts = createBuildProject(ctx, name, {
            projectName: args.projectName,
            description: "Builds the service's image once per commit, pushes it by commit sha and exports its digest",
            buildspec: imageBuildspec(d.dockerfile, d.context),
            privileged: true,
            computeType: d.computeType,
            environmentVariables: { REPOSITORY_URI: args.repository.url, REPOSITORY_NAME: args.repository.name },
            artifacts: args.artifacts,
            logsKmsKeyArn: args.logsKmsKeyArn,
            logRetentionDays: args.logRetentionDays,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            statements: () => pulumi.output(args.repository.arn).apply(imageBuildStatements),
            protect: args.protect ?? false,
        });
        this.project = parts.project;
        this.role = parts.role;
        this.rolePolicy = parts.rolePolicy;
        this.logGroup = parts.logGroup;
        this.projectName = this.project.name;
        this.projectArn = this.project.arn;
        this.roleArn = this.role.arn;
        this.registerOutputs({ projectName: this.projectName, projectArn: this.projectArn, roleArn: this.roleArn });
    }
}

function definedOnly(args: ImageBuildArgs): Partial<typeof IMAGE_BUILD_DEFAULTS> {
    const out: Record<string, unknown> = {};
    for (const k of ["computeType", "dockerfile", "context"] as const) if (args[k] !== undefined) out[k] = args[k];
    return out;
}
