import type { ServiceSpec } from "@ecommerce-platform/components/compute";

/**
 * The order-notifications service (a product team's): it consumes the platform's `order-notifications` queue (the
 * order-status fan-out nothing in the platform consumes) and sends e-mail or push messages. Its needs give it
 * sqs:ReceiveMessage/DeleteMessage on that queue and kms:Decrypt on the events key through SQS, and nothing else.
 */
export function notificationsSpec(image: { repository: string; tag: string }): ServiceSpec {
    return {
        name: "notifications",
        image,
        probes: { readiness: { path: "/health" }, liveness: { path: "/health" } },
        resources: { cpu: "100m", memory: "256Mi" },
        replicas: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 4 } },
        env: { NOTIFICATIONS_QUEUE_URL: "{{order-notifications.url}}" },
        needs: [
            { kind: "queue", name: "order-notifications", access: "receive" },
            { kind: "key", domain: "events" },
        ],
    };
}
