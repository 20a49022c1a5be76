/**
 * AuditTrail (`platform:security:AuditTrail`): the account's CloudTrail trail and where it delivers:
 *
 * - a multi-region trail with global service events and log file validation, encrypted with the `audit` key;
 * - its S3 bucket (`platform:data:Bucket`: SSE-KMS with the `audit` key, versioned, public access blocked, TLS 1.2+
 *   only, a lifecycle), whose policy admits cloudtrail.amazonaws.com for this trail only (GetBucketAcl, and PutObject
 *   under `AWSLogs/<account>/` with `bucket-owner-full-control`);
 * - CloudWatch Logs delivery: a log group encrypted with the `logs` key with the stack's retention, written by a role
 *   only this trail can assume (CreateLogStream and PutLogEvents on that group's streams);
 * - management events always; with `dataEvents` also S3 object-level and DynamoDB data events of the shop's buckets and
 *   tables, selected by ARN prefix (`<namePrefix>-`, the data layer's naming), except the trail's own bucket.
 *
 * In prod (`protect`) the trail, its bucket and its log group are protected.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Bucket } from "../data/bucket";
import { ArgsChecker, componentContext, isLogRetention, LOG_RETENTION_DAYS, PolicyDocument, serviceTrustPolicy, Statement, Tags } from "../shared";

export interface AuditTrailArgs {
    /**
     * Prefix of names unique per stack, `<project>-<stack>`: the trail is `<namePrefix>-audit`, its bucket
     * `<namePrefix>-audit-trail-<account>`, its log group `/aws/cloudtrail/<namePrefix>`; data events select the
     * buckets and tables whose names start with `<namePrefix>-`.
     */
    namePrefix: string;
    /** The `audit` domain's KMS key: encrypts the trail's log and digest files and its bucket. */
    auditKeyArn: pulumi.Input<string>;
    /** The `logs` domain's KMS key: encrypts the trail's CloudWatch log group. */
    logsKeyArn: pulumi.Input<string>;
    /** Days the CloudWatch log group keeps the trail's events (a CloudWatch retention period). */
    logRetentionDays: number;
    /** Days the bucket keeps the trail's files before they expire (objects move to INTELLIGENT_TIERING after 90). Defaults to 2557 (7 years). */
    fileRetentionDays?: number;
    /** Permissions boundary of the CloudWatch Logs delivery role (the platform's workload boundary). Defaults to none. */
    permissionsBoundaryArn?: pulumi.Input<string>;
    /** Also log S3 object-level and DynamoDB data events of the shop's buckets and tables (by name prefix). Defaults to false. */
    dataEvents?: boolean;
    /** Protect the trail, its bucket and its log group (prod). Defaults to false. */
    protect?: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

const defaults = { fileRetentionDays: 2557, dataEvents: false, protect: false };
/** Days after which trail files move to INTELLIGENT_TIERING. */
const TIERING_AFTER_DAYS = 90;
/** The CloudTrail service principal. */
export const CLOUDTRAIL_SERVICE = "cloudtrail.amazonaws.com";

export class AuditTrail extends pulumi.ComponentResource {
    readonly trail: aws.cloudtrail.Trail;
    readonly bucket: Bucket;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly role: aws.iam.Role;
    /** The trail's ARN. */
    readonly arn: pulumi.Output<string>;
    /** The trail's name. */
    readonly trailName: string;

    constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAuditTrailArgs(args);
        super("platform:security:AuditTrail", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const protect = args.protect ?? defaults.protect;
        const trailName = `${args.namePrefix}-audit`;
        // The trail's ARN from its name (known before it exists): the bucket policy, the role's trust and the key's
        // encryption context name it, so all are checked in a first preview.
        const trailArn = pulumi.interpolate`arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${trailName}`;
        const bucketName = pulumi.interpolate`${args.namePrefix}-audit-trail-${ctx.accountId}`;

        this.bucket = new Bucket(`${name}-bucket`, {
            bucketName,
            purpose: "audit-trail",
            kmsKeyArn: args.auditKeyArn,
            isServiceLogDestination: true,
            lifecycle: { intelligentTieringAfterDays: TIERING_AFTER_DAYS, expirationDays: args.fileRetentionDays ?? defaults.fileRetentionDays },
            policyStatements: (bucketArn, accountId) => trailBucketStatements(bucketArn, accountId, trailArn),
            protect,
            tags: args.tags,
        }, { parent: this });

        const logGroupName = `/aws/cloudtrail/${args.namePrefix}`;
        this.logGroup = new aws.cloudwatch.LogGroup(name, {
            name: logGroupName,
            kmsKeyId: args.logsKeyArn,
            retentionInDays: args.logRetentionDays,
            tags: ctx.tags({ Name: logGroupName }),
        }, { parent: this, protect });
        const logGroupArn = pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${logGroupName}`;

        this.role = new aws.iam.Role(`${name}-logs`, {
            description: `CloudTrail trail ${trailName} delivers its events to ${logGroupName}`,
            assumeRolePolicy: serviceTrustPolicy(CLOUDTRAIL_SERVICE, ctx.accountId, trailArn),
            ...(args.permissionsBoundaryArn !== undefined ? { permissionsBoundary: args.permissionsBoundaryArn } : {}),
            tags: ctx.tags({ Name: `${name}-logs` }),
        }, { parent: this });
        const rolePolicy = new aws.iam.RolePolicy(`${name}-logs`, {
            role: this.role.id,
            policy: logGroupArn.apply((arn) => JSON.stringify(trailLogsPolicy(arn))),
        }, { parent: this, dependsOn: [this.logGroup] });

        this.trail = new aws.cloudtrail.Trail(name, {
            name: trailName,
            s3BucketName: this.bucket.name,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            kmsKeyId: args.auditKeyArn,
            // CloudTrail wants the group's ARN with its streams' wildcard.
            cloudWatchLogsGroupArn: pulumi.interpolate`${logGroupArn}:*`,
            cloudWatchLogsRoleArn: this.role.arn,
            advancedEventSelectors: pulumi.all([ctx.partition, ctx.region, ctx.accountId, bucketName]).apply(([partition, region, accountId, bucket]) =>
                trailEventSelectors({ namePrefix: args.namePrefix, partition, region, accountId, trailBucketName: bucket, dataEvents: args.dataEvents ?? defaults.dataEvents })),
            tags: ctx.tags({ Name: trailName }),
        }, { parent: this, protect, dependsOn: [this.bucket, this.logGroup, rolePolicy] });
        this.arn = this.trail.arn;
        this.trailName = trailName;
        this.registerOutputs({ arn: this.arn, bucketName: this.bucket.name, logGroupName: this.logGroup.name });
    }
}

/**
 * The trail bucket's statements for CloudTrail (after the TLS denials): read the bucket's ACL and write under
 * `AWSLogs/<account>/` with the bucket owner in full control, both only for this trail (`aws:SourceArn`). Pure.
 */
export function trailBucketStatements(bucketArn: string, accountId: string, trailArn: pulumi.Input<string>): Statement[] {
    return [
        {
            Sid: "CloudTrailAclCheck", Effect: "Allow", Principal: { Service: CLOUDTRAIL_SERVICE }, Action: "s3:GetBucketAcl",
            Resource: bucketArn, Condition: { StringEquals: { "aws:SourceArn": trailArn } },
        },
        {
            Sid: "CloudTrailWrite", Effect: "Allow", Principal: { Service: CLOUDTRAIL_SERVICE }, Action: "s3:PutObject",
            Resource: `${bucketArn}/AWSLogs/${accountId}/*`,
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trailArn } },
        },
    ];
}

/** The delivery role's policy: create streams in and put events to the trail's log group only. Pure. */
export function trailLogsPolicy(logGroupArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "DeliverTrailEvents", Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${logGroupArn}:log-stream:*`,
        }],
    };
}

/** What the trail's event selectors are built from. */
export interface TrailSelectorContext {
    namePrefix: string;
    partition: string;
    region: string;
    accountId: string;
    /** The trail's own bucket: never a data-event source (each delivery would log another). */
    trailBucketName: string;
    dataEvents: boolean;
}

/**
 * The trail's advanced event selectors: all management events; with dataEvents, S3 object-level events of buckets named
 * `<namePrefix>-...` (but not the trail's own bucket) and data events of DynamoDB tables named `<namePrefix>-...` in
 * this region. Advanced selectors replace the default selector, so management events are always selected explicitly. Pure.
 */
export function trailEventSelectors(c: TrailSelectorContext): aws.types.input.cloudtrail.TrailAdvancedEventSelector[] {
    const selectors: aws.types.input.cloudtrail.TrailAdvancedEventSelector[] = [
        { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
    ];
    if (!c.dataEvents) return selectors;
    selectors.push(
        {
            name: `S3 object events of ${c.namePrefix}-* buckets`,
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                {
                    field: "resources.ARN",
                    startsWiths: [`arn:${c.partition}:s3:::${c.namePrefix}-`],
                    notStartsWiths: [`arn:${c.partition}:s3:::${c.trailBucketName}/`],
                },
            ],
        },
        {
            name: `DynamoDB data events of ${c.namePrefix}-* tables`,
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::DynamoDB::Table"] },
                { field: "resources.ARN", startsWiths: [`arn:${c.partition}:dynamodb:${c.region}:${c.accountId}:table/${c.namePrefix}-`] },
            ],
        },
    );
    return selectors;
}

/** Validate AuditTrailArgs; throws ComponentArgsError listing every problem. */
export function validateAuditTrailArgs(args: AuditTrailArgs): void {
    const check = new ArgsChecker("AuditTrail");
    check.require(typeof args.namePrefix === "string" && /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/.test(args.namePrefix), "namePrefix", args.namePrefix,
        "expected 3-40 lowercase letters, digits or '-', starting with a letter (the trail's bucket name adds '-audit-trail-<account>')");
    check.require(args.auditKeyArn !== undefined && args.auditKeyArn !== "", "auditKeyArn", args.auditKeyArn, "required: the audit domain's KMS key ARN");
    check.require(args.logsKeyArn !== undefined && args.logsKeyArn !== "", "logsKeyArn", args.logsKeyArn, "required: the logs domain's KMS key ARN");
    check.require(isLogRetention(args.logRetentionDays), "logRetentionDays", args.logRetentionDays,
        `expected a CloudWatch retention period: ${LOG_RETENTION_DAYS.join(", ")}`);
    if (args.fileRetentionDays !== undefined) check.integer("fileRetentionDays", args.fileRetentionDays, TIERING_AFTER_DAYS + 1, 36500);
    for (const flag of ["dataEvents", "protect"] as const) {
        check.require(args[flag] === undefined || typeof args[flag] === "boolean", flag, args[flag], "expected true or false");
    }
    check.done();
}
