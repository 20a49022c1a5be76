import { Rule } from "../../../lib/rule";
import { secretsCmkRotation } from "./secrets-cmk-rotation";

export const rules: Rule[] = [secretsCmkRotation];
