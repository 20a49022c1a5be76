import { Findings } from "../../../lib/findings";
import { ResourceRule } from "../../../lib/rule";
import { isSet, isUnknown } from "../../../lib/values";

interface SfnLoggingTracingConfig {
    levels: string[];
    requireExecutionData: boolean;
}

const DEFAULT_LEVELS = ["ALL", "ERROR"];

/** Step Functions state machines log executions to CloudWatch and trace with X-Ray. */
export const sfnLoggingTracing: ResourceRule<SfnLoggingTracingConfig> = {
    kind: "resource",
    name: "sfn-logging-tracing",
    description: "Step Functions state machines log at level ALL or ERROR to a log destination (with execution data only when "
        + "requireExecutionData is configured), and enable X-Ray tracing.",
    severity: "medium",
    remediation: "Set loggingConfiguration { level: \"ALL\" (or \"ERROR\"), logDestination: "
        + "\"<log group ARN>:*\" } and tracingConfiguration { enabled: true } on the aws.sfn.StateMachine.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            levels: { type: "array", items: { type: "string" }, default: DEFAULT_LEVELS, description: "Accepted log levels." },
            // Off by default: execution input and output carry what the workflow carries (for the shop, customers'
            // names and emails), and the execution history already keeps them, encrypted, for 90 days. A platform that
            // wants them in its logs too turns this on.
            requireExecutionData: { type: "boolean", default: false, description: "Require includeExecutionData: true (execution input and output copied into the logs)." },
        },
    },
    types: ["aws:sfn/stateMachine:StateMachine"],
    check: ({ props }, config) => {
        const levels = config.levels ?? DEFAULT_LEVELS;
        const requireData = config.requireExecutionData ?? false;
        const findings = new Findings();
        /** Passes an unknown value (noting it) and reports whether a known one is acceptable. */
        const ok = (v: unknown, path: string, test: (v: any) => boolean): boolean => {
            if (isUnknown(v)) { findings.defer(path); return true; }
            return test(v);
        };

        const lc = props.loggingConfiguration;
        if (ok(lc, "loggingConfiguration", (v) => !!v)) {
            if (!isUnknown(lc)) {
                if (!ok(lc.level, "loggingConfiguration.level", (v) => levels.includes(v))) {
                    findings.add(`loggingConfiguration.level is ${lc.level ?? "unset (OFF)"}; use ${levels.join(" or ")}.`);
                }
                if (requireData && !ok(lc.includeExecutionData, "loggingConfiguration.includeExecutionData", (v) => v === true)) {
                    findings.add("loggingConfiguration.includeExecutionData is not true: logged events lack execution input and output.");
                }
                if (!isSet(lc.logDestination)) findings.add("loggingConfiguration.logDestination is not set.");
            }
        } else findings.add("loggingConfiguration is not set: executions are not logged.");

        const tc = props.tracingConfiguration;
        if (ok(tc, "tracingConfiguration", () => true) && !isUnknown(tc)
            && !ok(tc?.enabled, "tracingConfiguration.enabled", (v) => v === true)) {
            findings.add("tracingConfiguration.enabled is not true: executions are not traced with X-Ray.");
        }

        return findings.result();
    },
};
