import { Findings } from "../../../lib/findings";
import { ResourceRule } from "../../../lib/rule";
import { asArray, isSet, isUnknown, unknownValue } from "../../../lib/values";

const REST_STAGE = "aws:apigateway/stage:Stage";
const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";
const HTTP_STAGE = "aws:apigatewayv2/stage:Stage";
const LOG_LEVELS = ["INFO", "ERROR"];

/** API stages write access logs; execution logging is on, and full request/response data tracing is off. */
export const apigwLogging: ResourceRule = {
    kind: "resource",
    name: "apigw-logging",
    description: "API Gateway stages have access logging, REST APIs log execution at INFO or ERROR, and data tracing is off.",
    severity: "medium",
    remediation: "Set accessLogSettings { destinationArn: <log group ARN>, format } on aws.apigateway.Stage and aws.apigatewayv2.Stage; "
        + "on the stage-wide aws.apigateway.MethodSettings (methodPath '*/*') set settings.loggingLevel 'INFO' or 'ERROR'; "
        + "never set dataTraceEnabled: true (it logs request and response bodies, including credentials).",
    enforcementLevel: "mandatory",
    types: [REST_STAGE, METHOD_SETTINGS, HTTP_STAGE],
    check: ({ type, props }) => {
        const findings = new Findings();
        if (type === REST_STAGE || type === HTTP_STAGE) {
            const als = props.accessLogSettings;
            if (!isSet(als) || (!isUnknown(als) && !isSet(als.destinationArn))) {
                findings.add("Stage has no access logging: set accessLogSettings.destinationArn (a CloudWatch log group or Firehose ARN).");
            }
        }
        if (type === HTTP_STAGE) {
            const routes: [string, any][] = [["defaultRouteSettings", props.defaultRouteSettings]];
            if (isUnknown(props.routeSettings)) findings.defer("routeSettings");
            else asArray(props.routeSettings as any[]).forEach((r, i) => routes.push([`routeSettings[${i}]`, r]));
            for (const [path, s] of routes) {
                if (isUnknown(s) || isUnknown(s?.dataTraceEnabled)) { findings.defer(`${path}.dataTraceEnabled`); continue; }
                if (s?.dataTraceEnabled === true) findings.add(`${path}.dataTraceEnabled is true: data tracing logs full messages; turn it off.`);
            }
        }
        if (type === METHOD_SETTINGS) {
            const settings = props.settings;
            if (isUnknown(settings)) unknownValue("settings");
            const methodPath = props.methodPath;
            const level = settings?.loggingLevel;
            if (isUnknown(level)) findings.defer("settings.loggingLevel");
            else if (level !== undefined || methodPath === "*/*") {
                // Unset on a specific method path inherits the stage-wide ('*/*') level; the stage-wide setting must be explicit.
                if (!LOG_LEVELS.includes(level)) {
                    findings.add(`settings.loggingLevel is '${level ?? "unset (OFF)"}'${methodPath === "*/*" ? " for all methods ('*/*')" : ""}; use INFO or ERROR.`);
                }
            }
            const trace = settings?.dataTraceEnabled;
            if (isUnknown(trace)) findings.defer("settings.dataTraceEnabled");
            else if (trace === true || trace === "true") {
                findings.add("settings.dataTraceEnabled is true: data tracing logs full requests and responses; turn it off.");
            }
        }
        return findings.result();
    },
};
