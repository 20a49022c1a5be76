import { Rule } from "../../../lib/rule";
import { cloudtrailBaseline } from "./cloudtrail-baseline";
import { eksControlPlaneLogs } from "./eks-control-plane-logs";
import { logsKmsRetention } from "./logs-kms-retention";
import { sfnLoggingTracing } from "./sfn-logging-tracing";

export const rules: Rule[] = [cloudtrailBaseline, logsKmsRetention, eksControlPlaneLogs, sfnLoggingTracing];
