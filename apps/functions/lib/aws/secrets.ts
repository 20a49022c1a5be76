/** SigningKeySource on Secrets Manager: the partner secret's `signingKey` JSON field, cached per container. */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Clock, SigningKeySource } from "../ports";
import { cachedSigningKey } from "../signing-key";

/** The subset of SecretsManagerClient used (a fake in tests). */
export interface SecretsSender {
    send(command: GetSecretValueCommand): Promise<unknown>;
}

export function secretsManagerSigningKey(secretArn: string, clock: Clock, client: SecretsSender = new SecretsManagerClient({})): SigningKeySource {
    return cachedSigningKey(async () => {
        const output = (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))) as { SecretString?: string };
        return output.SecretString;
    }, () => clock.now());
}
