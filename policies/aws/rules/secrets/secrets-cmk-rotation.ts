import { Findings } from "../../../lib/findings";
import { isAwsManagedKeyAlias } from "../../../lib/kms";
import { linksTo, physicalName } from "../../../lib/links";
import { StackFinding, StackRule } from "../../../lib/rule";
import { isSet, isUnknown, known, knownBool } from "../../../lib/values";

const SECRET_TYPE = "aws:secretsmanager/secret:Secret";
const SECRET_ROTATION_TYPE = "aws:secretsmanager/secretRotation:SecretRotation";

interface SecretsCmkRotationConfig {
    maxRotationDays: number;
}

/** The longest interval in days a rotation schedule allows, or undefined when it cannot be read. */
function scheduleDays(expr: string): number | undefined {
    const rate = /^rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)$/i.exec(expr.trim());
    if (rate) return /^hour/i.test(rate[2]) ? Math.ceil(Number(rate[1]) / 24) : Number(rate[1]);
    const cron = /^cron\((.*)\)$/i.exec(expr.trim());
    if (cron) {
        const fields = cron[1].trim().split(/\s+/);
        // cron(minutes hours day-of-month month day-of-week year): every month (or more often) at most 31 days apart.
        if (fields.length >= 5 && (fields[3] === "*" || fields[3] === "?")) return 31;
    }
    return undefined;
}

/** Secrets are encrypted with a customer-managed key and rotate automatically. */
export const secretsCmkRotation: StackRule<SecretsCmkRotationConfig> = {
    kind: "stack",
    name: "secrets-cmk-rotation",
    description: "Secrets Manager secrets are encrypted with a customer-managed KMS key and have a SecretRotation that rotates them at least every maxRotationDays (default 90).",
    severity: "medium",
    remediation: "Set kmsKeyId to a customer-managed KMS key on the aws.secretsmanager.Secret, and add an "
        + "aws.secretsmanager.SecretRotation (secretId: secret.id) with a rotation Lambda (or a managed rotation) and "
        + "rotationRules.automaticallyAfterDays <= maxRotationDays. Secrets that cannot rotate (third-party API keys) need a "
        + "waiver with the reason.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            maxRotationDays: { type: "integer", minimum: 1, maximum: 1000, default: 90, description: "Longest allowed rotation interval in days." },
        },
    },
    types: [SECRET_TYPE],
    check: (resources, config) => {
        const result = new Findings<StackFinding>();
        const maxDays = Number(config.maxRotationDays ?? 90);
        for (const secret of resources.filter((r) => r.type === SECRET_TYPE)) {
            result.check(() => {
                if (!isSet(secret.props.kmsKeyId)) {
                    result.report(secret.urn, `Secret '${secret.name}' sets no kmsKeyId (AWS-managed aws/secretsmanager key); set a customer-managed KMS key.`);
                } else if (!isUnknown(secret.props.kmsKeyId) && isAwsManagedKeyAlias(secret.props.kmsKeyId)) {
                    result.report(secret.urn, `Secret '${secret.name}' kmsKeyId '${secret.props.kmsKeyId}' is an AWS-managed key; set a customer-managed key.`);
                }
            });
            result.check(() => {
                const links = linksTo(resources, [SECRET_ROTATION_TYPE], "secretId", secret, [physicalName(secret)]);
                if (links.linked.length === 0) {
                    if (links.maybe.length > 0) result.defer(`${links.maybe[0].name}.secretId`);
                    else result.report(secret.urn, `Secret '${secret.name}' has no SecretRotation: add one rotating at least every ${maxDays} days.`);
                    return;
                }
                for (const rot of links.linked) {
                    result.check(() => {
                        if (knownBool(rot.props.rotationEnabled, `${rot.name}.rotationEnabled`) === false) {
                            result.report(secret.urn, `Secret '${secret.name}': SecretRotation '${rot.name}' has rotationEnabled false.`);
                            return;
                        }
                        const rules = known(rot.props.rotationRules, `${rot.name}.rotationRules`) ?? {};
                        const after = known(rules.automaticallyAfterDays, `${rot.name}.rotationRules.automaticallyAfterDays`);
                        const schedule = known(rules.scheduleExpression, `${rot.name}.rotationRules.scheduleExpression`);
                        let days: number | undefined;
                        if (after !== undefined && after !== null) days = Number(after);
                        else if (typeof schedule === "string") {
                            days = scheduleDays(schedule);
                            if (days === undefined) {
                                result.report(secret.urn, `Secret '${secret.name}': SecretRotation '${rot.name}' schedule '${schedule}' cannot be verified to `
                                    + `rotate within ${maxDays} days; use automaticallyAfterDays or rate(N days).`);
                                return;
                            }
                        }
                        if (days === undefined) {
                            result.report(secret.urn, `Secret '${secret.name}': SecretRotation '${rot.name}' sets neither rotationRules.automaticallyAfterDays nor scheduleExpression.`);
                        } else if (days > maxDays) {
                            result.report(secret.urn, `Secret '${secret.name}': SecretRotation '${rot.name}' rotates every ${days} days; at most ${maxDays} are allowed.`);
                        }
                    });
                }
            });
        }
        return result.result();
    },
};
