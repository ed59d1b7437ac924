package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/maintainers/cdk-s3-access-points/examples/go/vpconly"
)

// The VPC-only example: two access points with a VPC configuration and one without, and one S3
// gateway endpoint whose policy names the two VPC-only access points and the allowances' buckets.
func TestVpcOnlyExample(t *testing.T) {
	template := assertions.Template_FromStack(vpconly.NewVpcOnlyStack(awscdk.NewApp(nil), "VpcOnly"), nil)
	for _, name := range []string{"app-reader", "app-ingest"} {
		only(t, template, "AWS::S3::AccessPoint", map[string]interface{}{"Properties": map[string]interface{}{
			"Name": name, "VpcConfiguration": assertions.Match_ObjectLike(&map[string]interface{}{}),
		}})
	}
	partners := only(t, template, "AWS::S3::AccessPoint", map[string]interface{}{"Properties": map[string]interface{}{"Name": "partners"}})
	if _, vpc := partners["Properties"].(map[string]interface{})["VpcConfiguration"]; vpc {
		t.Fatalf("the partners access point must be an internet access point")
	}
	endpoint := only(t, template, "AWS::EC2::VPCEndpoint", nil)
	policy, _ := json.Marshal(endpoint["Properties"].(map[string]interface{})["PolicyDocument"])
	for _, want := range []string{"accesspoint/app-reader", "accesspoint/app-ingest", "prod-eu-west-1-starport-layer-bucket", "amazonlinux"} {
		if !strings.Contains(string(policy), want) {
			t.Errorf("the endpoint policy does not name %s: %s", want, policy)
		}
	}
	template.ResourceCountIs(jsii.String("AWS::S3::AccessPoint"), jsii.Number(3))
}
