package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
)

// The policies this library writes, by resource type: what test/example-statements.test.ts compares.
var policies = map[string]string{
	"AWS::S3::AccessPoint":                  "Policy",
	"AWS::S3::BucketPolicy":                 "PolicyDocument",
	"AWS::S3::MultiRegionAccessPointPolicy": "Policy",
	"AWS::S3Express::AccessPoint":           "Policy",
	"AWS::S3Express::BucketPolicy":          "PolicyDocument",
	"AWS::IAM::Policy":                      "PolicyDocument",
	"AWS::EC2::VPCEndpoint":                 "PolicyDocument",
}

// statementsOf is stack name -> logical id -> "Type.Property" -> policy document, for every stack of app.
func statementsOf(app awscdk.App) map[string]interface{} {
	out := map[string]interface{}{}
	for _, stack := range *app.Synth(nil).Stacks() {
		found := map[string]interface{}{}
		resources, _ := stack.Template().(map[string]interface{})["Resources"].(map[string]interface{})
		for id, r := range resources {
			resource := r.(map[string]interface{})
			kind := resource["Type"].(string)
			props, _ := resource["Properties"].(map[string]interface{})
			if key, ok := policies[kind]; ok && props[key] != nil {
				found[id] = map[string]interface{}{kind + "." + key: props[key]}
			}
		}
		out[*stack.StackName()] = found
	}
	return out
}

// The five examples that exist in every language write the IAM statements of
// test/example-statements.json, which test/example-statements.test.ts checks against the TypeScript
// examples (and test/python and examples/java against theirs).
func TestTheExamplesWriteTheStatementsOfTheTypeScriptExamples(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "test", "example-statements.json"))
	if err != nil {
		t.Fatal(err)
	}
	var expected map[string]interface{}
	if err := json.Unmarshal(raw, &expected); err != nil {
		t.Fatal(err)
	}
	for name, example := range map[string]string{
		"dataLake": "data-lake", "vpcOnly": "vpc-only", "crossAccount": "cross-account",
		"directoryBucket": "directory-bucket", "multiRegion": "multi-region",
	} {
		app := awscdk.NewApp(nil)
		if !build(app, example) {
			t.Fatalf("no example %s", example)
		}
		// encoding/json writes map keys sorted: equal documents give equal text.
		got, want := text(statementsOf(app)), text(expected[name])
		if got != want {
			t.Errorf("%s: the Go example's statements differ from test/example-statements.json\n got: %s\nwant: %s", name, got, want)
		}
	}
}
