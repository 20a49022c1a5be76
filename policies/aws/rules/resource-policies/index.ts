import { Rule } from "../../../lib/rule";
import { resourcePolicyNotPublic } from "./resource-policy-not-public";
import { resourcePolicyTlsOnly } from "./resource-policy-tls-only";

export const rules: Rule[] = [resourcePolicyTlsOnly, resourcePolicyNotPublic];
