// Package vpconly is scenario S3, VPC-only access, as a Go CDK app: the same stack as examples/vpc-only.ts and
// examples/python/vpc_only.py. Two VPC-only access points (a reader with the ECR and Amazon Linux
// endpoint allowances, a writer), the S3 gateway endpoint they create with a policy that admits only
// them, a bucket that denies object requests from outside its access points and the VPC, and an
// internet access point for a partner role. `go run . vpc-only` (in examples/go) synthesizes it.
package vpconly

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/maintainers/cdk-s3-access-points-go/cdks3accesspoints"
)

// NewVpcOnlyStack builds the VPC, the shared bucket and its three access points with their grants.
func NewVpcOnlyStack(scope constructs.Construct, id string) awscdk.Stack {
	stack := awscdk.NewStack(scope, jsii.String(id), &awscdk.StackProps{Env: &awscdk.Environment{Region: jsii.String("eu-west-1")}})
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{
		MaxAzs:      jsii.Number(2),
		NatGateways: jsii.Number(0),
		SubnetConfiguration: &[]*awsec2.SubnetConfiguration{
			{Name: jsii.String("app"), SubnetType: awsec2.SubnetType_PRIVATE_ISOLATED},
		},
	})
	data := cdks3accesspoints.NewSharedDataBucket(stack, jsii.String("Data"), nil)
	data.DenyObjectRequestsOutside(&cdks3accesspoints.ObjectRequestBoundaryOptions{Vpcs: &[]awsec2.IVpc{vpc}})

	ec2Principal := awsiam.NewServicePrincipal(jsii.String("ec2.amazonaws.com"), nil)
	appRole := awsiam.NewRole(stack, jsii.String("AppRole"), &awsiam.RoleProps{AssumedBy: ec2Principal})
	ingestRole := awsiam.NewRole(stack, jsii.String("IngestRole"), &awsiam.RoleProps{AssumedBy: ec2Principal})
	partnerRole := awsiam.NewRole(stack, jsii.String("PartnerRole"), &awsiam.RoleProps{AssumedBy: awsiam.NewAccountRootPrincipal()})

	app := data.AddVpcOnlyAccessPoint(jsii.String("App"), &cdks3accesspoints.VpcOnlyAccessPointOptions{
		Vpc:                vpc,
		AccessPointName:    jsii.String("app-reader"),
		Prefix:             jsii.String("app/"),
		EndpointAllowances: &[]cdks3accesspoints.EndpointAllowance{cdks3accesspoints.EndpointAllowance_ECR(), cdks3accesspoints.EndpointAllowance_AMAZON_LINUX()},
	})
	app.GrantRead(appRole, nil)
	ingest := data.AddVpcOnlyAccessPoint(jsii.String("Ingest"), &cdks3accesspoints.VpcOnlyAccessPointOptions{
		Vpc:             vpc,
		AccessPointName: jsii.String("app-ingest"),
		Prefix:          jsii.String("incoming/"),
	})
	ingest.GrantWrite(ingestRole, nil)

	partners := data.AddPrefixAccessPoint(jsii.String("Partners"), &cdks3accesspoints.AccessPointOptions{
		AccessPointName: jsii.String("partners"),
		Prefix:          jsii.String("shared/"),
	})
	partners.GrantReadWrite(partnerRole, nil)
	return stack
}
