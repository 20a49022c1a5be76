import { Rule } from "../../../lib/rule";
import { apiAuthz } from "./api-authz";
import { apigwCacheEncrypted } from "./apigw-cache-encrypted";
import { apigwExecutionLogging } from "./apigw-execution-logging";
import { apigwLogging } from "./apigw-logging";

export const rules: Rule[] = [apigwCacheEncrypted, apigwLogging, apigwExecutionLogging, apiAuthz];
