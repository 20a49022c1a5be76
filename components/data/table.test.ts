import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import { CARTS_TABLE, Table, TableArgs, TableAttribute, TableSpec, validateTableArgs, WORKFLOW_TABLE } from "./table";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-000000000006`;
const TABLE = "aws:dynamodb/table:Table";
const COMPONENT = "platform:data:Table";

function args(spec: TableSpec, over: Partial<TableArgs> = {}): TableArgs {
    return { ...spec, tableName: "shop-dev-carts", kmsKeyArn: KEY, tags: { Team: "platform" }, ...over };
}

function record(program: () => unknown, stack = "dev"): Promise<Recording> {
    return recordProgram(program, { project: "test", stack, config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
}

async function build(a: TableArgs, stack = "dev") {
    const rec = await record(() => {
        const t = new Table(a.tableName, a);
        return { arn: t.arn, name: t.name, refArn: t.reference.arn, refName: t.reference.name, hasStream: t.streamArn !== undefined, ...(t.streamArn ? { streamArn: t.streamArn } : {}) };
    }, stack);
    const tables = rec.resources.filter((r) => r.type === TABLE);
    expect(tables).to.have.length(1);
    return { rec, table: tables[0], component: rec.resources.find((r) => r.type === COMPONENT)!, outputs: rec.outputs as Record<string, string | boolean | undefined> };
}

function problems(a: unknown): string[] {
    try {
        validateTableArgs(a as TableArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("data/Table", () => {
    describe("the carts table, as the cart image expects it (dev)", () => {
        let table: PlanResource;
        let component: PlanResource;
        let outputs: Record<string, string | boolean | undefined>;
        before(async () => { ({ table, component, outputs } = await build(args(CARTS_TABLE))); });

        it("is one table under the component, named as given", () => {
            expect(table.name).to.equal("shop-dev-carts");
            expect(table.parent).to.equal(component.urn);
            expect(table.inputs.name).to.equal("shop-dev-carts");
        });
        it("has hash key id (S), attribute customerId (S) and the GSI idx_global_customerId on customerId projecting ALL", () => {
            expect(table.inputs.hashKey).to.equal("id");
            expect(table.inputs).not.to.have.property("rangeKey");
            expect(table.inputs.attributes).to.deep.equal([{ name: "id", type: "S" }, { name: "customerId", type: "S" }]);
            expect(table.inputs.globalSecondaryIndexes).to.deep.equal([{
                name: "idx_global_customerId", keySchemas: [{ attributeName: "customerId", keyType: "HASH" }], projectionType: "ALL",
            }]);
        });
        it("bills per request, keeps point-in-time recovery and encrypts with the given key", () => {
            expect(table.inputs.billingMode).to.equal("PAY_PER_REQUEST");
            expect(table.inputs.pointInTimeRecovery).to.deep.equal({ enabled: true });
            expect(table.inputs.serverSideEncryption).to.deep.equal({ enabled: true, kmsKeyArn: KEY });
        });
        it("has no stream and no TTL, and is not protected in dev", () => {
            expect(table.inputs).not.to.have.property("streamEnabled");
            expect(table.inputs).not.to.have.property("ttl");
            expect(table.inputs.deletionProtectionEnabled).to.equal(false);
            expect(table.options.protect).to.equal(false);
            expect(outputs.hasStream).to.equal(false);
        });
        it("merges the tags with its Name", () => {
            expect(table.inputs.tags).to.deep.equal({ Team: "platform", Name: "shop-dev-carts" });
        });
        it("exposes the table's ARN and name, and the same as its TableReference", () => {
            expect(outputs.arn).to.equal(`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/shop-dev-carts`);
            expect(outputs.name).to.equal("shop-dev-carts");
            expect(outputs.refArn).to.equal(outputs.arn);
            expect(outputs.refName).to.equal("shop-dev-carts");
        });
    });

    describe("the workflow table (prod, protected)", () => {
        let table: PlanResource;
        let outputs: Record<string, string | boolean | undefined>;
        before(async () => { ({ table, outputs } = await build(args(WORKFLOW_TABLE, { tableName: "shop-prod-workflow", protect: true }), "prod")); });

        it("has keys pk/sk, TTL on expiresAt and a NEW_AND_OLD_IMAGES stream", () => {
            expect(table.inputs).to.deep.include({ hashKey: "pk", rangeKey: "sk", streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES" });
            expect(table.inputs.attributes).to.deep.equal([{ name: "pk", type: "S" }, { name: "sk", type: "S" }]);
            expect(table.inputs.ttl).to.deep.equal({ attributeName: "expiresAt", enabled: true });
            expect(table.inputs.globalSecondaryIndexes).to.deep.equal([]);
        });
        it("is protected: Pulumi protect and DynamoDB deletion protection", () => {
            expect(table.options.protect).to.equal(true);
            expect(table.inputs.deletionProtectionEnabled).to.equal(true);
        });
        it("exposes the stream's ARN", () => {
            expect(outputs.hasStream).to.equal(true);
            expect(outputs.streamArn).to.match(/^arn:aws:dynamodb:eu-west-1:123456789012:table\/shop-prod-workflow\/stream\//);
        });
    });

    it("writes an INCLUDE index's non-key attributes and a range key", async () => {
        const { table } = await build(args({
            hashKey: "pk",
            attributes: [{ name: "pk", type: "S" }, { name: "status", type: "S" }, { name: "createdAt", type: "N" }],
            globalSecondaryIndexes: [{ name: "by-status", hashKey: "status", rangeKey: "createdAt", projectionType: "INCLUDE", nonKeyAttributes: ["total"] }],
        }));
        expect(table.inputs.globalSecondaryIndexes).to.deep.equal([{
            name: "by-status",
            keySchemas: [{ attributeName: "status", keyType: "HASH" }, { attributeName: "createdAt", keyType: "RANGE" }],
            projectionType: "INCLUDE", nonKeyAttributes: ["total"],
        }]);
    });

    describe("validation", () => {
        it("accepts both platform tables", () => {
            expect(problems(args(CARTS_TABLE))).to.deep.equal([]);
            expect(problems(args(WORKFLOW_TABLE))).to.deep.equal([]);
        });
        it("refuses a key or index key that is not a declared attribute, naming the declared ones", () => {
            expect(problems(args({
                ...CARTS_TABLE,
                globalSecondaryIndexes: [{ name: "idx_global_customerId", hashKey: "customerID", projectionType: "ALL" }],
            }))).to.deep.equal([
                "globalSecondaryIndexes[0].hashKey: 'customerID' is not allowed; not declared in attributes; declare it with its type (declared: id, customerId)",
                "attributes[1].name: 'customerId' is not allowed; declared but no key of the table or of an index uses it (DynamoDB refuses it): remove it, attributes are only for keys",
            ]);
            expect(problems(args({ ...WORKFLOW_TABLE, rangeKey: "sortKey" }))).to.deep.equal([
                "rangeKey: 'sortKey' is not allowed; not declared in attributes; declare it with its type (declared: pk, sk)",
                "attributes[1].name: 'sk' is not allowed; declared but no key of the table or of an index uses it (DynamoDB refuses it): remove it, attributes are only for keys",
            ]);
        });
        it("refuses duplicate attributes and indexes, bad types and projections", () => {
            expect(problems(args({
                hashKey: "id",
                attributes: [{ name: "id", type: "S" }, { name: "id", type: "N" }, { name: "c", type: "X" as never }],
                globalSecondaryIndexes: [
                    { name: "by-c", hashKey: "c", projectionType: "ALL", nonKeyAttributes: ["x"] },
                    { name: "by-c", hashKey: "c", rangeKey: "c", projectionType: "INCLUDE" },
                    { name: "ix", hashKey: "c", projectionType: "SOME" as never },
                ],
            }))).to.deep.equal([
                "attributes[1].name: 'id' is not allowed; declared twice; declare each attribute once",
                "attributes[2].type: 'X' is not allowed; expected one of: S, N, B",
                "globalSecondaryIndexes[0].nonKeyAttributes: '[\"x\"]' is not allowed; only with projectionType INCLUDE",
                "globalSecondaryIndexes[1].name: 'by-c' is not allowed; index names must be unique in the table",
                "globalSecondaryIndexes[1].rangeKey: 'c' is not allowed; must differ from the index's hashKey",
                "globalSecondaryIndexes[1].nonKeyAttributes: (missing) is not allowed; with INCLUDE, expected the attributes to copy: at least one, each once",
                "globalSecondaryIndexes[2].name: 'ix' is not allowed; expected 3-255 letters, digits, '_', '-' or '.'",
                "globalSecondaryIndexes[2].projectionType: 'SOME' is not allowed; expected one of: ALL, KEYS_ONLY, INCLUDE",
            ]);
        });
        it("refuses a bad table name, rangeKey equal to hashKey, a TTL on a string key, a bad stream, an alias for the key", () => {
            expect(problems(args({ hashKey: "pk", rangeKey: "pk", attributes: [{ name: "pk", type: "S" }], ttlAttribute: "pk", stream: "ALL" as never },
                { tableName: "my table", kmsKeyArn: "alias/aws/dynamodb" }))).to.deep.equal([
                "tableName: 'my table' is not allowed; expected 3-255 letters, digits, '_', '-' or '.'",
                "rangeKey: 'pk' is not allowed; must differ from hashKey",
                "ttlAttribute: 'pk' is not allowed; is a key attribute that is not of type N; TTL reads a number (epoch seconds)",
                "stream: 'ALL' is not allowed; expected one of: KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES",
                "kmsKeyArn: 'alias/aws/dynamodb' is not allowed; expected the ARN of a customer-managed KMS key "
                + "(arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
            ]);
            expect(problems({ ...args(CARTS_TABLE), attributes: [], kmsKeyArn: undefined })).to.include.members([
                "attributes: '[]' is not allowed; expected the key attributes, at least the hashKey's",
                "hashKey: 'id' is not allowed; not declared in attributes; declare it with its type (declared: none)",
                "kmsKeyArn: (missing) is not allowed; expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), "
                + "never an alias or an AWS-managed key",
            ]);
        });
        it("registers nothing when the arguments are wrong", async () => {
            let error: unknown;
            const rec = await record(() => {
                try { new Table("bad", args({ ...CARTS_TABLE, hashKey: "nope" })); } catch (e) { error = e; }
            });
            expect(error).to.be.instanceOf(ComponentArgsError);
            expect((error as Error).message).to.match(/^Table: invalid arguments:\n {2}- hashKey: 'nope' is not allowed/);
            expect(rec.resources.filter((r) => r.type === TABLE || r.type === COMPONENT)).to.deep.equal([]);
        });
        it("keeps the platform's table specs frozen, nested parts too (a layer cannot change what the image expects by accident)", () => {
            for (const spec of [CARTS_TABLE, WORKFLOW_TABLE]) {
                expect(Object.isFrozen(spec)).to.equal(true);
                expect(Object.isFrozen(spec.attributes)).to.equal(true);
                expect(Object.isFrozen(spec.attributes[0])).to.equal(true);
            }
            expect(Object.isFrozen(CARTS_TABLE.globalSecondaryIndexes![0])).to.equal(true);
            expect(() => { (CARTS_TABLE.attributes as TableAttribute[]).push({ name: "x", type: "S" }); }).to.throw(TypeError);
        });
    });
});
