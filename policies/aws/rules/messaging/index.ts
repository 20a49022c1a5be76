import { Rule } from "../../../lib/rule";
import { sqsSnsEncryption } from "./sqs-sns-encryption";

export const rules: Rule[] = [sqsSnsEncryption];
