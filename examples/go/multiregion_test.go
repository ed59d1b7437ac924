package main

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/maintainers/cdk-s3-access-points/examples/go/multiregion"
)

// The Multi-Region example: one Multi-Region Access Point over the two Regions' buckets, whose policy
// limits the reader and the writer to reports/, and the reader's identity policy reads only.
func TestMultiRegionExample(t *testing.T) {
	example := multiregion.NewMultiRegionExample(awscdk.NewApp(nil), "MultiRegion")
	global := assertions.Template_FromStack(example.GlobalStack, nil)
	global.HasResourceProperties(jsii.String("AWS::S3::MultiRegionAccessPoint"), map[string]interface{}{
		"Name": "reports",
		"Regions": []interface{}{
			map[string]interface{}{"Bucket": "reports-111111111111-us-east-1"},
			map[string]interface{}{"Bucket": "reports-111111111111-eu-west-1"},
		},
	})
	policy := text(only(t, global, "AWS::S3::MultiRegionAccessPointPolicy", nil)["Properties"].(map[string]interface{})["Policy"])
	for _, want := range []string{"/object/reports/*", `"s3:prefix":"reports/*"`, "s3:PutObject"} {
		if !strings.Contains(policy, want) {
			t.Errorf("the Multi-Region Access Point policy lacks %s: %s", want, policy)
		}
	}
	for id, p := range *global.FindResources(jsii.String("AWS::IAM::Policy"), nil) {
		if !strings.HasPrefix(id, "ReaderDefaultPolicy") {
			continue
		}
		s := text(*p)
		if !strings.Contains(s, "s3:GetObject") || !strings.Contains(s, "kms:Decrypt") || strings.Contains(s, "s3:PutObject") {
			t.Errorf("the reader's identity policy should read (and decrypt) only: %s", s)
		}
		return
	}
	t.Errorf("no identity policy for the reader")
}
