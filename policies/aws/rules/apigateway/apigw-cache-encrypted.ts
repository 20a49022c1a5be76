import { ResourceRule } from "../../../lib/rule";
import { isUnknown, knownBool, unknownValue } from "../../../lib/values";

/** Cached API responses are encrypted at rest. */
export const apigwCacheEncrypted: ResourceRule = {
    kind: "resource",
    name: "apigw-cache-encrypted",
    description: "API Gateway method settings that enable response caching also encrypt the cached data.",
    severity: "medium",
    remediation: "Set settings.cacheDataEncrypted: true on every aws.apigateway.MethodSettings with settings.cachingEnabled: true.",
    enforcementLevel: "mandatory",
    types: ["aws:apigateway/methodSettings:MethodSettings"],
    check: ({ props }) => {
        const settings = props.settings;
        if (isUnknown(settings)) unknownValue("settings");
        if (knownBool(settings?.cachingEnabled, "settings.cachingEnabled") !== true) return;
        if (knownBool(settings?.cacheDataEncrypted, "settings.cacheDataEncrypted") !== true) {
            const path = typeof props.methodPath === "string" && !isUnknown(props.methodPath) ? ` for method path '${props.methodPath}'` : "";
            return `Caching is enabled${path} but settings.cacheDataEncrypted is not true.`;
        }
        return undefined;
    },
};
