import { Rule } from "../../../lib/rule";
import { noPlaintextEnvSecrets } from "./no-plaintext-env-secrets";

export const rules: Rule[] = [noPlaintextEnvSecrets];
