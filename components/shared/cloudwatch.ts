/**
 * CloudWatch Logs facts shared by every component that creates a log group and by the config that sets retention.
 */

/** The retention periods CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** True for a retention period CloudWatch Logs accepts. */
export function isLogRetention(days: unknown): boolean {
    return (LOG_RETENTION_DAYS as readonly unknown[]).includes(days);
}
