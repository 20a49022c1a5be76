import { ResourceRule } from "../../../lib/rule";
import { isUnknown, known, unknownValue } from "../../../lib/values";

const METHOD = "aws:apigateway/method:Method";
const ROUTE = "aws:apigatewayv2/route:Route";
const FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl";

/** Route keys that can carry an authorizer: HTTP API routes ("GET /x", "$default") and WebSocket "$connect". */
function routeCanBeAuthorized(routeKey: string): boolean {
    return routeKey === "$default" || routeKey === "$connect" || /^[A-Z]+ \//.test(routeKey);
}

/** API entry points require an authorizer; deliberate public endpoints are waived by name with a reason. */
export const apiAuthz: ResourceRule = {
    kind: "resource",
    name: "api-authz",
    description: "API Gateway methods and routes and Lambda function URLs require authorization (not NONE).",
    severity: "high",
    remediation: "Set authorization (REST: AWS_IAM, COGNITO_USER_POOLS or CUSTOM with authorizerId), authorizationType (HTTP API: "
        + "JWT, AWS_IAM or CUSTOM) or FunctionUrl authorizationType 'AWS_IAM'. For a deliberately public endpoint (e.g. a signed "
        + "webhook) add a waiver in policies/waivers.yaml with the reason.",
    enforcementLevel: "advisory",
    types: [METHOD, ROUTE, FUNCTION_URL],
    check: ({ type, props }) => {
        if (type === METHOD) {
            const auth = known(props.authorization, "authorization");
            if (auth !== "NONE") return;
            const method = known(props.httpMethod, "httpMethod");
            if (typeof method === "string" && method.toUpperCase() === "OPTIONS") return; // CORS preflight carries no credentials
            return `API Gateway method${typeof method === "string" ? ` ${method}` : ""} has authorization NONE: use AWS_IAM, COGNITO_USER_POOLS or CUSTOM.`;
        }
        if (type === ROUTE) {
            const auth = known(props.authorizationType, "authorizationType") ?? "NONE";
            if (auth !== "NONE") return;
            const routeKey = props.routeKey;
            if (isUnknown(routeKey)) unknownValue("routeKey");
            if (typeof routeKey === "string") {
                if (!routeCanBeAuthorized(routeKey)) return; // WebSocket routes other than $connect cannot have an authorizer
                if (/^OPTIONS \//.test(routeKey)) return;
            }
            return `API Gateway v2 route '${routeKey}' has authorizationType ${props.authorizationType === undefined ? "unset (NONE)" : "NONE"}: use JWT, AWS_IAM or CUSTOM.`;
        }
        const auth = known(props.authorizationType, "authorizationType");
        if (auth === "NONE") return "Lambda function URL has authorizationType NONE (public, unauthenticated): use AWS_IAM.";
        return undefined;
    },
};
