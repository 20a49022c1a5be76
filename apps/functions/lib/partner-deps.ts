/** The default partner ports of the functions that talk to a partner (PARTNER_SECRET_ARN, PARTNER_URL). */
import { ENV } from "../contract";
import type { FunctionName } from "../contract";
import { secretsManagerSigningKey } from "./aws/secrets";
import { optionalEnv, requireEnv } from "./env";
import { createLogger, parseLogLevel } from "./log";
import { httpPartnerClient } from "./partner";
import type { Clock, PartnerClient } from "./ports";

/** The partner client from the environment: signed HTTPS to PARTNER_URL, or the sandbox when it is unset. */
export function defaultPartnerClient(functionName: FunctionName, clock: Clock): PartnerClient {
    const keys = secretsManagerSigningKey(requireEnv(ENV.partnerSecretArn), clock);
    const logger = createLogger({ functionName, level: parseLogLevel(optionalEnv(ENV.logLevel)) });
    return httpPartnerClient(optionalEnv(ENV.partnerUrl), keys, clock, logger);
}
