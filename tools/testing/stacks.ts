/**
 * Test support: the stacks' configuration as the Pulumi engine hands it to the program (Pulumi.yaml defaults merged
 * into Pulumi.<stack>.yaml, required keys enforced, declared types checked), so tests compose the platform from the
 * real stack files instead of a copy of their values.
 */
import * as path from "path";
import { loadProject, loadStackConfig, Project } from "../plan/project";

export const ROOT = path.resolve(__dirname, "..", "..");

let project: Project | undefined;

/** This repository's Pulumi.yaml, read once. */
export function platformProject(): Project {
    return (project ??= loadProject(ROOT));
}

/**
 * The config the program receives for `stack` (`dev`, `prod`, or another stack file of the repository), with `set`
 * applied as if the stack file set those keys (bare keys are the project's). Throws the engine's errors.
 */
export function stackConfig(stack: string, set: Record<string, unknown> = {}): Record<string, string> {
    return loadStackConfig(platformProject(), stack, set).config;
}
