import { Rule } from "../../../lib/rule";
import { dynamodbCmk } from "./dynamodb-cmk";
import { dynamodbPitrDeletion } from "./dynamodb-pitr-deletion";

export const rules: Rule[] = [dynamodbCmk, dynamodbPitrDeletion];
