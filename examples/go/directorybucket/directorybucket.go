// Package directorybucket is a directory bucket (S3 Express One Zone) shared through access points,
// as a Go CDK app: the same stack as examples/directory-bucket.ts and
// examples/python/directory_bucket.py. One SSE-KMS directory bucket in zone use1-az4 (so the stack
// belongs in us-east-1) and two access points, one per access level: an ingest role writes ingest/,
// a reports role reads reports/. `go run . directory-bucket` (in examples/go) synthesizes it.
package directorybucket

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/maintainers/cdk-s3-access-points-go/cdks3accesspoints"
)

// DirectoryBucket is what the stack holds: the key, the bucket, its two access points and their roles.
type DirectoryBucket struct {
	Stack       awscdk.Stack
	Key         awskms.Key
	Bucket      cdks3accesspoints.SharedDirectoryBucket
	Ingest      cdks3accesspoints.DirectoryBucketAccessPoint
	Reports     cdks3accesspoints.DirectoryBucketAccessPoint
	IngestRole  awsiam.Role
	ReportsRole awsiam.Role
}

// NewDirectoryBucketStack builds the directory bucket with an ingest and a reports access point.
func NewDirectoryBucketStack(scope constructs.Construct, id string, props *awscdk.StackProps) DirectoryBucket {
	stack := awscdk.NewStack(scope, jsii.String(id), props)

	key := awskms.NewKey(stack, jsii.String("Key"), &awskms.KeyProps{EnableKeyRotation: jsii.Bool(true)})
	bucket := cdks3accesspoints.NewSharedDirectoryBucket(stack, jsii.String("Fast"), &cdks3accesspoints.SharedDirectoryBucketProps{
		ZoneId:        jsii.String("use1-az4"),
		BucketName:    jsii.String("fast--use1-az4--x-s3"),
		EncryptionKey: key,
	})

	ingestRole := awsiam.NewRole(stack, jsii.String("IngestRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("ec2.amazonaws.com"), nil),
	})
	ingest := cdks3accesspoints.NewDirectoryBucketAccessPoint(stack, jsii.String("Ingest"), &cdks3accesspoints.DirectoryBucketAccessPointProps{
		Bucket:          bucket,
		AccessPointName: jsii.String("ingest--use1-az4--xa-s3"),
		Prefixes:        jsii.Strings("ingest/"),
	})
	ingest.GrantWrite(ingestRole, nil)

	reportsRole := awsiam.NewRole(stack, jsii.String("ReportsRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("ec2.amazonaws.com"), nil),
	})
	reports := cdks3accesspoints.NewDirectoryBucketAccessPoint(stack, jsii.String("Reports"), &cdks3accesspoints.DirectoryBucketAccessPointProps{
		Bucket:          bucket,
		AccessPointName: jsii.String("reports--use1-az4--xa-s3"),
		Prefixes:        jsii.Strings("reports/"),
	})
	reports.GrantRead(reportsRole, nil)

	return DirectoryBucket{Stack: stack, Key: key, Bucket: bucket, Ingest: ingest, Reports: reports, IngestRole: ingestRole, ReportsRole: reportsRole}
}
