import { Rule } from "../../../lib/rule";
import { opensearchEncryptionTls } from "./opensearch-encryption-tls";
import { opensearchPrivateLogs } from "./opensearch-private-logs";

export const rules: Rule[] = [opensearchEncryptionTls, opensearchPrivateLogs];
