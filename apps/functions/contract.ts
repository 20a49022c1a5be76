/**
 * The contract between the order-fulfilment functions (handlers in this folder, bundled by esbuild) and the
 * integration layer that deploys them (components/integration/): function names, the environment variables each
 * reads (names and ARNs only, never a secret's value), the workflow table's records, and the shapes passed between
 * the Step Functions states. Both sides import this file; nothing here touches AWS.
 */

/** The functions, by name: entry point `apps/functions/<name>.ts`, exporting `handler`. */
export const FUNCTION_NAMES = [
    "validate-order",
    "reserve-stock",
    "release-stock",
    "take-payment",
    "refund-payment",
    "arrange-shipping",
    "payment-webhook",
    "shipping-webhook",
    "archive-order-events",
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The workflow's task functions (invoked by the state machine, synchronously). */
export const TASK_FUNCTIONS = ["validate-order", "reserve-stock", "release-stock", "take-payment", "refund-payment", "arrange-shipping"] as const;
/** The partner webhooks (invoked by API Gateway, synchronously). */
export const WEBHOOK_FUNCTIONS = ["payment-webhook", "shipping-webhook"] as const;
/** The partners that call a webhook, each with its signing secret. */
export const PARTNERS = ["payment", "shipping"] as const;
export type Partner = (typeof PARTNERS)[number];

/** Environment variables (values are names, ARNs, URLs: never a credential). */
export const ENV = {
    /** Every function: the DynamoDB table of workflow records (idempotency and state). Not archive-order-events. */
    workflowTable: "WORKFLOW_TABLE",
    /** shipping-webhook: the order-status SNS topic it publishes `shipped` / `delivered` to. */
    orderStatusTopicArn: "ORDER_STATUS_TOPIC_ARN",
    /** Webhooks, take-payment, refund-payment, arrange-shipping: the partner's signing key secret (Secrets Manager ARN). */
    partnerSecretArn: "PARTNER_SECRET_ARN",
    /** take-payment, refund-payment, arrange-shipping: the partner's API base URL; unset = sandbox (no outbound call). */
    partnerUrl: "PARTNER_URL",
    /** archive-order-events: the data-lake bucket and the prefix raw events are written under (ends with `/`). */
    dataLakeBucket: "DATA_LAKE_BUCKET",
    rawPrefix: "RAW_PREFIX",
    /** Every function: minimum log level (debug, info, warn, error). Defaults to info. */
    logLevel: "LOG_LEVEL",
} as const;

/** Which variables each function reads (the integration layer sets exactly these). */
export const FUNCTION_ENV: Readonly<Record<FunctionName, readonly (typeof ENV)[keyof typeof ENV][]>> = {
    "validate-order": [ENV.workflowTable, ENV.logLevel],
    "reserve-stock": [ENV.workflowTable, ENV.logLevel],
    "release-stock": [ENV.workflowTable, ENV.logLevel],
    "take-payment": [ENV.workflowTable, ENV.partnerSecretArn, ENV.partnerUrl, ENV.logLevel],
    "refund-payment": [ENV.workflowTable, ENV.partnerSecretArn, ENV.partnerUrl, ENV.logLevel],
    "arrange-shipping": [ENV.workflowTable, ENV.partnerSecretArn, ENV.partnerUrl, ENV.logLevel],
    "payment-webhook": [ENV.workflowTable, ENV.partnerSecretArn, ENV.logLevel],
    "shipping-webhook": [ENV.workflowTable, ENV.partnerSecretArn, ENV.orderStatusTopicArn, ENV.logLevel],
    "archive-order-events": [ENV.dataLakeBucket, ENV.rawPrefix, ENV.logLevel],
};

/** The partner each function talks to (its PARTNER_SECRET_ARN / PARTNER_URL). */
export const FUNCTION_PARTNER: Readonly<Partial<Record<FunctionName, Partner>>> = {
    "take-payment": "payment",
    "refund-payment": "payment",
    "payment-webhook": "payment",
    "arrange-shipping": "shipping",
    "shipping-webhook": "shipping",
};

/**
 * Workflow table records (table `pk`/`sk`, string keys; `expiresAt` epoch seconds is the table's TTL attribute).
 * Every first write is a conditional put (`attribute_not_exists(pk)`): a replay finds the record and does nothing.
 */
export const RECORDS = {
    /** pk of every record of an order. */
    orderKey: (orderId: string) => `order#${orderId}`,
    /** The order accepted by validate-order (status `accepted`). */
    order: "order",
    /** The stock reservation (status `reserved` | `released`). */
    stock: "stock",
    /** The payment (status `pending` | `succeeded` | `failed` | `refunded`; `taskToken` while pending). */
    payment: "payment",
    /** The shipment (status `requested` | `shipped` | `delivered`; `shipmentId`). */
    shipment: "shipment",
    /** A partner webhook event already handled: sk `webhook#<partner>#<eventId>`. */
    webhookEvent: (partner: Partner, eventId: string) => `webhook#${partner}#${eventId}`,
    /** Days a record is kept (TTL). */
    retentionDays: 90,
} as const;

/** Order statuses published to the order-status topic (message attribute `status`). */
export const ORDER_STATUS = ["created", "paid", "shipped", "delivered", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUS)[number];

/** One order line, as the workflow carries it. */
export interface OrderLine {
    productId: string;
    quantity: number;
    /** Price of one unit in the shop's currency's minor unit (the retail orders service's integer price). */
    unitPrice: number;
}

/**
 * The workflow's input: one SQS message of order-events as the EventBridge Pipe passes it (input template
 * `{"messageId": <$.messageId>, "body": <$.body>}`). `body` is the orders service's OrderCreatedEvent JSON
 * (`{"order": {"id", "firstName", "lastName", "email", "orderItems": [{"productId", "quantity", "price", ...}]}}`),
 * either parsed (an object) or still a string.
 */
export interface WorkflowInput {
    messageId: string;
    body: unknown;
}

/** validate-order's output, the workflow's `$.order`. */
export interface ValidatedOrder {
    orderId: string;
    customer: { firstName: string; lastName: string; email?: string };
    items: OrderLine[];
    /** Sum of quantity * unitPrice. */
    total: number;
    /** True when this order was already accepted (a redelivered message): the workflow stops without side effects. */
    duplicate: boolean;
}

/** reserve-stock / release-stock input: `{ orderId, items }`; output `{ reservationId, status }`. */
export interface StockResult { reservationId: string; status: "reserved" | "released" }
/** take-payment input (with `.waitForTaskToken`): `{ taskToken, orderId, total }`; it returns nothing useful: the
 * payment webhook completes the task with a PaymentResult (SendTaskSuccess) or fails it (error `PaymentDeclined`). */
export interface PaymentResult { paymentId: string; status: "succeeded" }
/** refund-payment input `{ orderId }`; output `{ status: "refunded" | "nothing-to-refund" }`. */
export interface RefundResult { status: "refunded" | "nothing-to-refund" }
/** arrange-shipping input `{ orderId, customer, items }`; output `{ shipmentId, status: "requested" }`. */
export interface ShipmentResult { shipmentId: string; status: "requested" }

/** Error names the handlers throw that the workflow catches (States `ErrorEquals`). */
export const WORKFLOW_ERRORS = {
    /** validate-order: the message is not an order (not retried; the workflow fails fast). */
    invalidOrder: "InvalidOrder",
    /** take-payment: the partner refused the request; the payment webhook: the partner declined the payment. */
    paymentDeclined: "PaymentDeclined",
    /** arrange-shipping: the shipping partner refused the shipment. */
    shippingRefused: "ShippingRefused",
    /** take-payment, refund-payment, arrange-shipping: the partner was unreachable or answered 5xx/408/429 (retried). */
    partnerUnavailable: "PartnerUnavailable",
} as const;

/**
 * Webhook request contract (both partners): POST, JSON body, headers `x-signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<raw body>" with the partner's signing key>` and `x-timestamp: <unix seconds>`; requests older or newer
 * than WEBHOOK_TOLERANCE_SECONDS are refused as replays. The signing key is the secret's `signingKey` JSON field.
 * Responses: 202 accepted, 200 duplicate (already handled), 400 malformed (message names the field), 401 bad or
 * missing signature, 404 unknown order, 409 wrong state, 503 signing key not configured.
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
export const WEBHOOK_HEADERS = { signature: "x-signature", timestamp: "x-timestamp" } as const;
/** payment-webhook body. */
export interface PaymentEvent { eventId: string; orderId: string; paymentId: string; status: "succeeded" | "failed"; reason?: string }
/** shipping-webhook body. */
export interface ShippingEvent { eventId: string; orderId: string; shipmentId: string; status: "shipped" | "delivered" }

/**
 * A message on the order-status topic: JSON with at least these fields; the SNS message attribute `status` repeats
 * `status` (subscriptions filter on it). shipping-webhook adds `shipmentId`.
 */
export interface OrderStatusMessage {
    orderId: string;
    status: OrderStatus;
    /** ISO-8601 time of the change. */
    at: string;
    [field: string]: unknown;
}

/**
 * One archived order-status event, as archive-order-events writes it: one JSON line per object at
 * `<RAW_PREFIX>dt=YYYY-MM-DD/<messageId>.json` (the day the message was sent, UTC), for the Glue crawler.
 */
export interface ArchivedOrderEvent {
    /** The SQS message id (a redelivery overwrites the same object). */
    messageId: string;
    /** ISO-8601 time SQS received the message. */
    sentAt: string;
    /** The `status` message attribute, null when absent. */
    status: string | null;
    /** The message's `orderId`, null when absent. */
    orderId: string | null;
    /** The message: parsed JSON (an OrderStatusMessage), or the raw text when it is not JSON. */
    message: unknown;
}
