/**
 * Test support: what the components' pack-test programs share: a dev or prod stack's name prefix, its protection
 * flag, and the security layer (keys, workload boundary) built as the stack builds it; and the pack runs over such a
 * program in dev and prod, each as a first preview and as up.
 */
import { SecurityLayer } from "../../components/security/layer";
import { awsPackRuns, PackRun } from "./policies";

/** The project the pack-test programs run in. */
export const PACK_TEST_PROJECT = "ecommerce-platform";

/** The stacks every component's pack test covers. */
export type PackTestStack = "dev" | "prod";

/** A stack of a pack-test program: `prod` protects, `prefix` is `<project>-<stack>`, the security layer's keys and boundary. */
export function packTestStack(stack: PackTestStack): { prod: boolean; prefix: string; security: SecurityLayer } {
    const prefix = `${PACK_TEST_PROJECT}-${stack}`;
    const prod = stack === "prod";
    const security = new SecurityLayer(prefix, {
        config: { kmsDeletionWindowDays: 30, keyAdminRoleArns: [] }, aliasPrefix: `${PACK_TEST_PROJECT}/${stack}`, protect: prod,
    });
    return { prod, prefix, security };
}

/** The AWS pack over `program` in dev and prod, each as a first preview and as up: runs keyed `<stack> <phase>`. */
export function awsPackRunsByStack(program: (stack: PackTestStack) => unknown): Promise<Record<string, PackRun>> {
    return awsPackRuns({ dev: { stack: "dev", program: () => program("dev") }, prod: { stack: "prod", program: () => program("prod") } });
}
