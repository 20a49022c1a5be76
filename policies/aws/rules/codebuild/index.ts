import { Rule } from "../../../lib/rule";
import { codebuildEncryption } from "./codebuild-encryption";

export const rules: Rule[] = [codebuildEncryption];
