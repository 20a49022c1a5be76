/** Test support for the delivery components: fixed keys, the boundary and a recording helper. */
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram, Recording } from "../../tools/plan/recorder";

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
export const PIPELINE_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-0000000000aa`;
export const LOGS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-0000000000bb`;
export const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/test/workload-boundary`;
export const BUCKET_ARN = "arn:aws:s3:::shop-prod-artifacts-123456789012";

export function record(program: () => unknown, stack = "prod"): Promise<Recording> {
    return recordProgram(program, { project: "test", stack, config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
}

/** The statements of a recorded policy document (JSON text). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read statements loosely
export function statementsOf(policy: unknown): any[] {
    return (JSON.parse(policy as string) as { Statement: any[] }).Statement; // eslint-disable-line @typescript-eslint/no-explicit-any
}
