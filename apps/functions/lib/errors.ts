import { WORKFLOW_ERRORS } from "../contract";

/** Errors the workflow catches by name (contract.ts WORKFLOW_ERRORS): Step Functions matches `errorType`, the name. */

/** An Error whose `name` is the workflow error (`InvalidOrder`, `PaymentDeclined`, `ShippingRefused`, ...). */
export function namedError(name: string, message: string): Error {
    const error = new Error(message);
    error.name = name;
    return error;
}

/** The partner could not be reached or answered 5xx/408/429: retried by the workflow. */
export const PARTNER_UNAVAILABLE = WORKFLOW_ERRORS.partnerUnavailable;
