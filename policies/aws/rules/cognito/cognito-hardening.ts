import { Findings } from "../../../lib/findings";
import { ResourceRule } from "../../../lib/rule";
import { isUnknown, unknownValue } from "../../../lib/values";

const USER_POOL = "aws:cognito/userPool:UserPool";
const IDENTITY_POOL = "aws:cognito/identityPool:IdentityPool";
const CHAR_CLASSES = ["requireUppercase", "requireLowercase", "requireNumbers", "requireSymbols"] as const;

interface CognitoHardeningConfig {
    requireMfaOn: boolean;
    minPasswordLength: number;
}

/** User pools enforce MFA and strong passwords; identity pools do not hand out unauthenticated identities. */
export const cognitoHardening: ResourceRule<CognitoHardeningConfig> = {
    kind: "resource",
    name: "cognito-hardening",
    description: "Cognito user pools enable MFA and a strong password policy, and identity pools disallow unauthenticated identities.",
    severity: "high",
    remediation: "On aws.cognito.UserPool set mfaConfiguration 'ON' (or 'OPTIONAL' unless requireMfaOn) with softwareTokenMfaConfiguration, "
        + "and passwordPolicy { minimumLength >= the configured minimum, requireUppercase, requireLowercase, requireNumbers, "
        + "requireSymbols: true }; on aws.cognito.IdentityPool set allowUnauthenticatedIdentities: false.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            requireMfaOn: { type: "boolean", default: false, description: "Require mfaConfiguration ON (OPTIONAL is not enough)." },
            minPasswordLength: { type: "integer", default: 12, minimum: 8, description: "Minimum passwordPolicy.minimumLength." },
        },
    },
    types: [USER_POOL, IDENTITY_POOL],
    check: ({ type, props }, config) => {
        const findings = new Findings();
        if (type === IDENTITY_POOL) {
            const unauth = props.allowUnauthenticatedIdentities;
            if (isUnknown(unauth)) unknownValue("allowUnauthenticatedIdentities");
            if (unauth === true || unauth === "true") return "Identity pool allows unauthenticated identities (allowUnauthenticatedIdentities: true).";
            return;
        }
        const mfa = props.mfaConfiguration ?? "OFF";
        const allowedMfa = config.requireMfaOn ? ["ON"] : ["ON", "OPTIONAL"];
        if (isUnknown(mfa)) findings.defer("mfaConfiguration");
        else if (!allowedMfa.includes(mfa)) {
            findings.add(`User pool mfaConfiguration is '${mfa}'; it must be ${allowedMfa.join(" or ")}.`);
        }
        const pp = props.passwordPolicy;
        if (isUnknown(pp)) findings.defer("passwordPolicy");
        else if (pp === undefined || pp === null) {
            findings.add(`User pool has no passwordPolicy (AWS default minimum length 8); set minimumLength >= ${config.minPasswordLength} and require all character classes.`);
        } else {
            const len = pp.minimumLength;
            if (isUnknown(len)) findings.defer("passwordPolicy.minimumLength");
            else if (typeof len !== "number" || len < config.minPasswordLength) {
                findings.add(`User pool passwordPolicy.minimumLength is ${len ?? "unset (8)"}; it must be at least ${config.minPasswordLength}.`);
            }
            const missing: string[] = [];
            for (const k of CHAR_CLASSES) {
                if (isUnknown(pp[k])) findings.defer(`passwordPolicy.${k}`);
                else if (pp[k] !== true) missing.push(k);
            }
            if (missing.length) findings.add(`User pool passwordPolicy must set ${missing.join(", ")} to true.`);
        }
        return findings.result();
    },
};
