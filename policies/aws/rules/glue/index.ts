import { Rule } from "../../../lib/rule";
import { glueEncryption } from "./glue-encryption";

export const rules: Rule[] = [glueEncryption];
