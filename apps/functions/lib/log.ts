/**
 * Structured logging: one JSON object per line (`level`, `message`, `function`, `time`, then context such as
 * `requestId` and `orderId`). Values under keys that can carry a credential or personal data (tokens, signatures,
 * keys, emails, bodies) are replaced by `[redacted]`, so a careless call cannot leak them.
 */

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where lines go (stdout in Lambda, a capture in tests). */
export type LogSink = (line: string) => void;

/** Context fields attached to every line of a logger. */
export type LogFields = Record<string, unknown>;

export interface Logger {
    debug(message: string, fields?: LogFields): void;
    info(message: string, fields?: LogFields): void;
    warn(message: string, fields?: LogFields): void;
    error(message: string, fields?: LogFields): void;
    /** A logger adding `fields` to every line. */
    child(fields: LogFields): Logger;
}

/** Keys whose values are never written. */
const REDACTED_KEY = /token|secret|signature|signingkey|password|authorization|email|body|cause/i;

function redact(value: unknown, depth = 0): unknown {
    if (value instanceof Error) {
        return { name: value.name, message: value.message };
    }
    if (value === null || typeof value !== "object" || depth > 4) {
        return value;
    }
    if (Array.isArray(value)) {
        return value.map((item) => redact(item, depth + 1));
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
        out[key] = REDACTED_KEY.test(key) ? "[redacted]" : redact(item, depth + 1);
    }
    return out;
}

/** The level named by LOG_LEVEL (any case); `info` when unset; an unknown value is refused naming the allowed ones. */
export function parseLogLevel(value: string | undefined): LogLevel {
    if (value === undefined || value === "") {
        return "info";
    }
    const level = value.toLowerCase();
    if (!(LOG_LEVELS as readonly string[]).includes(level)) {
        throw new Error(`LOG_LEVEL '${value}' is not a log level; expected one of: ${LOG_LEVELS.join(", ")}`);
    }
    return level as LogLevel;
}

/** Options of createLogger. */
export interface LoggerOptions {
    /** The function's name (contract.ts FUNCTION_NAMES), on every line. */
    functionName: string;
    /** Minimum level written. Defaults to info. */
    level?: LogLevel;
    /** Where lines go. Defaults to stdout. */
    sink?: LogSink;
    /** Clock for `time`. Defaults to Date.now. */
    now?: () => number;
}

export function createLogger(options: LoggerOptions, fields: LogFields = {}): Logger {
    const minimum = LOG_LEVELS.indexOf(options.level ?? "info");
    const sink = options.sink ?? ((line: string) => void process.stdout.write(`${line}\n`));
    const now = options.now ?? Date.now;
    const write = (level: LogLevel, message: string, extra?: LogFields) => {
        if (LOG_LEVELS.indexOf(level) < minimum) {
            return;
        }
        const context = redact({ ...fields, ...extra }) as LogFields;
        sink(JSON.stringify({ level, message, function: options.functionName, time: new Date(now()).toISOString(), ...context }));
    };
    return {
        debug: (message, extra) => write("debug", message, extra),
        info: (message, extra) => write("info", message, extra),
        warn: (message, extra) => write("warn", message, extra),
        error: (message, extra) => write("error", message, extra),
        child: (extra) => createLogger(options, { ...fields, ...extra }),
    };
}
