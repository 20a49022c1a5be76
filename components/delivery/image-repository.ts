/**
 * ImageRepository (`platform:delivery:ImageRepository`): the ECR repository of one microservice's images.
 *
 * - IMMUTABLE tags: a tag (the commit sha) names one image forever, so "what runs" is never rewritten under a tag;
 *   the stacks run images by digest anyway (build once, promote the same digest).
 * - scan on push (basic scanning); findings are in ECR and Security Hub.
 * - SSE-KMS with the security layer's `pipeline` key (the delivery artifacts' domain: its key policy already admits
 *   use through ECR, CodeBuild, CodePipeline and S3 for this account, so no new key or key-policy edit is needed).
 * - a lifecycle policy: untagged images (left behind by failed pushes) expire after a day; of the tagged images the
 *   newest `imageRetention` are kept (a rollback can go back that many builds).
 * - a repository policy that admits only this account to pull (another account's principals would need this policy
 *   to name them, so they are refused whatever their own policies say); inside the account a principal still needs an
 *   identity grant (the nodes' role, ImageBuild's role). The policy grants no push: only ImageBuild's role may push,
 *   by its own grant on this repository alone.
 *
 * In prod (`protect`) the repository is protected: its images are what prod runs, and `forceDelete` is never set.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkKeyArn } from "../data/checks";
import { ArgsChecker, componentContext, policyJson, Tags } from "../shared";

/** How many tagged images a repository may keep (ECR lifecycle `countNumber`). */
export const IMAGE_RETENTION = { min: 1, max: 1000 } as const;
/** Days an untagged image is kept. */
export const UNTAGGED_EXPIRY_DAYS = 1;
/** ECR repository names: lowercase path segments. */
const REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
/** What a puller needs on the repository (the registry token is an identity grant on "*"). */
export const PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

export interface ImageRepositoryArgs {
    /** The repository's name, such as `<project>-<stack>/<service>` (2-256 lowercase path segments). Changing it replaces the repository. */
    repositoryName: string;
    /** The `pipeline` domain's customer-managed KMS key ARN: encrypts the images. */
    kmsKeyArn: pulumi.Input<string>;
    /** Tagged images kept, 1-1000 (older ones expire). Untagged images always expire after a day. */
    imageRetention: number;
    /** Protect the repository (prod). Defaults to false. */
    protect?: boolean;
    /** Tags merged into the repository's. */
    tags?: Tags;
}

/** Throws a ComponentArgsError naming every bad field. */
export function validateImageRepositoryArgs(args: ImageRepositoryArgs): void {
    const check = new ArgsChecker("ImageRepository");
    check.require(typeof args.repositoryName === "string" && args.repositoryName.length >= 2 && args.repositoryName.length <= 256
        && REPOSITORY_NAME.test(args.repositoryName), "repositoryName", args.repositoryName,
    "expected 2-256 lowercase letters, digits, '.', '_', '-' in '/'-separated segments");
    check.integer("imageRetention", args.imageRetention, IMAGE_RETENTION.min, IMAGE_RETENTION.max);
    checkKeyArn(check, "kmsKeyArn", args.kmsKeyArn);
    check.done();
}

/** The lifecycle policy (pure): untagged images expire first, then tagged ones beyond `keep`. */
export function lifecyclePolicy(keep: number): string {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1, description: `Expire untagged images after ${UNTAGGED_EXPIRY_DAYS} day`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: UNTAGGED_EXPIRY_DAYS },
                action: { type: "expire" },
            },
            {
                rulePriority: 2, description: `Keep the newest ${keep} tagged images`,
                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
                action: { type: "expire" },
            },
        ],
    });
}

export class ImageRepository extends pulumi.ComponentResource {
    readonly repository: aws.ecr.Repository;
    readonly lifecycle: aws.ecr.LifecyclePolicy;
    readonly policy: aws.ecr.RepositoryPolicy;
    /** The repository's ARN (what a push grant names). */
    readonly arn: pulumi.Output<string>;
    /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
    readonly url: pulumi.Output<string>;
    /** The repository's name. */
    readonly name: pulumi.Output<string>;

    constructor(name: string, args: ImageRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        validateImageRepositoryArgs(args);
        super("platform:delivery:ImageRepository", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const protect = args.protect ?? false;
        this.repository = new aws.ecr.Repository(name, {
            name: args.repositoryName,
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
            tags: ctx.tags({ Name: args.repositoryName }),
        }, { parent: this, protect });
        this.lifecycle = new aws.ecr.LifecyclePolicy(name, {
            repository: this.repository.name,
            policy: lifecyclePolicy(args.imageRetention),
        }, { parent: this });
        this.policy = new aws.ecr.RepositoryPolicy(name, {
            repository: this.repository.name,
            policy: policyJson([{
                Sid: "PullFromThisAccountOnly",
                Effect: "Allow",
                Principal: { AWS: pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:root` },
                Action: PULL_ACTIONS,
            }]),
        }, { parent: this });
        this.arn = this.repository.arn;
        this.url = this.repository.repositoryUrl;
        this.name = this.repository.name;
        this.registerOutputs({ arn: this.arn, url: this.url, name: this.name });
    }
}
