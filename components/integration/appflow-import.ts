/**
 * AppFlowImport (`platform:integration:AppFlowImport`): one Amazon AppFlow flow that copies a SaaS object (by default
 * Salesforce `Order`) from an existing connector profile into the data lake's raw zone, as JSON, on a schedule,
 * incrementally (records changed since the last run, by `LastModifiedDate`), encrypted with the assets key.
 *
 * Minimal on purpose: every field of the object is mapped as is (`Map_all`), no filter, no validation task; the data
 * lands under `s3://<bucket>/<prefix><flowName>/<yyyy>/<mm>/<dd>/…` (AppFlow's own path layout), where the data lake's
 * raw crawler catalogues it as its own table. The connector profile (its OAuth credentials) is created outside the
 * program, once, in the AppFlow console: its secret never passes through Pulumi.
 *
 * AppFlow writes to S3 as the service principal `appflow.amazonaws.com`, so the data-lake bucket's policy must let it
 * (`appFlowBucketStatements`, for the data layer's bucket policy), and the assets key's policy must let AppFlow use
 * the key (see the report: the `assets` domain does not list `appflow` among its services today).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkKeyArn } from "../data/checks";
import { ArgsChecker, componentContext, Statement, Tags } from "../shared";

/** The AppFlow service principal. */
export const APPFLOW_PRINCIPAL = "appflow.amazonaws.com";
/** An AppFlow schedule expression: `rate(<n>minutes|hours|days)` (AppFlow's own form, no space). */
const RATE = /^rate\(([1-9]\d*)(minutes|hours|days)\)$/;
/** A flow name AppFlow accepts. */
const FLOW_NAME = /^[a-zA-Z0-9][\w!@#.-]{0,255}$/;
/** An S3 key prefix: one or more folders, each ending with '/', never starting with one. */
export const S3_PREFIX = /^([a-z0-9][a-z0-9._=-]*\/)+$/;

export const APPFLOW_DEFAULTS = {
    /** The SaaS object imported. */
    object: "Order",
    /** Once a day. */
    scheduleExpression: "rate(1days)",
    /** The field incremental pulls compare (Salesforce's last-modified timestamp). */
    incrementalField: "LastModifiedDate",
} as const;

/** The AppFlow part of DataLakeEtlArgs: everything but the bucket, the key and the tags, which the data lake gives. */
export interface AppFlowImportOptions {
    /** The Salesforce connector profile's name (created outside the program, with its OAuth connection). */
    connectorProfileName: string;
    /** The Salesforce object imported, such as `Order` or `Opportunity`. Defaults to `Order`. */
    object?: string;
    /** How often the flow runs: `rate(<n>minutes|hours|days)`, at least every minute. Defaults to `rate(1days)`. */
    scheduleExpression?: string;
}

export interface AppFlowImportArgs extends AppFlowImportOptions {
    /** The flow's physical name (letters, digits and `_!@#.-`, up to 256). */
    flowName: string;
    /** The data-lake bucket's name. */
    bucketName: pulumi.Input<string>;
    /** The key prefix the flow writes under (one or more folders ending with '/', such as `raw/salesforce/`). */
    prefix: string;
    /** The assets domain's customer-managed KMS key: AppFlow encrypts the flow's data with it. */
    kmsKeyArn: pulumi.Input<string>;
    /** Tags merged into the flow's. */
    tags?: Tags;
}

export class AppFlowImport extends pulumi.ComponentResource {
    readonly flow: aws.appflow.Flow;
    /** The flow's ARN. */
    readonly arn: pulumi.Output<string>;
    /** Where the flow's records land: `s3://<bucket>/<prefix><flowName>/` (the raw crawler's target). */
    readonly s3Path: pulumi.Output<string>;
    /** The key prefix the flow's objects have: `<prefix><flowName>/`. */
    readonly objectPrefix: string;

    constructor(name: string, args: AppFlowImportArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAppFlowImportArgs(args);
        super("platform:integration:AppFlowImport", name, {}, opts);
        const ctx = componentContext(this, name, args.tags);
        const object = args.object ?? APPFLOW_DEFAULTS.object;
        this.flow = new aws.appflow.Flow(name, {
            name: args.flowName,
            description: `Salesforce ${object} into the data lake's raw zone`,
            kmsArn: args.kmsKeyArn,
            sourceFlowConfig: {
                connectorType: "Salesforce",
                connectorProfileName: args.connectorProfileName,
                sourceConnectorProperties: { salesforce: { object } },
                incrementalPullConfig: { datetimeTypeFieldName: APPFLOW_DEFAULTS.incrementalField },
            },
            destinationFlowConfigs: [{
                connectorType: "S3",
                destinationConnectorProperties: {
                    s3: {
                        bucketName: args.bucketName,
                        // AppFlow appends the flow's name and the date folders to this prefix.
                        bucketPrefix: args.prefix.replace(/\/$/, ""),
                        s3OutputFormatConfig: { fileType: "JSON", prefixConfig: { prefixType: "PATH", prefixFormat: "DAY" } },
                    },
                },
            }],
            tasks: [{
                taskType: "Map_all",
                sourceFields: [],
                connectorOperators: [{ salesforce: "NO_OP" }],
                taskProperties: { EXCLUDE_SOURCE_FIELDS_LIST: "[]" },
            }],
            triggerConfig: {
                triggerType: "Scheduled",
                triggerProperties: {
                    scheduled: { scheduleExpression: args.scheduleExpression ?? APPFLOW_DEFAULTS.scheduleExpression, dataPullMode: "Incremental" },
                },
            },
            tags: ctx.tags({ Name: args.flowName }),
        }, { parent: this });
        this.objectPrefix = `${args.prefix}${args.flowName}/`;
        this.arn = this.flow.arn;
        this.s3Path = pulumi.interpolate`s3://${args.bucketName}/${this.objectPrefix}`;
        this.registerOutputs({ arn: this.arn, s3Path: this.s3Path });
    }
}

/**
 * The statements the data-lake bucket's policy needs for AppFlow to write under `prefix`: AppFlow's documented S3
 * destination actions, for flows of this account only (the confused-deputy guard). Pure (but for the Inputs).
 */
export function appFlowBucketStatements(bucketArn: pulumi.Input<string>, prefix: string, accountId: pulumi.Input<string>): Statement[] {
    const condition = { StringEquals: { "aws:SourceAccount": accountId } };
    return [
        {
            Sid: "AppFlowWritesRaw",
            Effect: "Allow",
            Principal: { Service: APPFLOW_PRINCIPAL },
            Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: pulumi.interpolate`${bucketArn}/${prefix}*`,
            Condition: condition,
        },
        {
            Sid: "AppFlowChecksBucket",
            Effect: "Allow",
            Principal: { Service: APPFLOW_PRINCIPAL },
            Action: ["s3:ListBucketMultipartUploads", "s3:GetBucketAcl"],
            Resource: bucketArn,
            Condition: condition,
        },
    ];
}

/** Validate the AppFlow options (`field` names them as the caller sees them); records problems on `check`. */
export function checkAppFlowOptions(check: ArgsChecker, field: string, options: AppFlowImportOptions): void {
    check.require(typeof options.connectorProfileName === "string" && /^[\w/!@#+=.-]{1,256}$/.test(options.connectorProfileName),
        `${field}connectorProfileName`, options.connectorProfileName, "expected the name of an existing AppFlow connector profile (1-256 letters, digits or _/!@#+=.-)");
    if (options.object !== undefined) {
        check.require(typeof options.object === "string" && /^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(options.object), `${field}object`, options.object,
            "expected a Salesforce object's API name, such as Order or Opportunity");
    }
    if (options.scheduleExpression !== undefined) {
        check.require(typeof options.scheduleExpression === "string" && RATE.test(options.scheduleExpression), `${field}scheduleExpression`,
            options.scheduleExpression, "expected rate(<n>minutes), rate(<n>hours) or rate(<n>days), such as rate(1days)");
    }
}

/** Validate AppFlowImportArgs; throws ComponentArgsError listing every problem. */
export function validateAppFlowImportArgs(args: AppFlowImportArgs): void {
    const check = new ArgsChecker("AppFlowImport");
    check.require(typeof args.flowName === "string" && FLOW_NAME.test(args.flowName), "flowName", args.flowName,
        "expected 1-256 letters, digits or _!@#.-, starting with a letter or digit");
    check.require(typeof args.prefix === "string" && S3_PREFIX.test(args.prefix), "prefix", args.prefix,
        "expected one or more folders of lowercase letters, digits or ._=-, each ending with '/', such as raw/salesforce/");
    checkKeyArn(check, "kmsKeyArn", args.kmsKeyArn);
    checkAppFlowOptions(check, "", args);
    check.done();
}
