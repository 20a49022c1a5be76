/** TaskCallbacks on Step Functions (SendTaskSuccess / SendTaskFailure). */
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from "@aws-sdk/client-sfn";
import type { CallbackOutcome, TaskCallbacks } from "../ports";

/** The subset of SFNClient used (a fake in tests). */
export interface SfnSender {
    send(command: SendTaskSuccessCommand | SendTaskFailureCommand): Promise<unknown>;
}

/** Errors meaning the task is no longer waiting (already completed, timed out, or the token is unknown). */
const CLOSED_TASK_ERRORS = new Set(["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"]);

async function outcome(call: Promise<unknown>): Promise<CallbackOutcome> {
    try {
        await call;
        return "sent";
    } catch (error) {
        if (CLOSED_TASK_ERRORS.has((error as Error).name)) {
            return "closed";
        }
        throw error;
    }
}

export function sfnTaskCallbacks(client: SfnSender = new SFNClient({})): TaskCallbacks {
    return {
        succeed: (taskToken, output) => outcome(client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }))),
        // States limits: error 256 characters, cause 32768.
        fail: (taskToken, error, cause) =>
            outcome(client.send(new SendTaskFailureCommand({ taskToken, error: error.slice(0, 256), cause: cause.slice(0, 32768) }))),
    };
}
