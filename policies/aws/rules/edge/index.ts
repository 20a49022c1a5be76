import { Rule } from "../../../lib/rule";
import { edgeAccessLogs } from "./edge-access-logs";
import { edgeHttpsTls12 } from "./edge-https-tls12";

export const rules: Rule[] = [edgeHttpsTls12, edgeAccessLogs];
