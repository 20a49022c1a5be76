/** WorkflowStore on DynamoDB (table WORKFLOW_TABLE, keys `pk`/`sk`), with conditional writes. */
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { JsonValue, RecordKey, WorkflowRecord, WorkflowStore } from "../ports";

/** A JSON value as a DynamoDB attribute value. */
export function toAttribute(value: JsonValue): AttributeValue {
    if (value === null) {
        return { NULL: true };
    }
    if (typeof value === "string") {
        return { S: value };
    }
    if (typeof value === "number") {
        return { N: String(value) };
    }
    if (typeof value === "boolean") {
        return { BOOL: value };
    }
    if (Array.isArray(value)) {
        return { L: value.map(toAttribute) };
    }
    return { M: toItem(value) };
}

/** A DynamoDB attribute value as JSON (the types toAttribute writes). */
export function fromAttribute(value: AttributeValue): JsonValue {
    if (value.S !== undefined) {
        return value.S;
    }
    if (value.N !== undefined) {
        return Number(value.N);
    }
    if (value.BOOL !== undefined) {
        return value.BOOL;
    }
    if (value.L !== undefined) {
        return value.L.map(fromAttribute);
    }
    if (value.M !== undefined) {
        return fromItem(value.M);
    }
    return null;
}

function toItem(value: { [key: string]: JsonValue }): Record<string, AttributeValue> {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toAttribute(item)]));
}

function fromItem(item: Record<string, AttributeValue>): { [key: string]: JsonValue } {
    return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, fromAttribute(value)]));
}

function keyOf(key: RecordKey): Record<string, AttributeValue> {
    return { pk: { S: key.pk }, sk: { S: key.sk } };
}

/** The subset of DynamoDBClient the store uses (a fake in tests). */
export interface DynamoDbSender {
    send(command: PutItemCommand | GetItemCommand | UpdateItemCommand): Promise<unknown>;
}

async function conditional(write: Promise<unknown>): Promise<boolean> {
    try {
        await write;
        return true;
    } catch (error) {
        if (error instanceof ConditionalCheckFailedException || (error as Error).name === "ConditionalCheckFailedException") {
            return false;
        }
        throw error;
    }
}

/** A WorkflowStore on `tableName`. */
export function dynamoWorkflowStore(tableName: string, client: DynamoDbSender = new DynamoDBClient({})): WorkflowStore {
    return {
        putIfAbsent: (record) =>
            conditional(client.send(new PutItemCommand({ TableName: tableName, Item: toItem(record), ConditionExpression: "attribute_not_exists(pk)" }))),
        async get(key) {
            const output = (await client.send(new GetItemCommand({ TableName: tableName, Key: keyOf(key), ConsistentRead: true }))) as {
                Item?: Record<string, AttributeValue>;
            };
            return output.Item === undefined ? undefined : (fromItem(output.Item) as WorkflowRecord);
        },
        updateIfStatus(key, expectedStatus, fields) {
            const names: Record<string, string> = { "#status": "status" };
            const values: Record<string, AttributeValue> = {};
            const sets = Object.entries(fields).map(([field, value], i) => {
                names[`#f${i}`] = field;
                values[`:v${i}`] = toAttribute(value);
                return `#f${i} = :v${i}`;
            });
            const allowed = expectedStatus.map((status, i) => {
                values[`:s${i}`] = { S: status };
                return `:s${i}`;
            });
            return conditional(
                client.send(
                    new UpdateItemCommand({
                        TableName: tableName,
                        Key: keyOf(key),
                        UpdateExpression: `SET ${sets.join(", ")}`,
                        ConditionExpression: `attribute_exists(pk) AND #status IN (${allowed.join(", ")})`,
                        ExpressionAttributeNames: names,
                        ExpressionAttributeValues: values,
                    }),
                ),
            );
        },
    };
}
