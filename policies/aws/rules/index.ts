/** Every rule of the AWS pack, by service folder (one rule per file inside each). */
import { Rule } from "../../lib/rule";
import * as apigateway from "./apigateway";
import * as codebuild from "./codebuild";
import * as cognito from "./cognito";
import * as dynamodb from "./dynamodb";
import * as ecr from "./ecr";
import * as edge from "./edge";
import * as eks from "./eks";
import * as elasticache from "./elasticache";
import * as glue from "./glue";
import * as iam from "./iam";
import * as kms from "./kms";
import * as lambda from "./lambda";
import * as logging from "./logging";
import * as messaging from "./messaging";
import * as network from "./network";
import * as opensearch from "./opensearch";
import * as rds from "./rds";
import * as resourcePolicies from "./resource-policies";
import * as s3 from "./s3";
import * as secrets from "./secrets";
import * as stateful from "./stateful";
import * as waf from "./waf";

export const awsRules: Rule[] = [
    ...iam.rules, ...kms.rules, ...s3.rules, ...rds.rules, ...dynamodb.rules, ...elasticache.rules,
    ...opensearch.rules, ...eks.rules, ...messaging.rules, ...logging.rules, ...secrets.rules, ...codebuild.rules,
    ...glue.rules, ...apigateway.rules, ...lambda.rules, ...waf.rules, ...edge.rules, ...network.rules,
    ...resourcePolicies.rules, ...cognito.rules, ...ecr.rules, ...stateful.rules,
];
