/**
 * OriginVerifySecret (`platform:edge:OriginVerifySecret`): the shared secret CloudFront adds to every request it sends
 * to the shop's load balancer (a custom origin header), and which the load balancer's listener rule requires
 * (components/compute: the Ingress's `alb.ingress.kubernetes.io/conditions.<service>` annotation). A request that
 * reaches the load balancer without it (straight from the internet, around CloudFront and its web ACL) matches no
 * rule and gets the controller's 404.
 *
 * The value is 48 random letters and digits (`random.RandomPassword`, a Pulumi secret in state), kept in Secrets
 * Manager (`<prefix>/edge/origin-verify`, the `secrets` key) for operators and tools that call the origin directly.
 * Rotation: `pulumi up --replace <the RandomPassword's URN>` generates a new value and updates CloudFront's header and
 * the Ingress in one update (requests in flight while CloudFront deploys may get a 404 for a minute).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ArgsChecker, Tags } from "../shared";

/** The header CloudFront sends and the load balancer requires (lowercase: ALB header conditions are case-insensitive). */
export const ORIGIN_VERIFY_HEADER = "x-origin-verify";
/** Characters of the header's value. */
export const ORIGIN_VERIFY_LENGTH = 48;

export interface OriginVerifySecretArgs {
    /** The secret's name in Secrets Manager, such as `<prefix>/edge/origin-verify`. */
    secretName: string;
    /** The `secrets` domain key the secret is encrypted with. */
    kmsKeyArn: pulumi.Input<string>;
    /** Protect the secret (prod; its value rotates by replacement, so that is not protected), and keep a deleted secret recoverable for 30 days instead of 7. */
    protect?: boolean;
    /** Tags of the secret. */
    tags?: Tags;
}

export class OriginVerifySecret extends pulumi.ComponentResource {
    /** The header's name. */
    readonly headerName = ORIGIN_VERIFY_HEADER;
    /** The header's value (a Pulumi secret). */
    readonly value: pulumi.Output<string>;
    /** The Secrets Manager secret holding the value. */
    readonly secret: aws.secretsmanager.Secret;

    constructor(name: string, args: OriginVerifySecretArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgsChecker("OriginVerifySecret");
        check.require(typeof args.secretName === "string" && /^[\w/+=.@-]{1,512}$/.test(args.secretName), "secretName", args.secretName,
            "expected a Secrets Manager secret name (letters, digits and /_+=.@-, at most 512)");
        check.require(args.kmsKeyArn !== undefined && args.kmsKeyArn !== "", "kmsKeyArn", args.kmsKeyArn, "expected the secrets key's ARN");
        check.done();
        super("platform:edge:OriginVerifySecret", name, {}, opts);
        const protect = args.protect ?? false;
        // Not protected: replacing the password is how the header rotates (`pulumi up --replace`); the secret is.
        const password = new random.RandomPassword(name, { length: ORIGIN_VERIFY_LENGTH, special: false }, { parent: this });
        this.value = pulumi.secret(password.result);
        this.secret = new aws.secretsmanager.Secret(name, {
            name: args.secretName,
            description: `The ${ORIGIN_VERIFY_HEADER} header CloudFront sends to the shop's load balancer, which accepts no request without it`,
            kmsKeyId: args.kmsKeyArn,
            recoveryWindowInDays: protect ? 30 : 7,
            tags: args.tags,
        }, { parent: this, protect });
        new aws.secretsmanager.SecretVersion(name, { secretId: this.secret.id, secretString: this.value }, { parent: this });
        this.registerOutputs({ secretArn: this.secret.arn });
    }
}
