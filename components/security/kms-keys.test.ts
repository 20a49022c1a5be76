import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, Recording } from "../../tools/plan/recorder";
import { DataKeys, DataKeysArgs, KeyDomain, keyAdministrators, keyPolicy, KeyPolicyContext } from "./kms-keys";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
/** The role behind the mock cloud's caller identity (arn:aws:sts::<account>:assumed-role/planner/offline). */
const DEPLOYER_ARN = `arn:aws:iam::${ACCOUNT}:role/planner`;
const SESSION_CONTEXT = "aws:iam/getSessionContext:getSessionContext";
const COMPONENT = "platform:security:DataKeys";
const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";

const DOMAINS: KeyDomain[] = [
    { name: "logs", description: "Log groups", servicePrincipals: ["logs"] },
    { name: "audit", description: "CloudTrail", servicePrincipals: ["cloudtrail"], viaServices: ["s3"] },
    { name: "orders", description: "Orders database", viaServices: ["rds", "secretsmanager"] },
    { name: "events", description: "Queues and topics", viaServices: ["sqs", "sns"], servicePrincipals: ["sns"] },
    { name: "plain", description: "Nothing declared" },
];

function args(over: Partial<DataKeysArgs> = {}): DataKeysArgs {
    return { domains: DOMAINS, aliasPrefix: "shop/dev", ...over };
}

function record(program: () => unknown, region = REGION): Promise<Recording> {
    return recordProgram(program, {
        project: "test", stack: "dev", config: { "aws:region": region },
        cloud: cloudContextFor(region, ACCOUNT),
    });
}

async function build(a: DataKeysArgs, name = "keys", region = REGION) {
    let keys: DataKeys | undefined;
    const rec = await record(() => {
        keys = new DataKeys(name, a);
        return { keyArns: keys.keyArns, aliasNames: keys.aliasNames };
    }, region);
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const key = (domain: string): PlanResource => {
        const found = of(KEY).filter((r) => r.name === `${name}-${domain}`);
        expect(found, domain).to.have.length(1);
        return found[0];
    };
    const policy = (domain: string) => JSON.parse(key(domain).inputs.policy as string);
    const statement = (domain: string, sid: string) => policy(domain).Statement.find((s: any) => s.Sid === sid);
    return { rec, keys: keys!, of, key, policy, statement };
}

describe("kms/DataKeys", () => {
    describe("defaults", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(args({ tags: { Team: "platform" } })); });

        it("creates one key and one alias per domain", () => {
            // Registration order follows input resolution, not declaration order: compare as sets.
            expect(b.of(KEY).map((k) => k.name)).to.have.members(DOMAINS.map((d) => `keys-${d.name}`));
            expect(b.of(ALIAS).map((a) => a.name)).to.have.members(DOMAINS.map((d) => `keys-${d.name}`));
            expect(b.rec.resources).to.have.length(2 + 2 * DOMAINS.length);
        });
        it("keys are symmetric, rotate yearly, wait 30 days before deletion and keep the lockout guard", () => {
            for (const d of DOMAINS) {
                expect(b.key(d.name).inputs, d.name).to.include({
                    description: d.description,
                    keyUsage: "ENCRYPT_DECRYPT",
                    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                    enableKeyRotation: true,
                    rotationPeriodInDays: 365,
                    deletionWindowInDays: 30,
                    bypassPolicyLockoutSafetyCheck: false,
                    multiRegion: false,
                });
            }
        });
        it("aliases are alias/<prefix>/<domain> and target their own key", () => {
            for (const d of DOMAINS) {
                const alias = b.of(ALIAS).find((a) => a.name === `keys-${d.name}`)!;
                expect(alias.inputs.name).to.equal(`alias/shop/dev/${d.name}`);
                expect(alias.propertyDependencies.targetKeyId).to.deep.equal([b.key(d.name).urn]);
            }
            expect(b.rec.outputs.aliasNames).to.deep.equal(Object.fromEntries(DOMAINS.map((d) => [d.name, `alias/shop/dev/${d.name}`])));
        });
        it("exposes one distinct key ARN per domain", () => {
            const arns = b.rec.outputs.keyArns as Record<string, string>;
            expect(Object.keys(arns).sort()).to.deep.equal(DOMAINS.map((d) => d.name).sort()); // the engine keeps no key order
            for (const arn of Object.values(arns)) expect(arn).to.match(new RegExp(`^arn:aws:kms:${REGION}:${ACCOUNT}:key/[0-9a-f-]{36}$`));
            expect(new Set(Object.values(arns)).size).to.equal(DOMAINS.length);
        });
        it("the administration statement names the account root by default and grants no data use", () => {
            for (const d of DOMAINS) {
                const admin = b.statement(d.name, "KeyAdministration");
                expect(admin.Principal).to.deep.equal({ AWS: [ROOT_ARN] });
                expect(admin.Effect).to.equal("Allow");
                expect(admin.Action).to.include.members(["kms:Create*", "kms:Put*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"]);
                for (const use of ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:*"]) expect(admin.Action, d.name).to.not.include(use);
            }
        });
        it("the ViaService statement lists '<svc>.<region>.amazonaws.com' for exactly the declared services, for this account", () => {
            for (const d of DOMAINS.filter((x) => x.viaServices?.length)) {
                const via = b.statement(d.name, "UseThroughDeclaredServices");
                expect(via.Principal).to.deep.equal({ AWS: ROOT_ARN });
                expect(via.Condition.StringEquals["kms:ViaService"]).to.deep.equal(d.viaServices!.map((s) => `${s}.${REGION}.amazonaws.com`));
                expect(via.Condition.StringEquals["kms:CallerAccount"]).to.equal(ACCOUNT);
                expect(via.Action).to.include.members(["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant"]);
            }
        });
        it("domains without viaServices get no ViaService statement", () => {
            expect(b.statement("logs", "UseThroughDeclaredServices")).to.equal(undefined);
            expect(b.statement("plain", "UseThroughDeclaredServices")).to.equal(undefined);
            expect(b.policy("plain").Statement.map((s: any) => s.Sid)).to.deep.equal(["KeyAdministration"]);
        });
        it("the logs service principal is scoped by the log-group encryption context of this account", () => {
            const logs = b.statement("logs", "CloudWatchLogs");
            expect(logs.Principal).to.deep.equal({ Service: `logs.${REGION}.amazonaws.com` });
            expect(logs.Condition).to.deep.equal({
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*` },
            });
            expect(b.statement("orders", "CloudWatchLogs")).to.equal(undefined);
        });
        it("the cloudtrail principal is scoped to this account's trails", () => {
            const ct = b.statement("audit", "CloudTrail");
            expect(ct.Principal).to.deep.equal({ Service: "cloudtrail.amazonaws.com" });
            expect(ct.Condition).to.deep.equal({
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
            });
            expect(ct.Action).to.equal("kms:GenerateDataKey*");
        });
        it("cloudtrail may describe the key without an encryption context (DescribeKey carries none), for this account's trails only", () => {
            const describe = b.statement("audit", "CloudTrailDescribeKey");
            expect(describe).to.deep.equal({
                Sid: "CloudTrailDescribeKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:DescribeKey", Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
                },
            });
            for (const other of ["logs", "orders", "events"]) expect(b.statement(other, "CloudTrailDescribeKey"), other).to.equal(undefined);
        });
        it("the sns principal may encrypt into and decrypt for this account's topics in this region only", () => {
            const sns = b.statement("events", "SnsTopics");
            expect(sns).to.deep.equal({
                Sid: "SnsTopics", Effect: "Allow", Principal: { Service: "sns.amazonaws.com" },
                Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": `arn:aws:sns:${REGION}:${ACCOUNT}:*` },
                },
            });
            for (const other of ["logs", "audit", "orders", "plain"]) expect(b.statement(other, "SnsTopics"), other).to.equal(undefined);
        });
        it("no statement allows Principal '*' or action kms:*", () => {
            for (const d of DOMAINS) {
                for (const st of b.policy(d.name).Statement) {
                    expect(st.Principal, `${d.name}/${st.Sid}`).to.not.equal("*");
                    expect(JSON.stringify(st.Principal), `${d.name}/${st.Sid}`).to.not.include('"*"');
                    expect([].concat(st.Action), `${d.name}/${st.Sid}`).to.not.include("kms:*");
                    expect(st.Effect).to.equal("Allow");
                }
            }
        });
        it("keys are not protected by default, and aliases never are", () => {
            for (const r of [...b.of(KEY), ...b.of(ALIAS)]) expect(r.options.protect, r.urn).to.equal(false);
        });
        it("tags every key with the given tags, its Name and its DataDomain", () => {
            for (const d of DOMAINS) {
                expect(b.key(d.name).inputs.tags).to.deep.equal({ Team: "platform", Name: `keys-${d.name}`, DataDomain: d.name });
            }
        });
        it("parents every key and alias on the component, with engine-format URNs", () => {
            const componentUrn = `urn:pulumi:dev::test::${COMPONENT}::keys`;
            expect(b.rec.resources[1].urn).to.equal(componentUrn);
            for (const r of b.rec.resources.slice(2)) {
                expect(r.parent, r.urn).to.equal(componentUrn);
                expect(r.urn).to.equal(`urn:pulumi:dev::test::${COMPONENT}$${r.type}::${r.name}`);
            }
            expect(b.key("orders").urn).to.equal("urn:pulumi:dev::test::platform:security:DataKeys$aws:kms/key:Key::keys-orders");
        });
    });

    describe("options", () => {
        it("given adminRoleArns replace the root as administrators, with the deploying role added (root stays the ViaService principal)", async () => {
            const admins = [`arn:aws:iam::${ACCOUNT}:role/KeyAdmins`, `arn:aws:iam::${ACCOUNT}:role/BreakGlass`];
            const b = await build(args({ adminRoleArns: admins }));
            for (const d of DOMAINS) {
                expect(b.statement(d.name, "KeyAdministration").Principal, d.name).to.deep.equal({ AWS: [...admins, DEPLOYER_ARN] });
            }
            expect(b.statement("orders", "UseThroughDeclaredServices").Principal).to.deep.equal({ AWS: ROOT_ARN });
            expect(b.rec.cloud.invokes.get(SESSION_CONTEXT)).to.equal(1);
        });
        it("the deploying role is named once when it is already one of the adminRoleArns", async () => {
            const admins = [DEPLOYER_ARN, `arn:aws:iam::${ACCOUNT}:role/KeyAdmins`];
            const b = await build(args({ adminRoleArns: admins }));
            expect(b.statement("logs", "KeyAdministration").Principal).to.deep.equal({ AWS: admins });
        });
        it("an empty adminRoleArns list falls back to the root (never a key nobody can administer), without a session lookup", async () => {
            const b = await build(args({ adminRoleArns: [] }));
            expect(b.statement("logs", "KeyAdministration").Principal).to.deep.equal({ AWS: [ROOT_ARN] });
            expect(b.rec.cloud.invokes.has(SESSION_CONTEXT)).to.equal(false);
        });
        it("in a China region, the root, the deploying role and the key ARNs are in the aws-cn partition", async () => {
            const admin = `arn:aws-cn:iam::${ACCOUNT}:role/KeyAdmins`;
            const b = await build(args({ adminRoleArns: [admin] }), "keys", "cn-north-1");
            expect(b.statement("logs", "KeyAdministration").Principal).to.deep.equal({ AWS: [admin, `arn:aws-cn:iam::${ACCOUNT}:role/planner`] });
            expect(b.statement("orders", "UseThroughDeclaredServices").Principal).to.deep.equal({ AWS: `arn:aws-cn:iam::${ACCOUNT}:root` });
            expect(b.statement("logs", "CloudWatchLogs").Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"])
                .to.equal(`arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:*`);
            for (const arn of Object.values(b.rec.outputs.keyArns as Record<string, string>)) expect(arn).to.match(/^arn:aws-cn:kms:cn-north-1:/);
        });
        it("deletion window and rotation period are applied to every key", async () => {
            const b = await build(args({ deletionWindowInDays: 7, rotationPeriodInDays: 90 }));
            for (const k of b.of(KEY)) expect(k.inputs).to.include({ deletionWindowInDays: 7, rotationPeriodInDays: 90 });
        });
        it("protect: true sets protect on every key and on no alias", async () => {
            const b = await build(args({ protect: true }));
            expect(b.of(KEY)).to.have.length(DOMAINS.length);
            for (const k of b.of(KEY)) expect(k.options.protect, k.urn).to.equal(true);
            for (const a of b.of(ALIAS)) expect(a.options.protect, a.urn).to.equal(false);
            expect(b.rec.resources.find((r) => r.type === COMPONENT)!.options.protect).to.equal(false);
        });
        it("child names follow the component name", async () => {
            const b = await build(args(), "data");
            expect(b.of(KEY).map((k) => k.name)).to.have.members(DOMAINS.map((d) => `data-${d.name}`));
        });
    });

    describe("keyAdministrators", () => {
        const admin = `arn:aws:iam::${ACCOUNT}:role/KeyAdmins`;
        it("is the root alone when no admin role is given", () => {
            expect(keyAdministrators([], DEPLOYER_ARN, ROOT_ARN)).to.deep.equal([ROOT_ARN]);
        });
        it("is the admin roles then the deployer, each once, without the root", () => {
            expect(keyAdministrators([admin], DEPLOYER_ARN, ROOT_ARN)).to.deep.equal([admin, DEPLOYER_ARN]);
            expect(keyAdministrators([admin, DEPLOYER_ARN, admin], DEPLOYER_ARN, ROOT_ARN)).to.deep.equal([admin, DEPLOYER_ARN]);
        });
    });

    describe("keyPolicy", () => {
        const gov: KeyPolicyContext = {
            admins: ["arn:aws-us-gov:iam::123456789012:role/KeyAdmins", "arn:aws-us-gov:iam::123456789012:role/deployer"],
            root: "arn:aws-us-gov:iam::123456789012:root", region: "us-gov-west-1", partition: "aws-us-gov", accountId: ACCOUNT,
        };
        it("gives the statements of a domain from plain values, in the given partition and region", () => {
            const doc = keyPolicy({ name: "audit", description: "trail", servicePrincipals: ["logs", "cloudtrail"], viaServices: ["s3"] }, gov);
            expect(doc.Version).to.equal("2012-10-17");
            expect(doc.Statement.map((s) => [s.Sid, s.Principal])).to.deep.equal([
                ["KeyAdministration", { AWS: gov.admins }],
                ["UseThroughDeclaredServices", { AWS: gov.root }],
                ["CloudWatchLogs", { Service: "logs.us-gov-west-1.amazonaws.com" }],
                ["CloudTrail", { Service: "cloudtrail.amazonaws.com" }],
                ["CloudTrailDescribeKey", { Service: "cloudtrail.amazonaws.com" }],
            ]);
            expect(doc.Statement[1].Condition).to.deep.equal({
                StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": ["s3.us-gov-west-1.amazonaws.com"] },
            });
            expect(doc.Statement[2].Condition).to.deep.equal({
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws-us-gov:logs:us-gov-west-1:${ACCOUNT}:log-group:*` },
            });
            expect(doc.Statement[3].Condition!.StringLike).to.deep.equal({
                "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws-us-gov:cloudtrail:*:${ACCOUNT}:trail/*`,
            });
        });
        it("a service-linked role gets use of the key and grants for AWS resources only (Auto Scaling launching encrypted nodes)", () => {
            const doc = keyPolicy({ name: "eks", description: "nodes", serviceLinkedRoles: ["autoscaling"] }, gov);
            const slr = `arn:aws-us-gov:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
            expect(doc.Statement.slice(1)).to.deep.equal([
                { Sid: "AutoScalingServiceLinkedRoleUse", Effect: "Allow", Principal: { AWS: slr },
                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource: "*" },
                { Sid: "AutoScalingServiceLinkedRoleGrants", Effect: "Allow", Principal: { AWS: slr }, Action: "kms:CreateGrant", Resource: "*",
                    Condition: { Bool: { "kms:GrantIsForAWSResource": true } } },
            ]);
        });
        it("scopes the sns principal to the given partition, region and account", () => {
            const doc = keyPolicy({ name: "events", description: "queues", servicePrincipals: ["sns"] }, gov);
            expect(doc.Statement.map((s) => s.Sid)).to.deep.equal(["KeyAdministration", "SnsTopics"]);
            expect(doc.Statement[1].Condition).to.deep.equal({
                StringEquals: { "aws:SourceAccount": ACCOUNT },
                ArnLike: { "aws:SourceArn": `arn:aws-us-gov:sns:us-gov-west-1:${ACCOUNT}:*` },
            });
        });
        it("lets vended-log delivery decrypt only, for this account's log deliveries (Step Functions' execution logs)", () => {
            const doc = keyPolicy({ name: "events", description: "workflow", servicePrincipals: ["delivery.logs"] }, gov);
            expect(doc.Statement[1]).to.deep.equal({
                Sid: "VendedLogDelivery", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: ["kms:Decrypt"], Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws-us-gov:logs:us-gov-west-1:${ACCOUNT}:*` } },
            });
        });
        it("lets CloudFront's origin access control decrypt only, for this account's distributions (the storefront's assets)", () => {
            const doc = keyPolicy({ name: "assets", description: "assets", servicePrincipals: ["cloudfront"] }, gov);
            expect(doc.Statement[1]).to.deep.equal({
                Sid: "CloudFrontOriginAccessControl", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: ["kms:Decrypt"], Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws-us-gov:cloudfront::${ACCOUNT}:distribution/*` } },
            });
        });
        it("a domain that declares nothing gets the administration statement only", () => {
            expect(keyPolicy({ name: "plain", description: "x" }, gov).Statement.map((s) => s.Sid)).to.deep.equal(["KeyAdministration"]);
        });
    });

    describe("keyArn", () => {
        it("returns the domain's key ARN", async () => {
            const rec = await record(() => {
                const k = new DataKeys("keys", args());
                return { logs: k.keyArn("logs"), direct: k.keyArns.logs };
            });
            expect(rec.outputs.logs).to.be.a("string").and.equal(rec.outputs.direct);
        });
        it("throws naming the unknown domain and the known ones", async () => {
            let error: Error | undefined;
            await record(() => {
                const k = new DataKeys("keys", args());
                try { k.keyArn("missing"); } catch (e) { error = e as Error; }
            });
            expect(error).to.be.instanceOf(Error);
            expect(error!.message).to.equal("DataKeys: no key for domain 'missing'; known domains: logs, audit, orders, events, plain");
        });
    });

    describe("validation", () => {
        async function expectRejected(a: unknown, expected: string[]) {
            let error: unknown;
            const rec = await record(() => {
                try { new DataKeys("keys", a as DataKeysArgs); } catch (e) { error = e; }
            });
            expect(error).to.be.instanceOf(ComponentArgsError);
            const e = error as ComponentArgsError;
            expect(e.problems).to.deep.equal(expected);
            expect(e.message).to.equal(`DataKeys: invalid arguments:\n${expected.map((p) => `  - ${p}`).join("\n")}`);
            expect(rec.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
            expect([...rec.cloud.invokes.keys()]).to.deep.equal([]);
        }

        it("rejects duplicate domain names", () => expectRejected(args({
            domains: [{ name: "orders", description: "a" }, { name: "carts", description: "b" }, { name: "orders", description: "c" }],
        }), ["domains[2].name: 'orders' is not allowed; domain names must be unique"]));
        it("rejects a name unusable in resource names and aliases", () => expectRejected(args({
            domains: [{ name: "Orders DB", description: "a" }],
        }), ["domains[0].name: 'Orders DB' is not allowed; expected 1-40 lowercase letters, digits or '-', starting with a letter"]));
        it("rejects a deletion window outside 7..30 and a rotation period outside 90..2560", () => expectRejected(
            args({ deletionWindowInDays: 3, rotationPeriodInDays: 30 }), [
                "deletionWindowInDays: '3' is not allowed; expected a whole number from 7 to 30",
                "rotationPeriodInDays: '30' is not allowed; expected a whole number from 90 to 2560",
            ]));
        it("rejects no domains, an empty description, a bad service and an alias prefix starting with aws", () => expectRejected(
            { domains: [], aliasPrefix: "aws/keys" }, [
                "domains: '[]' is not allowed; expected at least one domain",
                "aliasPrefix: 'aws/keys' is not allowed; expected letters, digits, '/', '_' or '-', not starting with 'aws'",
            ]));
        it("rejects bad per-domain declarations, naming each field by index", () => expectRejected(args({
            domains: [{ name: "orders", description: "", viaServices: ["rds.amazonaws.com"], servicePrincipals: ["lambda" as any] }],
        }), [
            "domains[0].description: '' is not allowed; expected a non-empty description",
            "domains[0].viaServices[0]: 'rds.amazonaws.com' is not allowed; expected a service endpoint prefix such as rds or s3",
            "domains[0].servicePrincipals[0]: 'lambda' is not allowed; expected one of: logs, cloudtrail, sns, delivery.logs, cloudfront, cloudwatch",
        ]));
    });
});
