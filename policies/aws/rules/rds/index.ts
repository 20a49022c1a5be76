import { Rule } from "../../../lib/rule";
import { rdsBackupDeletion } from "./rds-backup-deletion";
import { rdsEncrypted } from "./rds-encrypted";

export const rules: Rule[] = [rdsEncrypted, rdsBackupDeletion];
