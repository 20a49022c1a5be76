import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram, Recording } from "../../tools/plan/recorder";
import { AppFlowImport, AppFlowImportArgs, appFlowBucketStatements, validateAppFlowImportArgs } from "./appflow-import";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-0000-4000-a000-0000000000a5`;
const BUCKET = "shop-dev-data-lake-123456789012";
const FLOW = "aws:appflow/flow:Flow";

function args(over: Partial<AppFlowImportArgs> = {}): AppFlowImportArgs {
    return { flowName: "shop-dev-salesforce-orders", connectorProfileName: "salesforce", bucketName: BUCKET, prefix: "raw/", kmsKeyArn: KEY, ...over };
}

function record(program: () => unknown): Promise<Recording> {
    return recordProgram(program, { project: "test", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
}

function problems(a: unknown): string[] {
    try {
        validateAppFlowImportArgs(a as AppFlowImportArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("integration/AppFlowImport", () => {
    it("imports Salesforce Order daily and incrementally, every field as is, as JSON under <prefix><flow>/, with the key", async () => {
        const rec = await record(() => {
            const f = new AppFlowImport("import", args({ tags: { Team: "data" } }));
            return { s3Path: f.s3Path, objectPrefix: f.objectPrefix };
        });
        const flow = rec.resources.filter((r) => r.type === FLOW);
        expect(flow).to.have.length(1);
        expect(flow[0].inputs).to.deep.include({ name: "shop-dev-salesforce-orders", kmsArn: KEY, tags: { Team: "data", Name: "shop-dev-salesforce-orders" } });
        expect((flow[0].inputs.sourceFlowConfig as Record<string, unknown>).sourceConnectorProperties).to.deep.equal({ salesforce: { object: "Order" } });
        expect(flow[0].inputs.tasks).to.deep.equal([{
            taskType: "Map_all", sourceFields: [], connectorOperators: [{ salesforce: "NO_OP" }], taskProperties: { EXCLUDE_SOURCE_FIELDS_LIST: "[]" },
        }]);
        expect((flow[0].inputs.triggerConfig as any).triggerProperties.scheduled).to.deep.equal({ scheduleExpression: "rate(1days)", dataPullMode: "Incremental" });
        expect((flow[0].inputs.destinationFlowConfigs as any)[0].destinationConnectorProperties.s3.bucketPrefix).to.equal("raw");
        expect(rec.outputs).to.deep.equal({ s3Path: `s3://${BUCKET}/raw/shop-dev-salesforce-orders/`, objectPrefix: "raw/shop-dev-salesforce-orders/" });
    });

    it("gives the bucket policy statements AppFlow needs, for this account's flows only", async () => {
        const statements = await new Promise<unknown>((resolve) => pulumi.output(appFlowBucketStatements(`arn:aws:s3:::${BUCKET}`, "raw/", ACCOUNT))
            .apply((s) => { resolve(s); return s; }));
        expect(statements).to.deep.equal([
            {
                Sid: "AppFlowWritesRaw", Effect: "Allow", Principal: { Service: "appflow.amazonaws.com" },
                Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], Resource: `arn:aws:s3:::${BUCKET}/raw/*`,
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            },
            {
                Sid: "AppFlowChecksBucket", Effect: "Allow", Principal: { Service: "appflow.amazonaws.com" },
                Action: ["s3:ListBucketMultipartUploads", "s3:GetBucketAcl"], Resource: `arn:aws:s3:::${BUCKET}`,
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            },
        ]);
    });

    it("names every wrong field, and registers nothing", async () => {
        expect(problems(args())).to.deep.equal([]);
        expect(problems(args({ flowName: "-x", prefix: "raw", kmsKeyArn: "alias/aws/appflow", object: "Order__c!", scheduleExpression: "rate(0days)" }))).to.deep.equal([
            "flowName: '-x' is not allowed; expected 1-256 letters, digits or _!@#.-, starting with a letter or digit",
            "prefix: 'raw' is not allowed; expected one or more folders of lowercase letters, digits or ._=-, each ending with '/', such as raw/salesforce/",
            "kmsKeyArn: 'alias/aws/appflow' is not allowed; expected the ARN of a customer-managed KMS key (arn:aws:kms:<region>:<account>:key/<id>), never an alias or an AWS-managed key",
            "object: 'Order__c!' is not allowed; expected a Salesforce object's API name, such as Order or Opportunity",
            "scheduleExpression: 'rate(0days)' is not allowed; expected rate(<n>minutes), rate(<n>hours) or rate(<n>days), such as rate(1days)",
        ]);
        let error: unknown;
        const rec = await record(() => { try { new AppFlowImport("bad", args({ prefix: "/raw/" })); } catch (e) { error = e; } });
        expect(error).to.be.instanceOf(ComponentArgsError);
        expect(rec.resources.filter((r) => r.type === FLOW || r.type === "platform:integration:AppFlowImport")).to.deep.equal([]);
    });
});
