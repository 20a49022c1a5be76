import { Rule } from "../../../lib/rule";
import { kmsRotation } from "./kms-rotation";

export const rules: Rule[] = [kmsRotation];
