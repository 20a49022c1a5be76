/** Every rule of the Kubernetes pack (one rule per file). */
import { Rule } from "../../lib/rule";

export const kubernetesRules: Rule[] = [];
