package main

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/maintainers/cdk-s3-access-points-go/cdks3accesspoints"

	"github.com/maintainers/cdk-s3-access-points/examples/go/crossaccount"
)

// The cross-account example: the data account's access point names the analytics account's role and
// the imported auditor, the analytics stack's identity policy is written, the auditor's cannot be,
// and the partner's access point is over the data account's bucket.
func TestCrossAccountExample(t *testing.T) {
	example := crossaccount.NewCrossAccountApp(awscdk.NewApp(nil))
	data := assertions.Template_FromStack(example.DataStack, nil)
	reports := only(t, data, "AWS::S3::AccessPoint", map[string]interface{}{"Properties": map[string]interface{}{"Name": "analytics-reports"}})
	policy := text(reports["Properties"].(map[string]interface{})["Policy"])
	for _, want := range []string{":iam::222222222222:role/partner-reporting", "arn:aws:iam::444444444444:role/auditor", "s3:GetObject", "reports/*"} {
		if !strings.Contains(policy, want) {
			t.Errorf("the access point policy lacks %s: %s", want, policy)
		}
	}
	if strings.Contains(policy, "s3:PutObject") {
		t.Errorf("a read grant allows writing: %s", policy)
	}

	analytics := text(*assertions.Template_FromStack(example.AnalyticsStack, nil).FindResources(jsii.String("AWS::IAM::Policy"), nil))
	if !strings.Contains(analytics, ":accesspoint/analytics-reports/object/reports/*") {
		t.Errorf("the reporting role's identity policy does not name the access point: %s", analytics)
	}
	var statuses []cdks3accesspoints.IdentityPolicyStatus
	for _, r := range *example.Reports.GrantRecords() {
		statuses = append(statuses, r.IdentityPolicy)
	}
	if len(statuses) != 2 || statuses[0] != cdks3accesspoints.IdentityPolicyStatus_WRITTEN || statuses[1] == cdks3accesspoints.IdentityPolicyStatus_WRITTEN {
		t.Errorf("want the reporting role's identity policy written and the auditor's not, got %v", statuses)
	}

	partner := assertions.Template_FromStack(example.PartnerStack, nil)
	partner.HasResourceProperties(jsii.String("AWS::S3::AccessPoint"), map[string]interface{}{
		"Name": "partner-ingest", "Bucket": crossaccount.BucketName, "BucketAccountId": crossaccount.DataAccount,
	})
	ingest := text(*partner.FindResources(jsii.String("AWS::IAM::Policy"), nil))
	if !strings.Contains(ingest, "s3:PutObject") || !strings.Contains(ingest, "partner-ingest/object/partner/*") || strings.Contains(ingest, "s3:GetObject") {
		t.Errorf("the partner's ingest role should write partner/ only: %s", ingest)
	}
}
