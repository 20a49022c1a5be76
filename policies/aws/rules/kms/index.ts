import { Rule } from "../../../lib/rule";
import { kmsKeyDeletionWindow } from "./kms-key-deletion-window";
import { kmsKeyPolicySafe } from "./kms-key-policy-safe";
import { kmsRotation } from "./kms-rotation";

export const rules: Rule[] = [kmsRotation, kmsKeyPolicySafe, kmsKeyDeletionWindow];
