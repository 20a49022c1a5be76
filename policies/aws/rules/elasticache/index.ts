import { Rule } from "../../../lib/rule";
import { elasticacheBackupHa } from "./elasticache-backup-ha";
import { elasticacheEncryptionAuth } from "./elasticache-encryption-auth";

export const rules: Rule[] = [elasticacheEncryptionAuth, elasticacheBackupHa];
