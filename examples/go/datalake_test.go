// The jsii Go package, built by jsii-pacmak into dist/go, used the way a Go CDK user uses it:
// synthesize each example (datalake/, vpconly/, crossaccount/, directorybucket/, multiregion/) and
// assert on the template with awscdk's assertions, as the TypeScript unit tests and test/python do.
// The tests are in this one package so that `go test` starts one jsii runtime, not one per example.
package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/maintainers/cdk-s3-access-points-go/cdks3accesspoints"

	"github.com/maintainers/cdk-s3-access-points/examples/go/datalake"
)

var (
	once     sync.Once
	lake     datalake.DataLake
	template assertions.Template
)

// synth synthesizes the data lake once for every test (each synthesis goes through the jsii runtime).
func synth(t *testing.T) (datalake.DataLake, assertions.Template) {
	t.Helper()
	once.Do(func() {
		lake = datalake.NewDataLakeStack(awscdk.NewApp(nil), "DataLake")
		template = assertions.Template_FromStack(lake.Stack, nil)
	})
	return lake, template
}

// only returns the one resource of type that matches props, failing the test if there is not exactly one.
func only(t *testing.T, template assertions.Template, typ string, props interface{}) map[string]interface{} {
	t.Helper()
	found := *template.FindResources(jsii.String(typ), props)
	if len(found) != 1 {
		t.Fatalf("want one %s matching %v, found %d", typ, props, len(found))
	}
	for _, r := range found {
		return *r
	}
	return nil
}

func text(v interface{}) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// arnTail is the literal end of an ARN built with Fn::Join, e.g. ":accesspoint/x/object/p/*".
func arnTail(resource interface{}) string {
	if join, ok := resource.(map[string]interface{})["Fn::Join"].([]interface{}); ok {
		parts := join[1].([]interface{})
		return parts[len(parts)-1].(string)
	}
	return fmt.Sprint(resource)
}

func statements(document interface{}) []map[string]interface{} {
	var out []map[string]interface{}
	for _, s := range document.(map[string]interface{})["Statement"].([]interface{}) {
		out = append(out, s.(map[string]interface{}))
	}
	return out
}

func TestTwoAccessPointsOverTheSharedBucket(t *testing.T) {
	_, template := synth(t)
	// The shared bucket and the bucket that receives its server access logs.
	template.ResourceCountIs(jsii.String("AWS::S3::Bucket"), jsii.Number(2))
	template.ResourceCountIs(jsii.String("AWS::S3::AccessPoint"), jsii.Number(2))
	for _, name := range []string{"ec2-consumer", "lambda-consumer"} {
		template.HasResourceProperties(jsii.String("AWS::S3::AccessPoint"), map[string]interface{}{
			"Name": name, "Bucket": map[string]interface{}{"Ref": assertions.Match_AnyValue()},
		})
	}
}

func TestTheBucketIsSecureByDefault(t *testing.T) {
	_, template := synth(t)
	template.HasResourceProperties(jsii.String("AWS::S3::Bucket"), map[string]interface{}{
		"PublicAccessBlockConfiguration": map[string]interface{}{
			"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
		},
		"BucketEncryption": map[string]interface{}{
			"ServerSideEncryptionConfiguration": []interface{}{
				map[string]interface{}{"ServerSideEncryptionByDefault": map[string]interface{}{"SSEAlgorithm": "aws:kms"}},
			},
		},
		"OwnershipControls": map[string]interface{}{
			"Rules": []interface{}{map[string]interface{}{"ObjectOwnership": "BucketOwnerEnforced"}},
		},
	})
}

func TestTheBucketDelegatesToItsAccessPoints(t *testing.T) {
	_, template := synth(t)
	// The shared bucket's policy (the log bucket has one of its own, for log delivery).
	var policy map[string]interface{}
	for _, p := range *template.FindResources(jsii.String("AWS::S3::BucketPolicy"), nil) {
		if strings.Contains(text(p), "s3:DataAccessPointAccount") {
			policy = *p
		}
	}
	if policy == nil {
		t.Fatalf("no bucket policy delegates to access points")
	}
	var delegation, tls int
	for _, s := range statements(policy["Properties"].(map[string]interface{})["PolicyDocument"]) {
		condition := text(s["Condition"])
		if strings.Contains(condition, "s3:DataAccessPointAccount") && s["Effect"] == "Allow" {
			delegation++
		}
		if strings.Contains(condition, "aws:SecureTransport") && s["Effect"] == "Deny" {
			tls++
		}
	}
	if delegation != 1 || tls != 1 {
		t.Fatalf("want one delegation and one TLS-only statement, got %d and %d", delegation, tls)
	}
}

func TestTheEc2GrantIsLimitedToItsPrefixInTheAccessPointPolicy(t *testing.T) {
	_, template := synth(t)
	ap := only(t, template, "AWS::S3::AccessPoint", map[string]interface{}{"Properties": map[string]interface{}{"Name": "ec2-consumer"}})
	policy := ap["Properties"].(map[string]interface{})["Policy"]
	var objects, listing map[string]interface{}
	for _, s := range statements(policy) {
		if !strings.Contains(text(s["Principal"]), "Ec2ConsumerRole") {
			t.Errorf("statement for another principal: %s", text(s))
		}
		if strings.Contains(text(s["Action"]), "s3:GetObject") {
			objects = s
		}
		if strings.Contains(text(s["Action"]), "s3:ListBucket") {
			listing = s
		}
	}
	if objects == nil || !strings.Contains(text(objects["Action"]), "s3:PutObject") {
		t.Fatalf("no read-write object statement in %s", text(policy))
	}
	if got := arnTail(objects["Resource"]); got != ":accesspoint/ec2-consumer/object/sales_event/*" {
		t.Errorf("object statement resource ends %q", got)
	}
	if listing == nil || text(listing["Condition"]) != `{"StringLike":{"s3:prefix":"sales_event/*"}}` {
		t.Fatalf("listing not limited to the prefix: %s", text(listing))
	}
	if got := arnTail(listing["Resource"]); got != ":accesspoint/ec2-consumer" {
		t.Errorf("listing resource ends %q", got)
	}
	// Nothing in it reaches the other consumer's prefix or the bucket itself.
	if s := text(policy); strings.Contains(s, "inventory_event") || strings.Contains(s, ":s3:::") {
		t.Errorf("the access point policy reaches beyond its prefix: %s", s)
	}
}

func TestTheGrantsWriteTheIdentityPoliciesAndKms(t *testing.T) {
	lake, template := synth(t)
	for _, role := range []string{"Ec2ConsumerRole", "InventoryConsumerServiceRole"} {
		found := 0
		for _, p := range *template.FindResources(jsii.String("AWS::IAM::Policy"), nil) {
			s := text(*p)
			if !strings.Contains(s, `{"Ref":"`+role) {
				continue
			}
			found++
			// SSE-KMS: writing needs GenerateDataKey, reading needs Decrypt; never the bucket itself.
			for _, want := range []string{"s3:PutObject", "kms:Decrypt", "kms:GenerateDataKey"} {
				if !strings.Contains(s, want) {
					t.Errorf("%s's policy lacks %s", role, want)
				}
			}
			if strings.Contains(s, ":s3:::") {
				t.Errorf("%s's policy names the bucket: %s", role, s)
			}
		}
		if found != 1 {
			t.Errorf("want one identity policy for %s, found %d", role, found)
		}
	}
	records := *lake.Sales.GrantRecords()
	if len(records) != 1 || records[0].Level != cdks3accesspoints.AccessLevel_READ_WRITE ||
		*records[0].KeyPrefix != "sales_event/" || records[0].IdentityPolicy != cdks3accesspoints.IdentityPolicyStatus_WRITTEN {
		t.Errorf("grant records: %s", text(records))
	}
}

func TestTheFunctionGetsTheAccessPointArn(t *testing.T) {
	_, template := synth(t)
	fn := only(t, template, "AWS::Lambda::Function", nil)
	arn := fn["Properties"].(map[string]interface{})["Environment"].(map[string]interface{})["Variables"].(map[string]interface{})["ACCESS_POINT_ARN"]
	if got := arnTail(arn); got != ":accesspoint/lambda-consumer" {
		t.Errorf("ACCESS_POINT_ARN ends %q", got)
	}
}

func TestBadInputIsRefusedWithTheConstructPath(t *testing.T) {
	stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Bad"), nil)
	data := cdks3accesspoints.NewSharedDataBucket(stack, jsii.String("Data"), nil)
	defer func() {
		err := fmt.Sprint(recover())
		if !strings.Contains(err, "Bad/Data/Wild") || !strings.Contains(err, "prefix") {
			t.Errorf("want an error naming Bad/Data/Wild and prefix, got %q", err)
		}
	}()
	data.AddPrefixAccessPoint(jsii.String("Wild"), &cdks3accesspoints.AccessPointOptions{
		AccessPointName: jsii.String("wild"), Prefix: jsii.String("logs/*"),
	})
}
