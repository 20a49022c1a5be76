import { Rule } from "../../../lib/rule";
import { apiAuthz } from "./api-authz";
import { apigwCacheEncrypted } from "./apigw-cache-encrypted";
import { apigwLogging } from "./apigw-logging";

export const rules: Rule[] = [apigwCacheEncrypted, apigwLogging, apiAuthz];
