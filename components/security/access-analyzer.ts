/**
 * AccessAnalyzer (`platform:security:AccessAnalyzer`): an IAM Access Analyzer of the account (type ACCOUNT), which
 * reports resources (buckets, keys, roles, queues, secrets, ...) shared outside the account. Named `<namePrefix>-account`.
 * An account-level service like Security Hub and GuardDuty: not created when an organisation's delegated administrator
 * already runs it (config `securityBaseline: false`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, mergeTags, Tags } from "../shared";

export interface AccessAnalyzerArgs {
    /** Prefix of names unique per stack, `<project>-<stack>`: the analyzer is `<namePrefix>-account`. */
    namePrefix: string;
    /** Tags merged into the analyzer. */
    tags?: Tags;
}

export class AccessAnalyzer extends pulumi.ComponentResource {
    readonly analyzer: aws.accessanalyzer.Analyzer;
    /** The analyzer's ARN. */
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: AccessAnalyzerArgs, opts?: pulumi.ComponentResourceOptions) {
        new ArgsChecker("AccessAnalyzer").require(typeof args.namePrefix === "string" && /^[A-Za-z][A-Za-z0-9_.-]{0,246}$/.test(args.namePrefix),
            "namePrefix", args.namePrefix, "expected letters, digits, '.', '_' or '-', starting with a letter").done();
        super("platform:security:AccessAnalyzer", name, {}, opts);
        const analyzerName = `${args.namePrefix}-account`;
        this.analyzer = new aws.accessanalyzer.Analyzer(name, {
            analyzerName,
            type: "ACCOUNT",
            tags: mergeTags(args.tags, { Name: analyzerName }),
        }, { parent: this });
        this.arn = this.analyzer.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
