// Package datalake is scenario S1, the store-events data lake, as a Go CDK app: the same stack as
// examples/data-lake.ts and examples/python/data_lake.py, written against the jsii Go package.
// `go run . data-lake` (in examples/go) synthesizes it.
package datalake

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/maintainers/cdk-s3-access-points-go/cdks3accesspoints"
)

// DataLake is what the stack holds: the shared bucket, its two access points and their consumers.
type DataLake struct {
	Stack             awscdk.Stack
	Data              cdks3accesspoints.SharedDataBucket
	Sales             cdks3accesspoints.PrefixAccessPoint
	Inventory         cdks3accesspoints.PrefixAccessPoint
	Ec2Role           awsiam.Role
	InventoryFunction awslambda.Function
}

// NewDataLakeStack builds a KMS-encrypted shared bucket, an EC2 consumer and a Lambda consumer,
// each with its own access point limited to its own prefix.
func NewDataLakeStack(scope constructs.Construct, id string) DataLake {
	stack := awscdk.NewStack(scope, jsii.String(id), nil)

	data := cdks3accesspoints.NewSharedDataBucket(stack, jsii.String("StoreEvents"), &cdks3accesspoints.SharedDataBucketProps{
		Encryption: awss3.BucketEncryption_KMS,
	})

	ec2Role := awsiam.NewRole(stack, jsii.String("Ec2ConsumerRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("ec2.amazonaws.com"), nil),
	})
	sales := cdks3accesspoints.NewPrefixAccessPoint(stack, jsii.String("SalesEvents"), &cdks3accesspoints.PrefixAccessPointProps{
		Bucket:          data,
		AccessPointName: jsii.String("ec2-consumer"),
		Prefix:          jsii.String("sales_event/"),
	})
	sales.GrantReadWrite(ec2Role, nil)

	fn := awslambda.NewFunction(stack, jsii.String("InventoryConsumer"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_22_X(),
		Handler: jsii.String("index.handler"),
		Code:    awslambda.Code_FromInline(jsii.String("exports.handler = async () => ({ ok: true });")),
	})
	inventory := data.AddPrefixAccessPoint(jsii.String("InventoryEvents"), &cdks3accesspoints.AccessPointOptions{
		AccessPointName: jsii.String("lambda-consumer"),
		Prefix:          jsii.String("inventory_event/"),
	})
	inventory.GrantReadWrite(fn, nil)
	// The function reaches the bucket only through its access point: give it the ARN, not the bucket.
	fn.AddEnvironment(jsii.String("ACCESS_POINT_ARN"), inventory.AccessPointArn(), nil)

	return DataLake{Stack: stack, Data: data, Sales: sales, Inventory: inventory, Ec2Role: ec2Role, InventoryFunction: fn}
}
