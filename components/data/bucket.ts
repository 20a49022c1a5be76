/**
 * Bucket (`platform:data:Bucket`): one S3 bucket with every setting as its own resource (what @pulumi/aws 7 wants:
 * the bucket's inline settings are deprecated), so the plan records each and the policy packs check each:
 *
 * - default encryption: SSE-KMS with the data domain's key and S3 Bucket Keys (fewer KMS calls); the access-log
 *   destination uses SSE-S3 instead, because S3 server access logging supports only SSE-S3 default encryption on its
 *   destination bucket (S3 User Guide, "Enabling Amazon S3 server access logging"; waived in policies/waivers.yaml);
 * - versioning on, every public access flag blocked, object ownership enforced (ACLs off);
 * - a bucket policy that denies requests without TLS and with TLS older than 1.2, and on the access-log destination
 *   lets logging.s3.amazonaws.com put objects for this account's buckets only;
 * - a lifecycle: incomplete multipart uploads aborted after 7 days, noncurrent versions expired, and per purpose a
 *   transition to INTELLIGENT_TIERING and an expiry;
 * - server access logging to the platform's access-log bucket (every bucket but that one).
 *
 * In prod (`protect`) the bucket and each setting are protected and retained on delete; `forceDestroy` is never set.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BucketReference } from "../compute/needs-policy";
import { ArgsChecker, ComponentArgsError, ComponentContext, componentContext, PolicyDocument, Statement, Tags } from "../shared";

/** Days after which S3 aborts an incomplete multipart upload (and deletes its parts). */
export const ABORT_MULTIPART_DAYS = 7;
/** The oldest TLS version the bucket accepts. */
export const MIN_TLS_VERSION = "1.2";
/** The S3 service principal that delivers server access logs. */
export const LOGGING_SERVICE = "logging.s3.amazonaws.com";

export interface BucketLifecycleArgs {
    /** Days after which a noncurrent object version is deleted (1 or more). Defaults to 90. */
    noncurrentVersionExpirationDays?: number;
    /** Days after creation at which objects move to INTELLIGENT_TIERING (0 or more). Defaults to never. */
    intelligentTieringAfterDays?: number;
    /** Days after creation at which objects expire (become noncurrent), after any transition. Defaults to never. */
    expirationDays?: number;
}

export interface BucketArgs {
    /**
     * The bucket's name (physical, globally unique), such as `<project>-<stack>-<purpose>-<account id>`: 3-63
     * lowercase letters, digits or '-', starting and ending with a letter or digit (no dots: they break TLS of
     * virtual-hosted requests). An Output (with the account id) is checked when it resolves. Changing it replaces the
     * bucket.
     */
    bucketName: pulumi.Input<string>;
    /** What the bucket holds, such as `product-images`, `uploads`, `data-lake` or `access-logs` (a `Purpose` tag). */
    purpose: string;
    /**
     * The data domain's customer-managed KMS key: SSE-KMS default encryption with Bucket Keys. Required, except on the
     * access-log destination (isAccessLogDestination), which must not set it.
     */
    kmsKeyArn?: pulumi.Input<string>;
    /**
     * Where the bucket's server access logs go: the access-log bucket's name and a key prefix ending with '/'.
     * Required unless isAccessLogDestination.
     */
    accessLogs?: { bucketName: pulumi.Input<string>; prefix: string };
    /**
     * This bucket is the destination of the platform's server access logs: SSE-S3 encryption, a policy statement for
     * logging.s3.amazonaws.com (this account's buckets only), and no access logs of its own. Defaults to false.
     */
    isAccessLogDestination?: boolean;
    /**
     * This bucket receives an AWS service's own log delivery (the CloudTrail trail's): it keeps SSE-KMS with its key and
     * may omit accessLogs (it is a log destination; the policy packs exempt log buckets). Defaults to false.
     */
    isServiceLogDestination?: boolean;
    /** Object expiry and transitions. Incomplete multipart uploads are always aborted after 7 days. */
    lifecycle?: BucketLifecycleArgs;
    /**
     * Statements added to the bucket policy after the TLS denials, given the bucket's ARN and the account id: what a
     * service writing into the bucket needs (the data lake's AppFlow import). Defaults to none.
     */
    policyStatements?: (bucketArn: string, accountId: string) => Statement[];
    /** Protect the bucket and its settings and retain them on delete (prod). Defaults to false. */
    protect?: boolean;
    /** Tags merged into the bucket's tags. */
    tags?: Tags;
}

const defaults = {
    noncurrentVersionExpirationDays: 90,
    isAccessLogDestination: false,
    protect: false,
};

export class Bucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    /** The bucket's ARN (`arn:aws:s3:::name`). */
    readonly arn: pulumi.Output<string>;
    /** The bucket's name. */
    readonly name: pulumi.Output<string>;
    /** What a Microservice's `bucket` need resolves to. */
    readonly reference: BucketReference;

    constructor(name: string, args: BucketArgs, opts?: pulumi.ComponentResourceOptions) {
        validateBucketArgs(args);
        super("platform:data:Bucket", name, {}, opts);
        const protect = args.protect ?? defaults.protect;
        const ctx: BucketContext = { ...componentContext(this, name, args.tags), stateful: { parent: this, protect, retainOnDelete: protect } };
        const logDestination = args.isAccessLogDestination ?? defaults.isAccessLogDestination;
        // A name that is an Output is checked when it resolves: nothing is created under a name S3 would refuse.
        const bucketName = pulumi.output(args.bucketName).apply((n) => {
            const problems = bucketNameProblems(n);
            if (problems.length) throw new ComponentArgsError("Bucket", problems.map((p) => `bucketName: '${n}' is not allowed; ${p}`));
            return n;
        });
        this.bucket = new aws.s3.Bucket(name, {
            bucket: bucketName,
            forceDestroy: false,
            tags: ctx.tags({ Name: bucketName, Purpose: args.purpose }),
        }, ctx.stateful);
        // The ARN from the name (known before the bucket exists, so the policy is checked in a first preview).
        const arn = pulumi.interpolate`arn:${ctx.partition}:s3:::${bucketName}`;
        const settings = { ...ctx.stateful, dependsOn: [this.bucket] };
        const bucket = this.bucket.bucket;
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket,
            rules: [logDestination
                ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
                : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }],
        }, settings);
        new aws.s3.BucketVersioning(`${name}-versioning`, { bucket, versioningConfiguration: { status: "Enabled" } }, settings);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
            bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
        }, settings);
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, settings);
        new aws.s3.BucketPolicy(`${name}-policy`, {
            bucket,
            policy: pulumi.all([arn, ctx.accountId]).apply(([a, account]) => {
                const policy = bucketPolicy(a, logDestination ? { accountId: account } : undefined);
                return pulumi.jsonStringify({ ...policy, Statement: [...policy.Statement, ...(args.policyStatements?.(a, account) ?? [])] });
            }),
        }, { ...settings, dependsOn: [this.bucket, publicAccess] });
        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket, rules: lifecycleRules(args.lifecycle ?? {}) }, settings);
        if (args.accessLogs) {
            new aws.s3.BucketLogging(`${name}-logging`, {
                bucket,
                targetBucket: args.accessLogs.bucketName,
                targetPrefix: args.accessLogs.prefix,
                // Date-partitioned keys (prefix/account/region/bucket/yyyy/mm/dd/): Athena can prune by day.
                targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
            }, settings);
        }
        this.arn = this.bucket.arn;
        this.name = this.bucket.bucket;
        this.reference = { arn: this.arn, name: this.name };
        this.registerOutputs({ arn: this.arn, name: this.name, reference: this.reference });
    }
}

/** What every part of the bucket is created with: the component's context and the options of its stateful parts. */
interface BucketContext extends ComponentContext {
    /** The bucket's and every setting's options: parent, and in prod protect and retainOnDelete. */
    stateful: pulumi.CustomResourceOptions;
}


/** Problems of a bucket name by S3's naming rules (and no dots), one message each; empty when valid. Pure. */
export function bucketNameProblems(name: string): string[] {
    const problems: string[] = [];
    if (name.length < 3 || name.length > 63) problems.push(`expected 3-63 characters (it has ${name.length})`);
    if (!/^[a-z0-9-]*$/.test(name)) problems.push("expected lowercase letters, digits or '-' only (no dots: they break TLS of virtual-hosted requests)");
    else if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) problems.push("expected to start and end with a letter or digit");
    if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) problems.push("the prefixes xn--, sthree- and amzn-s3-demo- are reserved by S3");
    if (/(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(name)) problems.push("the suffixes -s3alias, --ol-s3, --x-s3 and --table-s3 are reserved by S3");
    return problems;
}

/**
 * The bucket policy: deny every request without TLS and every request with TLS older than 1.2; on the access-log
 * destination (`logDelivery`), allow S3's log delivery to put objects, for source buckets of this account only. Pure.
 */
export function bucketPolicy(bucketArn: string, logDelivery?: { accountId: string }): PolicyDocument {
    const everything = [bucketArn, `${bucketArn}/*`];
    const statements: Statement[] = [
        {
            Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: everything,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: "DenyTlsOlderThan12", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: everything,
            Condition: { NumericLessThan: { "s3:TlsVersion": MIN_TLS_VERSION } },
        },
    ];
    if (logDelivery) {
        statements.push({
            Sid: "S3ServerAccessLogDelivery", Effect: "Allow", Principal: { Service: LOGGING_SERVICE }, Action: "s3:PutObject",
            Resource: `${bucketArn}/*`, Condition: { StringEquals: { "aws:SourceAccount": logDelivery.accountId } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** The lifecycle rules (every object: an empty prefix filter). Pure. */
export function lifecycleRules(lifecycle: BucketLifecycleArgs): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    const all = { prefix: "" };
    const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
        { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: all, abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_MULTIPART_DAYS } },
        {
            id: "expire-noncurrent-versions", status: "Enabled", filter: all,
            noncurrentVersionExpiration: { noncurrentDays: lifecycle.noncurrentVersionExpirationDays ?? defaults.noncurrentVersionExpirationDays },
            // Once a key's last noncurrent version is gone, its delete marker is removed too (unless current objects
            // expire by age below: S3 allows expiredObjectDeleteMarker only without days).
            ...(lifecycle.expirationDays === undefined ? { expiration: { expiredObjectDeleteMarker: true } } : {}),
        },
    ];
    if (lifecycle.intelligentTieringAfterDays !== undefined) {
        rules.push({ id: "intelligent-tiering", status: "Enabled", filter: all,
            transitions: [{ days: lifecycle.intelligentTieringAfterDays, storageClass: "INTELLIGENT_TIERING" }] });
    }
    if (lifecycle.expirationDays !== undefined) {
        rules.push({ id: "expire-objects", status: "Enabled", filter: all, expiration: { days: lifecycle.expirationDays } });
    }
    return rules;
}

const PREFIX = /^[A-Za-z0-9!_.*'()/-]+\/$/;

/** Validate BucketArgs (a bucketName that is an Output is checked when it resolves); throws ComponentArgsError listing every problem. */
export function validateBucketArgs(args: BucketArgs): void {
    const check = new ArgsChecker("Bucket");
    if (typeof args.bucketName === "string") {
        for (const p of bucketNameProblems(args.bucketName)) check.require(false, "bucketName", args.bucketName, p);
    } else {
        check.require(args.bucketName !== undefined && args.bucketName !== null, "bucketName", args.bucketName, "required: the bucket's globally unique name");
    }
    check.name("purpose", args.purpose);
    const destination = args.isAccessLogDestination ?? defaults.isAccessLogDestination;
    check.require(args.isServiceLogDestination === undefined || typeof args.isServiceLogDestination === "boolean",
        "isServiceLogDestination", args.isServiceLogDestination, "expected true or false");
    check.require(typeof destination === "boolean", "isAccessLogDestination", args.isAccessLogDestination, "expected true or false");
    if (destination === true) {
        check.require(args.kmsKeyArn === undefined, "kmsKeyArn", args.kmsKeyArn,
            "the access-log destination uses SSE-S3: S3 server access logging does not deliver to a bucket with SSE-KMS default encryption");
        check.require(args.accessLogs === undefined, "accessLogs", args.accessLogs,
            "the access-log destination does not log its own accesses (each delivery would log another)");
    } else {
        check.require(args.kmsKeyArn !== undefined && args.kmsKeyArn !== "", "kmsKeyArn", args.kmsKeyArn,
            "a customer-managed KMS key ARN is required (SSE-KMS)");
        check.require(args.accessLogs !== undefined || args.isServiceLogDestination === true, "accessLogs", args.accessLogs,
            "required: the access-log bucket and a prefix (or isAccessLogDestination: true for that bucket, isServiceLogDestination: true for a service's log bucket)");
    }
    if (args.accessLogs !== undefined) {
        const target = args.accessLogs.bucketName;
        if (typeof target === "string") {
            for (const p of bucketNameProblems(target)) check.require(false, "accessLogs.bucketName", target, p);
            check.require(target !== args.bucketName, "accessLogs.bucketName", target, "a bucket does not log into itself");
        }
        check.require(typeof args.accessLogs.prefix === "string" && PREFIX.test(args.accessLogs.prefix) && args.accessLogs.prefix.length <= 200,
            "accessLogs.prefix", args.accessLogs.prefix, "expected a key prefix ending with '/', such as product-images/");
    }
    const lc = args.lifecycle ?? {};
    if (lc.noncurrentVersionExpirationDays !== undefined) check.integer("lifecycle.noncurrentVersionExpirationDays", lc.noncurrentVersionExpirationDays, 1, 36500);
    if (lc.intelligentTieringAfterDays !== undefined) check.integer("lifecycle.intelligentTieringAfterDays", lc.intelligentTieringAfterDays, 0, 36500);
    if (lc.expirationDays !== undefined) {
        check.integer("lifecycle.expirationDays", lc.expirationDays, 1, 36500);
        if (Number.isInteger(lc.intelligentTieringAfterDays) && Number.isInteger(lc.expirationDays)) {
            check.require(lc.expirationDays > (lc.intelligentTieringAfterDays as number), "lifecycle.expirationDays", lc.expirationDays,
                `must be later than intelligentTieringAfterDays (${lc.intelligentTieringAfterDays})`);
        }
    }
    check.done();
}
