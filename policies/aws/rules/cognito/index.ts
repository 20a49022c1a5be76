import { Rule } from "../../../lib/rule";
import { cognitoHardening } from "./cognito-hardening";

export const rules: Rule[] = [cognitoHardening];
