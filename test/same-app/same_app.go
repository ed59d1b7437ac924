// Package sameapp is the app of issue 25 in Go: the same calls as same-app.ts (read that file's
// header). A package of its own in the fresh app (my-app/sameapp), since `cdk init`'s cdk.json runs
// `go run my-app.go`, which compiles that one file of package main.
package sameapp

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/maintainers/cdk-s3-access-points-go/cdks3accesspoints"
)

// New adds a shared bucket with two prefix access points, and grants on three access points made
// elsewhere.
func New(scope constructs.Construct, id *string) constructs.Construct {
	app := constructs.NewConstruct(scope, id)
	data := cdks3accesspoints.NewSharedDataBucket(app, jsii.String("Data"), nil)
	analyst := awsiam.NewRole(app, jsii.String("Analyst"), &awsiam.RoleProps{AssumedBy: awsiam.NewAccountRootPrincipal()})
	loader := awsiam.NewRole(app, jsii.String("Loader"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})

	// Two prefixes of the shared bucket, a read grant and a read-write grant (one through the facade).
	sales := cdks3accesspoints.NewPrefixAccessPoint(app, jsii.String("Sales"), &cdks3accesspoints.PrefixAccessPointProps{
		Bucket: data, AccessPointName: jsii.String("same-sales"), Prefix: jsii.String("sales/"),
	})
	events := cdks3accesspoints.NewPrefixAccessPoint(app, jsii.String("Events"), &cdks3accesspoints.PrefixAccessPointProps{
		Bucket: data, AccessPointName: jsii.String("same-events"), Prefix: jsii.String("events/"),
	})
	sales.GrantRead(analyst, nil)
	events.GrantReadWrite(loader, nil)
	events.Grants().Read(analyst, nil)

	// One access point of each kind made elsewhere: grants write the identity side only.
	partner := cdks3accesspoints.PrefixAccessPoint_FromAccessPointAttributes(app, jsii.String("Partner"), &cdks3accesspoints.AccessPointAttributes{
		AccessPointArn: jsii.String("arn:aws:s3:us-east-1:111122223333:accesspoint/partner-share"),
		Prefix:         jsii.String("shared/"),
	})
	partner.GrantRead(analyst, nil)
	fast := cdks3accesspoints.DirectoryBucketAccessPoint_FromAccessPointArn(app, jsii.String("Fast"),
		jsii.String("arn:aws:s3express:us-east-1:111122223333:accesspoint/fast--use1-az4--xa-s3"))
	fast.GrantReadWrite(loader, nil)
	global := cdks3accesspoints.MultiRegionAccessPoint_FromMultiRegionAccessPointAttributes(app, jsii.String("Global"), &cdks3accesspoints.MultiRegionAccessPointAttributes{
		MultiRegionAccessPointArn: jsii.String("arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"),
		Prefix:                    jsii.String("reports/"),
	})
	global.GrantRead(analyst, nil)
	return app
}
