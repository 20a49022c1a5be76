import { Rule } from "../../../lib/rule";
import { eksSecretsKms } from "./eks-secrets-kms";

export const rules: Rule[] = [eksSecretsKms];
