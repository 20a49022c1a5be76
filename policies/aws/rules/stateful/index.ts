import { Rule } from "../../../lib/rule";
import { statefulProtect } from "./stateful-protect";

export const rules: Rule[] = [statefulProtect];
