// The Go examples, each a package of this module, synthesized by name into cdk.out:
//
//	cd examples/go
//	npx --yes aws-cdk@latest synth --app "go run . data-lake"
//
// Names: data-lake, vpc-only, cross-account, directory-bucket, multi-region. The module takes the
// library from dist/go through a `replace` in go.mod (npx projen package:go writes it).
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/maintainers/cdk-s3-access-points/examples/go/crossaccount"
	"github.com/maintainers/cdk-s3-access-points/examples/go/datalake"
	"github.com/maintainers/cdk-s3-access-points/examples/go/directorybucket"
	"github.com/maintainers/cdk-s3-access-points/examples/go/multiregion"
	"github.com/maintainers/cdk-s3-access-points/examples/go/vpconly"
)

// build adds the example called name to app; false when there is no such example.
func build(app awscdk.App, name string) bool {
	switch name {
	case "data-lake":
		datalake.NewDataLakeStack(app, "DataLake")
	case "vpc-only":
		vpconly.NewVpcOnlyStack(app, "VpcOnly")
	case "cross-account":
		crossaccount.NewCrossAccountApp(app)
	case "directory-bucket":
		// use1-az4 is a zone of us-east-1.
		directorybucket.NewDirectoryBucketStack(app, "DirectoryBucket", &awscdk.StackProps{
			Env: &awscdk.Environment{Region: jsii.String("us-east-1")},
		})
	case "multi-region":
		multiregion.NewMultiRegionExample(app, "MultiRegion")
	default:
		return false
	}
	return true
}

func main() {
	defer jsii.Close()
	name := "data-lake"
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	app := awscdk.NewApp(nil)
	if !build(app, name) {
		fmt.Fprintf(os.Stderr, "unknown example %q: data-lake, vpc-only, cross-account, directory-bucket or multi-region\n", name)
		os.Exit(2)
	}
	app.Synth(nil)
}
