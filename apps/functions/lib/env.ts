/** Reading the environment: the only place the handlers touch `process.env` (names from contract.ts ENV). */

/** The value of a required variable; throws an error naming it when unset or empty (a deployment mistake). */
export function requireEnv(name: string): string {
    const value = process.env[name];
    if (value === undefined || value === "") {
        throw new Error(`Environment variable ${name} is not set; the integration layer sets it for this function (apps/functions/contract.ts FUNCTION_ENV)`);
    }
    return value;
}

/** The value of an optional variable, `undefined` when unset or empty. */
export function optionalEnv(name: string): string | undefined {
    const value = process.env[name];
    return value === undefined || value === "" ? undefined : value;
}
