import { Rule } from "../../../lib/rule";
import { wafAclLogging } from "./waf-acl-logging";
import { wafAlb } from "./waf-alb";
import { wafApigw } from "./waf-apigw";
import { wafCloudfront } from "./waf-cloudfront";

export const rules: Rule[] = [wafCloudfront, wafAlb, wafApigw, wafAclLogging];
