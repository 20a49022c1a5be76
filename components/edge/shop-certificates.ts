/**
 * ShopCertificates (`platform:edge:ShopCertificates`): the TLS certificates of the shop's domain, issued by ACM and
 * validated by DNS in the domain's Route 53 hosted zone:
 *
 * - one in us-east-1 (CloudFront only uses certificates of that region) for the distribution's alias;
 * - one in the stack's region for the shop's load balancer, which CloudFront reaches over HTTPS: CloudFront forwards
 *   the viewer's Host header (the shop's domain) and checks the origin's certificate against it.
 *
 * ACM asks the same validation record of both (it depends on the account and the name, not the region), so one record
 * per name serves both; each certificate has its `CertificateValidation`, which waits until ACM has issued it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker, Tags } from "../shared";
import { DNS_NAME, HOSTED_ZONE_ID } from "./config";

export interface ShopCertificatesArgs {
    /** The shop's domain, such as `shop.example.com`. */
    domainName: string;
    /** The Route 53 public hosted zone the domain lives in (the validation records are written there). */
    hostedZoneId: string;
    /** An aws.Provider for us-east-1: the CloudFront certificate is created there. */
    cloudFrontProvider: pulumi.ProviderResource;
    /** Tags of the certificates. */
    tags?: Tags;
}

export class ShopCertificates extends pulumi.ComponentResource {
    /** The us-east-1 certificate, once issued: the distribution's viewer certificate. */
    readonly cloudFrontCertificateArn: pulumi.Output<string>;
    /** The stack region's certificate, once issued: the load balancer's HTTPS listener. */
    readonly loadBalancerCertificateArn: pulumi.Output<string>;

    constructor(name: string, args: ShopCertificatesArgs, opts?: pulumi.ComponentResourceOptions) {
        const check = new ArgsChecker("ShopCertificates");
        check.require(typeof args.domainName === "string" && DNS_NAME.test(args.domainName), "domainName", args.domainName, "expected a DNS name such as shop.example.com");
        check.require(typeof args.hostedZoneId === "string" && HOSTED_ZONE_ID.test(args.hostedZoneId), "hostedZoneId", args.hostedZoneId, "expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ");
        check.require(args.cloudFrontProvider !== undefined, "cloudFrontProvider", args.cloudFrontProvider, "expected an aws.Provider for us-east-1");
        check.done();
        super("platform:edge:ShopCertificates", name, {}, opts);
        const certificate = (suffix: string, provider?: pulumi.ProviderResource) => new aws.acm.Certificate(`${name}-${suffix}`, {
            domainName: args.domainName,
            validationMethod: "DNS",
            keyAlgorithm: "RSA_2048",
            tags: args.tags,
        }, { parent: this, provider });
        const cloudFront = certificate("cloudfront", args.cloudFrontProvider);
        const loadBalancer = certificate("load-balancer");
        const option = cloudFront.domainValidationOptions.apply((o) => o.find((v) => v.domainName === args.domainName) ?? o[0]);
        const record = new aws.route53.Record(`${name}-validation`, {
            zoneId: args.hostedZoneId,
            name: option.apply((o) => o.resourceRecordName),
            type: option.apply((o) => o.resourceRecordType),
            records: [option.apply((o) => o.resourceRecordValue)],
            ttl: 300,
            // The record may exist already (an earlier certificate of the same name in this account): it is the same.
            allowOverwrite: true,
        }, { parent: this });
        const validate = (suffix: string, cert: aws.acm.Certificate, provider?: pulumi.ProviderResource) => new aws.acm.CertificateValidation(`${name}-${suffix}`, {
            certificateArn: cert.arn,
            validationRecordFqdns: [record.fqdn],
        }, { parent: this, provider }).certificateArn;
        this.cloudFrontCertificateArn = validate("cloudfront", cloudFront, args.cloudFrontProvider);
        this.loadBalancerCertificateArn = validate("load-balancer", loadBalancer);
        this.registerOutputs({ cloudFrontCertificateArn: this.cloudFrontCertificateArn, loadBalancerCertificateArn: this.loadBalancerCertificateArn });
    }
}
