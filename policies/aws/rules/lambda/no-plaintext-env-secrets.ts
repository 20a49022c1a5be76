import { Findings } from "../../../lib/findings";
import { ResourceRule } from "../../../lib/rule";
import { asArray, isUnknown, unknownValue } from "../../../lib/values";

const FUNCTION = "aws:lambda/function:Function";
const PROJECT = "aws:codebuild/project:Project";

interface NoPlaintextEnvSecretsConfig {
    credentialNamePattern: string;
    referenceValuePattern: string;
}

interface EnvVar { name: unknown; value: unknown; path: string }

/** Credentials are never stored as plaintext environment variables of Lambda functions or CodeBuild projects. */
export const noPlaintextEnvSecrets: ResourceRule<NoPlaintextEnvSecretsConfig> = {
    kind: "resource",
    name: "no-plaintext-env-secrets",
    description: "Lambda functions and CodeBuild projects do not hold credentials in plaintext environment variables.",
    severity: "critical",
    remediation: "Store the credential in Secrets Manager or SSM Parameter Store: in CodeBuild use an environment variable of type "
        + "SECRETS_MANAGER or PARAMETER_STORE; in Lambda pass the secret's ARN (e.g. DB_SECRET_ARN) and read it at runtime "
        + "(or use the Parameters and Secrets extension). Rotate any credential that was committed as plaintext.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            credentialNamePattern: {
                type: "string",
                default: "PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY",
                description: "Case-insensitive regular expression matched against variable names that hold credentials.",
            },
            referenceValuePattern: {
                type: "string",
                default: "^(arn:aws[a-z-]*:(secretsmanager|ssm|kms):|\\{\\{resolve:(secretsmanager|ssm))",
                description: "Case-insensitive regular expression for values that reference a secret instead of containing it.",
            },
        },
    },
    types: [FUNCTION, PROJECT],
    check: ({ type, props }, config) => {
        const namePattern = new RegExp(config.credentialNamePattern, "i");
        const refPattern = new RegExp(config.referenceValuePattern, "i");
        const vars: EnvVar[] = [];
        const findings = new Findings();
        if (type === FUNCTION) {
            const env = props.environment;
            if (isUnknown(env)) unknownValue("environment");
            const variables = env?.variables;
            if (isUnknown(variables)) unknownValue("environment.variables");
            for (const [name, value] of Object.entries((variables ?? {}) as Record<string, unknown>)) {
                vars.push({ name, value, path: `environment.variables.${name}` });
            }
        } else {
            const env = props.environment;
            if (isUnknown(env)) unknownValue("environment");
            const list = env?.environmentVariables;
            if (isUnknown(list)) unknownValue("environment.environmentVariables");
            asArray(list as any[]).forEach((v, i) => {
                const path = `environment.environmentVariables[${i}]`;
                if (isUnknown(v) || isUnknown(v?.type)) { findings.defer(`${path}.type`); return; }
                const varType = v?.type ?? "PLAINTEXT";
                if (varType !== "PLAINTEXT") return; // SECRETS_MANAGER / PARAMETER_STORE hold references
                vars.push({ name: v?.name, value: v?.value, path: `${path}.value` });
            });
        }
        for (const v of vars) {
            if (isUnknown(v.name)) { findings.defer(v.path.replace(/\.value$/, ".name")); continue; }
            if (typeof v.name !== "string" || !namePattern.test(v.name)) continue;
            if (isUnknown(v.value)) { findings.defer(v.path); continue; }
            if (v.value === undefined || v.value === null || v.value === "") continue;
            if (typeof v.value === "string" && refPattern.test(v.value)) continue;
            // Name the variable, never its value.
            findings.add(type === FUNCTION
                ? `Lambda environment variable '${v.name}' looks like a credential and holds a plaintext value; store it in Secrets Manager/SSM and pass its ARN.`
                : `CodeBuild PLAINTEXT environment variable '${v.name}' looks like a credential; use type SECRETS_MANAGER or PARAMETER_STORE.`);
        }
        return findings.result();
    },
};
