/**
 * Test support: the composed platform of a repository stack (its stack file as the engine hands it over, account
 * 123456789012), recorded once per process and shared by every test file that reads it. Mocha runs files in a few
 * long-lived workers, so each worker plans each stack at most once instead of once per file. Readers must not mutate
 * the recording.
 */
import { parsePlatformConfig, PROJECT } from "../../stacks/config";
import { platformOutputs } from "../../stacks/outputs";
import { createPlatform } from "../../stacks/platform";
import { cloudContextFor } from "../plan/mock-cloud";
import { recordProgram, Recording } from "../plan/recorder";
import { stackConfig } from "./stacks";

/** The account the shared recordings run in. */
export const STACK_PLAN_ACCOUNT = "123456789012";

const plans = new Map<string, Promise<Recording>>();

/** The platform of `stack` (`dev`, `prod`) as `pulumi up` (or, with `preview`, a first `pulumi preview`) would register it. */
export function plannedStack(stack: string, opts: { preview?: boolean } = {}): Promise<Recording> {
    const key = `${stack}${opts.preview ? " preview" : ""}`;
    let plan = plans.get(key);
    if (!plan) {
        plan = recordStack(stack, {}, opts.preview);
        plans.set(key, plan);
    }
    return plan;
}

/** A fresh recording of `stack` with `set` applied as if its stack file set those keys (not shared). */
export function recordStack(stack: string, set: Record<string, unknown> = {}, preview = false): Promise<Recording> {
    const config = stackConfig(stack, set);
    return recordProgram(() => platformOutputs(createPlatform(parsePlatformConfig(config, stack))), {
        project: PROJECT, stack, config, cloud: cloudContextFor(config["aws:region"], STACK_PLAN_ACCOUNT), preview,
    });
}
