/**
 * DeliveryLayer (`platform:delivery:DeliveryLayer`): build once, promote by digest. With `delivery: pipelines`, for
 * every microservice named in `sourceRepositories`: an ImageRepository, an ImageBuild and a ServicePipeline, sharing
 * one artifact bucket (the data layer's Bucket: SSE-KMS with the `pipeline` key, TLS-only, access-logged; each
 * pipeline reads and writes only its own prefix) and, when any service's code is on a Git provider, one CodeConnections
 * connection (GitHub; authorised once in the console, it stays PENDING until then and the pipelines' Source fails).
 * With `delivery: off` it creates nothing.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Bucket } from "../data/bucket";
import { ArgsChecker, componentContext, isLogRetention, LOG_RETENTION_DAYS, Tags } from "../shared";
import { DeliveryConfig } from "./config";
import { ImageBuild } from "./image-build";
import { ImageRepository } from "./image-repository";
import { artifactPrefix, ServicePipeline } from "./service-pipeline";

/** Days pipeline artifacts (source zips, image.json) are kept. */
export const ARTIFACT_EXPIRY_DAYS = 30;

export interface DeliveryLayerArgs {
    /** The delivery section of the stack config. */
    config: DeliveryConfig;
    /** The project's name: image parameters are `/<project>/<environment>/images/<service>`. */
    project: string;
    /** `<project>-<stack>`: prefixes every physical name. */
    namePrefix: string;
    /** The microservices that may have a pipeline (the apps of `apps/`): a `sourceRepositories` key must be one. */
    services: readonly string[];
    /** The `pipeline` key (repositories, builds, artifacts) and the `logs` key (build log groups). */
    keys: { pipeline: pulumi.Input<string>; logs: pulumi.Input<string> };
    /** Days the build log groups keep logs, one of LOG_RETENTION_DAYS. */
    logRetentionDays: number;
    /** The platform's workload permissions boundary, on every role. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** The platform's access-log bucket: the artifact bucket's server access logs go there. */
    accessLogBucketName: pulumi.Input<string>;
    /** Protect the repositories, the artifact bucket and the log groups (prod). Defaults to false. */
    protect?: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

/** One service's delivery. */
export interface ServiceDelivery {
    repository: ImageRepository;
    build: ImageBuild;
    pipeline: ServicePipeline;
}

/** The pipeline's name for a service: the service first, so that the first 20 characters (its artifact prefix) differ. */
export function pipelineNameOf(service: string, namePrefix: string): string {
    return `${service}-${namePrefix}`;
}

/** Throws a ComponentArgsError naming every bad field. */
export function validateDeliveryLayerArgs(args: DeliveryLayerArgs): void {
    const check = new ArgsChecker("DeliveryLayer");
    check.require(isLogRetention(args.logRetentionDays), "logRetentionDays", args.logRetentionDays, `expected one of: ${LOG_RETENTION_DAYS.join(", ")}`);
    const prefixes = new Map<string, string>();
    for (const service of Object.keys(args.config.sourceRepositories)) {
        check.require(args.services.includes(service), `config.sourceRepositories.${service}`, service,
            `expected a microservice of apps/: ${args.services.join(", ")}`);
        const prefix = artifactPrefix(pipelineNameOf(service, args.namePrefix));
        check.require(!prefixes.has(prefix), `config.sourceRepositories.${service}`, service,
            `its pipeline's artifact prefix '${prefix}' is the same as ${prefixes.get(prefix)}'s: service names must differ in their first characters`);
        prefixes.set(prefix, service);
    }
    if (args.config.delivery === "pipelines") {
        check.require(Object.keys(args.config.sourceRepositories).length > 0, "config.sourceRepositories", args.config.sourceRepositories,
            "expected at least one service's repository when delivery is 'pipelines'");
    }
    check.done();
}

export class DeliveryLayer extends pulumi.ComponentResource {
    /** Per service, when delivery is on. */
    readonly services: Record<string, ServiceDelivery>;
    /** The artifact bucket, when delivery is on. */
    readonly artifacts?: Bucket;
    /** The Git connection, when a service's code is on a Git provider. */
    readonly connection?: aws.codeconnections.Connection;
    /** Repository URLs by service. */
    readonly repositoryUrls: Record<string, pulumi.Output<string>>;
    /** Pipeline names by service. */
    readonly pipelineNames: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: DeliveryLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        validateDeliveryLayerArgs(args);
        super("platform:delivery:DeliveryLayer", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const parent = { parent: this };
        const p = args.namePrefix;
        const protect = args.protect ?? false;
        this.services = {};
        const sources = args.config.delivery === "pipelines" ? Object.entries(args.config.sourceRepositories) : [];
        if (sources.length) {
            this.artifacts = new Bucket(`${p}-artifacts`, {
                bucketName: pulumi.interpolate`${p}-artifacts-${ctx.accountId}`,
                purpose: "pipeline-artifacts",
                kmsKeyArn: args.keys.pipeline,
                accessLogs: { bucketName: args.accessLogBucketName, prefix: "pipeline-artifacts/" },
                lifecycle: { expirationDays: ARTIFACT_EXPIRY_DAYS, noncurrentVersionExpirationDays: 7 },
                protect,
                tags: args.tags,
            }, parent);
            if (sources.some(([, s]) => s.provider === "codeconnections")) {
                this.connection = new aws.codeconnections.Connection(`${p}-git`, {
                    name: `${p}-git`.slice(0, 32),
                    providerType: "GitHub",
                    tags: ctx.tags({ Name: `${p}-git` }),
                }, parent);
            }
        }
        for (const [service, source] of sources) {
            const pipelineName = pipelineNameOf(service, p);
            const artifacts = { bucketArn: this.artifacts!.arn, bucketName: this.artifacts!.name, prefix: artifactPrefix(pipelineName), kmsKeyArn: args.keys.pipeline };
            const repository = new ImageRepository(`${p}-${service}-images`, {
                repositoryName: `${p}/${service}`,
                kmsKeyArn: args.keys.pipeline,
                imageRetention: args.config.imageRetention,
                protect,
                tags: args.tags,
            }, parent);
            // What the image build and the pipeline (its deploy and promote projects) share.
            const buildArgs = {
                artifacts, logsKmsKeyArn: args.keys.logs, logRetentionDays: args.logRetentionDays,
                permissionsBoundaryArn: args.permissionsBoundaryArn, protect, tags: args.tags,
            };
            const build = new ImageBuild(`${p}-${service}-image`, {
                projectName: `${p}-${service}-image`,
                repository: { arn: repository.arn, url: repository.url, name: repository.name },
                ...buildArgs,
            }, parent);
            const pipeline = new ServicePipeline(`${p}-${service}-pipeline`, {
                pipelineName,
                service,
                project: args.project,
                source: source.provider === "codeconnections"
                    ? { kind: "codeconnections", connectionArn: this.connection!.arn, repository: source.repository, branch: source.branch }
                    : { kind: "codecommit", repository: source.repository, branch: source.branch },
                buildProjectName: build.projectName,
                ...buildArgs,
            }, parent);
            this.services[service] = { repository, build, pipeline };
        }
        this.repositoryUrls = Object.fromEntries(Object.entries(this.services).map(([s, d]) => [s, d.repository.url]));
        this.pipelineNames = Object.fromEntries(Object.entries(this.services).map(([s, d]) => [s, d.pipeline.pipelineName]));
        this.registerOutputs({ repositoryUrls: this.repositoryUrls, pipelineNames: this.pipelineNames });
    }
}
