package main

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/maintainers/cdk-s3-access-points/examples/go/directorybucket"
)

// The directory bucket example: each access point's Scope is its prefix and the operations of its
// grants, and each grant gives its role s3express:CreateSession on that access point.
func TestDirectoryBucketExample(t *testing.T) {
	example := directorybucket.NewDirectoryBucketStack(awscdk.NewApp(nil), "DirectoryBucket", &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("us-east-1")},
	})
	template := assertions.Template_FromStack(example.Stack, nil)
	template.HasResourceProperties(jsii.String("AWS::S3Express::AccessPoint"), map[string]interface{}{
		"Name":  "ingest--use1-az4--xa-s3",
		"Scope": map[string]interface{}{"Prefixes": []interface{}{"ingest/"}, "Permissions": []interface{}{"ListMultipartUploadParts", "PutObject", "AbortMultipartUpload"}},
	})
	template.HasResourceProperties(jsii.String("AWS::S3Express::AccessPoint"), map[string]interface{}{
		"Name":  "reports--use1-az4--xa-s3",
		"Scope": map[string]interface{}{"Prefixes": []interface{}{"reports/"}, "Permissions": []interface{}{"GetObject", "GetObjectAttributes", "ListBucket"}},
	})
	for role, accessPoint := range map[string]string{"IngestRole": "ingest--use1-az4--xa-s3", "ReportsRole": "reports--use1-az4--xa-s3"} {
		found := 0
		for _, p := range *template.FindResources(jsii.String("AWS::IAM::Policy"), nil) {
			s := text(*p)
			if !strings.Contains(s, `{"Ref":"`+role) {
				continue
			}
			found++
			if !strings.Contains(s, "s3express:CreateSession") || !strings.Contains(s, ":accesspoint/"+accessPoint) {
				t.Errorf("%s's policy lacks CreateSession on %s: %s", role, accessPoint, s)
			}
		}
		if found != 1 {
			t.Errorf("want one identity policy for %s, found %d", role, found)
		}
	}
}
