// Package multiregion is a Multi-Region Access Point over two SharedDataBuckets in two Regions, as a
// Go CDK app: the same app as examples/multi-region.ts and examples/python/multi_region.py
// (docs/multi-region-access-points.md). One stack per Region for the buckets, each with a physical
// name so that the Multi-Region Access Point can name them without a reference across Regions; the
// Multi-Region Access Point and its reader and writer roles in a third stack, in the first Region.
// `go run . multi-region` (in examples/go) synthesizes it.
package multiregion

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/maintainers/cdk-s3-access-points-go/cdks3accesspoints"
)

// The account and the two Regions of the example.
const (
	Account = "111111111111"
	First   = "us-east-1"
	Second  = "eu-west-1"
)

// MultiRegion is what the app holds: the three stacks and the Multi-Region Access Point.
type MultiRegion struct {
	FirstStack  awscdk.Stack
	SecondStack awscdk.Stack
	GlobalStack awscdk.Stack
	Reports     cdks3accesspoints.MultiRegionAccessPoint
}

func stack(scope constructs.Construct, id string, region string) awscdk.Stack {
	return awscdk.NewStack(scope, jsii.String(id), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(Account), Region: jsii.String(region)},
	})
}

func bucket(stack awscdk.Stack, region string) cdks3accesspoints.SharedDataBucket {
	return cdks3accesspoints.NewSharedDataBucket(stack, jsii.String("Data"), &cdks3accesspoints.SharedDataBucketProps{
		BucketName: jsii.String("reports-" + Account + "-" + region),
		Encryption: awss3.BucketEncryption_KMS,
	})
}

// NewMultiRegionExample adds the two bucket stacks and the Multi-Region Access Point's stack to scope.
func NewMultiRegionExample(scope constructs.Construct, id string) MultiRegion {
	firstStack := stack(scope, id+"Data-"+First, First)
	secondStack := stack(scope, id+"Data-"+Second, Second)
	dataFirst := bucket(firstStack, First)
	dataSecond := bucket(secondStack, Second)

	globalStack := stack(scope, id+"Global", First)
	reports := cdks3accesspoints.NewMultiRegionAccessPoint(globalStack, jsii.String("Reports"), &cdks3accesspoints.MultiRegionAccessPointProps{
		Buckets:                    &[]awss3.IBucket{dataFirst, dataSecond},
		MultiRegionAccessPointName: jsii.String("reports"),
		Prefix:                     jsii.String("reports/"),
	})
	reader := awsiam.NewRole(globalStack, jsii.String("Reader"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	writer := awsiam.NewRole(globalStack, jsii.String("Writer"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	reports.GrantRead(reader, nil)
	reports.GrantReadWrite(writer, nil)

	return MultiRegion{FirstStack: firstStack, SecondStack: secondStack, GlobalStack: globalStack, Reports: reports}
}
