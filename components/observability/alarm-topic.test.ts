import { expect } from "chai";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { ComponentArgsError } from "../shared/validate";
import { AlarmTopic, AlarmTopicArgs } from "./alarm-topic";

const REGION = "eu-west-1";
const KEY = `arn:aws:kms:${REGION}:123456789012:key/11111111-0000-4000-a000-00000000000a`;

describe("observability/AlarmTopic", () => {
    it("encrypts the topic with the key, lets only this account's alarms of its region publish over TLS, and emails each address", async () => {
        const rec = await recordProgram(() => { new AlarmTopic("shop-alarms", { topicName: "shop-alarms", kmsKeyArn: KEY, emails: ["a@example.com", "b@example.com"] }); },
            { project: "test", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, "123456789012") });
        const topic = rec.resources.find((r) => r.type === "aws:sns/topic:Topic")!;
        expect(topic.inputs).to.include({ name: "shop-alarms", kmsMasterKeyId: KEY });
        const policy = JSON.parse(String(rec.resources.find((r) => r.type === "aws:sns/topicPolicy:TopicPolicy")!.inputs.policy));
        expect(policy.Statement[1]).to.deep.equal({
            Sid: "CloudWatchAlarmsPublish", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish",
            Resource: `arn:aws:sns:${REGION}:123456789012:shop-alarms`,
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:123456789012:alarm:*` } },
        });
        expect(policy.Statement[0]).to.include({ Sid: "DenyWithoutTls", Effect: "Deny" });
        const subs = rec.resources.filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription");
        expect(subs.map((s) => [s.name, s.inputs.protocol, s.inputs.endpoint])).to.deep.equal([
            ["shop-alarms-email-0", "email", "a@example.com"], ["shop-alarms-email-1", "email", "b@example.com"]]);
    });
    it("refuses an alias for a key and a malformed email, naming each, before registering anything", () => {
        const bad: AlarmTopicArgs = { topicName: "shop alarms", kmsKeyArn: "alias/aws/sns", emails: ["oncall"] };
        try { new AlarmTopic("x", bad); expect.fail("should throw"); } catch (e) {
            expect(e).to.be.instanceOf(ComponentArgsError);
            expect((e as ComponentArgsError).problems).to.deep.equal([
                "topicName: 'shop alarms' is not allowed; expected 1-256 letters, digits, '-' or '_'",
                "kmsKeyArn: 'alias/aws/sns' is not allowed; expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
                "emails[0]: 'oncall' is not allowed; expected an email address such as oncall@example.com",
            ]);
        }
    });
});
