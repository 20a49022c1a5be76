/** What every entry file shares: its logger, and `handler` built from the default adapters on first call. */
import { ENV } from "../contract";
import type { FunctionName } from "../contract";
import { optionalEnv } from "./env";
import { createLogger, parseLogLevel } from "./log";
import type { Logger } from "./log";
import type { BaseDeps, InvocationContext } from "./ports";

/** The deps' logger (or one at LOG_LEVEL on stdout) with the invocation's requestId. */
export function invocationLogger(functionName: FunctionName, deps: BaseDeps, context: InvocationContext | undefined): Logger {
    const base = deps.logger ?? createLogger({ functionName, level: parseLogLevel(optionalEnv(ENV.logLevel)), now: () => deps.clock.now() });
    return base.child({ requestId: context?.awsRequestId });
}

/** `handler`: createHandler(defaults()) built on the first invocation, reused by the next ones (warm container). */
export function lazyHandler<E, R, D>(
    createHandler: (deps: D) => (event: E, context?: InvocationContext) => Promise<R>,
    defaults: () => D,
): (event: E, context?: InvocationContext) => Promise<R> {
    let built: ((event: E, context?: InvocationContext) => Promise<R>) | undefined;
    return (event, context) => {
        built ??= createHandler(defaults());
        return built(event, context);
    };
}

/** The system clock. */
export const systemClock = { now: () => Date.now() };
