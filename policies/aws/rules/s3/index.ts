import { Rule } from "../../../lib/rule";
import { s3AccessLogging } from "./s3-access-logging";
import { s3PublicAccessBlock } from "./s3-public-access-block";
import { s3SseKms } from "./s3-sse-kms";
import { s3Versioning } from "./s3-versioning";

export const rules: Rule[] = [s3SseKms, s3PublicAccessBlock, s3Versioning, s3AccessLogging];
