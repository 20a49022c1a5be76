import { Rule } from "../../../lib/rule";
import { ecrHardening } from "./ecr-hardening";

export const rules: Rule[] = [ecrHardening];
