/**
 * Table (`platform:data:Table`): a DynamoDB table whose shape (keys, attributes, indexes, TTL, stream) is given as a
 * TableSpec, and whose protection is not optional: on-demand billing, point-in-time recovery, encryption with the
 * data domain's customer-managed key, and in protected stacks deletion protection plus Pulumi `protect`.
 *
 * The shapes the platform's code depends on are constants here: CARTS_TABLE (what the retail cart image reads and
 * queries) and WORKFLOW_TABLE (the order workflow's state and idempotency records, streamed to the integration layer).
 *
 * The shape is validated before anything is registered, with the rules DynamoDB itself applies at creation: every key
 * and index key is a declared attribute, and every declared attribute is a key of the table or of an index (DynamoDB
 * refuses attribute definitions that no key uses).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { TableReference } from "../compute/needs-policy";
import { ArgsChecker, mergeTags, Tags } from "../shared";
import { checkKeyArn } from "./checks";

/** DynamoDB scalar types a key attribute may have: string, number, binary. */
export const ATTRIBUTE_TYPES = ["S", "N", "B"] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
/** What a global secondary index copies from the table. */
export const PROJECTION_TYPES = ["ALL", "KEYS_ONLY", "INCLUDE"] as const;
export type ProjectionType = (typeof PROJECTION_TYPES)[number];
/** What a stream record carries. */
export const STREAM_VIEW_TYPES = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"] as const;
export type StreamViewType = (typeof STREAM_VIEW_TYPES)[number];
/** Global secondary indexes a table may have (DynamoDB's default quota). */
export const MAX_GLOBAL_SECONDARY_INDEXES = 20;
/** Non-key attributes projected into all of a table's indexes together (DynamoDB's limit). */
export const MAX_PROJECTED_ATTRIBUTES = 100;

/** A key attribute's definition. */
export interface TableAttribute {
    /** The attribute's name (1-255 characters). */
    name: string;
    /** Its type: S (string), N (number) or B (binary). */
    type: AttributeType;
}

/** A global secondary index. */
export interface TableIndex {
    /** The index's name (3-255 letters, digits, '_', '-' or '.'), unique in the table. */
    name: string;
    /** The index's partition key: a declared attribute. */
    hashKey: string;
    /** The index's sort key: a declared attribute other than hashKey. Defaults to none. */
    rangeKey?: string;
    /** What the index copies: ALL attributes, KEYS_ONLY, or the keys plus nonKeyAttributes (INCLUDE). */
    projectionType: ProjectionType;
    /** With INCLUDE only (and then at least one): the other attributes the index copies. */
    nonKeyAttributes?: readonly string[];
}

export interface TableArgs {
    /** The table's physical name (3-255 letters, digits, '_', '-' or '.'), unique in the account and region: the layer passes `<project>-<stack>-<table>`. */
    tableName: string;
    /** The table's partition key: a declared attribute. */
    hashKey: string;
    /** The table's sort key: a declared attribute other than hashKey. Defaults to none. */
    rangeKey?: string;
    /** The key attributes of the table and its indexes, each exactly once; an attribute no key uses is refused (as DynamoDB refuses it). */
    attributes: readonly TableAttribute[];
    /** Global secondary indexes, names unique, at most 20. Defaults to none. */
    globalSecondaryIndexes?: readonly TableIndex[];
    /** The attribute that holds each item's expiry (epoch seconds): TTL on. Defaults to no TTL. */
    ttlAttribute?: string;
    /** A DynamoDB stream with this view type (for the integration layer's consumers). Defaults to no stream. */
    stream?: StreamViewType;
    /** The data domain's customer-managed KMS key (server-side encryption). Never an AWS-managed key. */
    kmsKeyArn: pulumi.Input<string>;
    /** Protect the table: Pulumi `protect` and DynamoDB deletion protection. Defaults to false (dev). */
    protect?: boolean;
    /** Tags merged into the table's. */
    tags?: Tags;
}

/** A table's shape: what the code that reads and writes it expects (the TableArgs without name, key and protection). */
export type TableSpec = Pick<TableArgs, "hashKey" | "rangeKey" | "attributes" | "globalSecondaryIndexes" | "ttlAttribute" | "stream">;

/** Freeze a plain value and everything in it: the platform's specs cannot be changed by a caller, not even in part. */
function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object") Object.values(value).forEach(deepFreeze);
    return Object.freeze(value);
}

/**
 * The carts table as the retail cart image (v1.6.2) expects it: items keyed by `id` (`<customerId>:<itemId>`), and the
 * GSI `idx_global_customerId` on `customerId` with every attribute projected, which the image queries at start-up.
 * The image must never create it (RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE deletes and recreates the table).
 */
export const CARTS_TABLE: Readonly<TableSpec> = deepFreeze({
    hashKey: "id",
    attributes: [{ name: "id", type: "S" }, { name: "customerId", type: "S" }],
    globalSecondaryIndexes: [{ name: "idx_global_customerId", hashKey: "customerId", projectionType: "ALL" }],
} as const);

/**
 * The order workflow's state and idempotency records: `pk`/`sk` single-table keys, expired by TTL on `expiresAt`
 * (epoch seconds), streamed with both images to the integration layer.
 */
export const WORKFLOW_TABLE: Readonly<TableSpec> = deepFreeze({
    hashKey: "pk",
    rangeKey: "sk",
    attributes: [{ name: "pk", type: "S" }, { name: "sk", type: "S" }],
    ttlAttribute: "expiresAt",
    stream: "NEW_AND_OLD_IMAGES",
} as const);

const defaults = {
    protect: false,
};

export class Table extends pulumi.ComponentResource {
    readonly table: aws.dynamodb.Table;
    /** The table's ARN. */
    readonly arn: pulumi.Output<string>;
    /** The table's name. */
    readonly name: pulumi.Output<string>;
    /** The stream's ARN when the table has a stream, else undefined. */
    readonly streamArn: pulumi.Output<string> | undefined;
    /** What a Microservice's `table` need resolves to. */
    readonly reference: TableReference;

    constructor(name: string, args: TableArgs, opts?: pulumi.ComponentResourceOptions) {
        validateTableArgs(args);
        super("platform:data:Table", name, {}, opts);
        const protect = args.protect ?? defaults.protect;
        this.table = new aws.dynamodb.Table(name, tableInputs(args, protect, mergeTags(args.tags, { Name: args.tableName })),
            { parent: this, protect });
        this.arn = this.table.arn;
        this.name = this.table.name;
        this.streamArn = args.stream !== undefined ? this.table.streamArn : undefined;
        this.reference = { arn: this.arn, name: this.name };
        this.registerOutputs({ arn: this.arn, name: this.name, streamArn: this.streamArn, reference: this.reference });
    }
}

/** The aws.dynamodb.Table inputs of validated args. Pure (but for the tags Output). */
export function tableInputs(args: TableArgs, protect: boolean, tags: pulumi.Input<Record<string, string>>): aws.dynamodb.TableArgs {
    return {
        name: args.tableName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: args.hashKey,
        ...(args.rangeKey !== undefined ? { rangeKey: args.rangeKey } : {}),
        attributes: args.attributes.map((a) => ({ name: a.name, type: a.type })),
        globalSecondaryIndexes: (args.globalSecondaryIndexes ?? []).map((ix) => ({
            name: ix.name,
            // keySchemas: the provider's GSI hashKey/rangeKey are deprecated in favour of it.
            keySchemas: [
                { attributeName: ix.hashKey, keyType: "HASH" },
                ...(ix.rangeKey !== undefined ? [{ attributeName: ix.rangeKey, keyType: "RANGE" }] : []),
            ],
            projectionType: ix.projectionType,
            ...(ix.projectionType === "INCLUDE" ? { nonKeyAttributes: [...(ix.nonKeyAttributes ?? [])] } : {}),
        })),
        ...(args.ttlAttribute !== undefined ? { ttl: { attributeName: args.ttlAttribute, enabled: true } } : {}),
        ...(args.stream !== undefined ? { streamEnabled: true, streamViewType: args.stream } : {}),
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
        deletionProtectionEnabled: protect,
        tags,
    };
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const isAttributeName = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= 255;

/** Validate TableArgs; throws ComponentArgsError listing every problem. */
export function validateTableArgs(args: TableArgs): void {
    const check = new ArgsChecker("Table");
    check.require(typeof args.tableName === "string" && TABLE_NAME.test(args.tableName), "tableName", args.tableName,
        "expected 3-255 letters, digits, '_', '-' or '.'");
    const declared = checkAttributes(check, args.attributes);
    const used = new Set<string>();
    const key = (field: string, value: unknown, optional: boolean) => {
        if (optional && value === undefined) return;
        if (!isAttributeName(value)) {
            check.require(false, field, value, "expected an attribute name (1-255 characters)");
            return;
        }
        used.add(value);
        check.require(declared.has(value), field, value,
            `not declared in attributes; declare it with its type (declared: ${[...declared.keys()].join(", ") || "none"})`);
    };
    key("hashKey", args.hashKey, false);
    key("rangeKey", args.rangeKey, true);
    check.require(args.rangeKey === undefined || args.rangeKey !== args.hashKey, "rangeKey", args.rangeKey, "must differ from hashKey");
    checkIndexes(check, args.globalSecondaryIndexes, key);
    for (const [name, i] of declared) {
        check.require(used.has(name), `attributes[${i}].name`, name,
            "declared but no key of the table or of an index uses it (DynamoDB refuses it): remove it, attributes are only for keys");
    }
    if (args.ttlAttribute !== undefined) {
        check.require(isAttributeName(args.ttlAttribute), "ttlAttribute", args.ttlAttribute, "expected an attribute name (1-255 characters)");
        const i = declared.get(args.ttlAttribute);
        check.require(i === undefined || args.attributes[i].type === "N", "ttlAttribute", args.ttlAttribute,
            "is a key attribute that is not of type N; TTL reads a number (epoch seconds)");
    }
    if (args.stream !== undefined) check.oneOf("stream", args.stream, STREAM_VIEW_TYPES);
    checkKeyArn(check, "kmsKeyArn", args.kmsKeyArn);
    check.done();
}

/** The declared attributes, name -> index in `attributes`. */
function checkAttributes(check: ArgsChecker, attributes: unknown): Map<string, number> {
    const declared = new Map<string, number>();
    if (!Array.isArray(attributes) || attributes.length === 0) {
        check.require(false, "attributes", attributes, "expected the key attributes, at least the hashKey's");
        return declared;
    }
    (attributes as TableAttribute[]).forEach((a, i) => {
        check.require(isAttributeName(a?.name), `attributes[${i}].name`, a?.name, "expected an attribute name (1-255 characters)");
        check.oneOf(`attributes[${i}].type`, a?.type, ATTRIBUTE_TYPES);
        if (!isAttributeName(a?.name)) return;
        check.require(!declared.has(a.name), `attributes[${i}].name`, a.name, "declared twice; declare each attribute once");
        if (!declared.has(a.name)) declared.set(a.name, i);
    });
    return declared;
}

function checkIndexes(check: ArgsChecker, indexes: unknown, key: (field: string, value: unknown, optional: boolean) => void): void {
    if (indexes === undefined) return;
    if (!Array.isArray(indexes)) {
        check.require(false, "globalSecondaryIndexes", indexes, "expected a list of indexes");
        return;
    }
    check.require(indexes.length <= MAX_GLOBAL_SECONDARY_INDEXES, "globalSecondaryIndexes", `${indexes.length} indexes`,
        `at most ${MAX_GLOBAL_SECONDARY_INDEXES} per table`);
    const names = new Set<string>();
    let projected = 0;
    (indexes as TableIndex[]).forEach((ix, i) => {
        const at = `globalSecondaryIndexes[${i}]`;
        check.require(typeof ix?.name === "string" && TABLE_NAME.test(ix.name), `${at}.name`, ix?.name, "expected 3-255 letters, digits, '_', '-' or '.'");
        check.require(!names.has(ix?.name), `${at}.name`, ix?.name, "index names must be unique in the table");
        names.add(ix?.name);
        key(`${at}.hashKey`, ix?.hashKey, false);
        key(`${at}.rangeKey`, ix?.rangeKey, true);
        check.require(ix?.rangeKey === undefined || ix.rangeKey !== ix.hashKey, `${at}.rangeKey`, ix?.rangeKey, "must differ from the index's hashKey");
        check.oneOf(`${at}.projectionType`, ix?.projectionType, PROJECTION_TYPES);
        const extra = ix?.nonKeyAttributes;
        if (ix?.projectionType === "INCLUDE") {
            const ok = Array.isArray(extra) && extra.length > 0 && extra.every(isAttributeName) && new Set(extra).size === extra.length;
            check.require(ok, `${at}.nonKeyAttributes`, extra, "with INCLUDE, expected the attributes to copy: at least one, each once");
            if (ok) projected += extra.length;
        } else {
            check.require(extra === undefined, `${at}.nonKeyAttributes`, extra, "only with projectionType INCLUDE");
        }
    });
    check.require(projected <= MAX_PROJECTED_ATTRIBUTES, "globalSecondaryIndexes", `${projected} non-key attributes`,
        `at most ${MAX_PROJECTED_ATTRIBUTES} across all indexes`);
}
