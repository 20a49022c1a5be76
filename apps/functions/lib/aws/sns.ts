/** StatusPublisher on the order-status SNS topic: the message as JSON, its status as the `status` attribute. */
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { StatusPublisher } from "../ports";

/** The subset of SNSClient used (a fake in tests). */
export interface SnsSender {
    send(command: PublishCommand): Promise<unknown>;
}

export function snsStatusPublisher(topicArn: string, client: SnsSender = new SNSClient({})): StatusPublisher {
    return {
        async publish(message) {
            await client.send(
                new PublishCommand({
                    TopicArn: topicArn,
                    Message: JSON.stringify(message),
                    MessageAttributes: { status: { DataType: "String", StringValue: message.status } },
                }),
            );
        },
    };
}
