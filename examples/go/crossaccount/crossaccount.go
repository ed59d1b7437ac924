// Package crossaccount is scenario S7, cross-account access, as a Go CDK app: the same app as
// examples/cross-account.ts and examples/python/cross_account.py. The data account's bucket delegates
// to its own access points and to the partner account's; an analytics role of another account and an
// imported auditor role read reports/ through one access point; the partner account makes its own
// access point over the bucket and writes partner/. `go run . cross-account` (in examples/go)
// synthesizes it.
package crossaccount

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/maintainers/cdk-s3-access-points-go/cdks3accesspoints"
)

// The accounts of the scenario, its Region and the shared bucket's name.
const (
	DataAccount      = "111111111111"
	AnalyticsAccount = "222222222222"
	PartnerAccount   = "333333333333"
	AuditAccount     = "444444444444"
	Region           = "us-east-1"
	BucketName       = "store-events-shared-111111111111"
)

// CrossAccount is what the app holds: a stack per account, the shared bucket and the two access points.
type CrossAccount struct {
	DataStack      awscdk.Stack
	AnalyticsStack awscdk.Stack
	PartnerStack   awscdk.Stack
	Data           cdks3accesspoints.SharedDataBucket
	Reports        cdks3accesspoints.PrefixAccessPoint
	PartnerIngest  cdks3accesspoints.PrefixAccessPoint
}

func stack(scope constructs.Construct, id string, account string) awscdk.Stack {
	return awscdk.NewStack(scope, jsii.String(id), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(Region)},
	})
}

// NewCrossAccountApp adds the three stacks of the scenario, in their three accounts, to scope.
func NewCrossAccountApp(scope constructs.Construct) CrossAccount {
	dataStack := stack(scope, "DataAccount", DataAccount)
	analyticsStack := stack(scope, "AnalyticsAccount", AnalyticsAccount)
	partnerStack := stack(scope, "PartnerAccount", PartnerAccount)

	data := cdks3accesspoints.NewSharedDataBucket(dataStack, jsii.String("Shared"), &cdks3accesspoints.SharedDataBucketProps{
		BucketName:          jsii.String(BucketName),
		AccessPointAccounts: jsii.Strings(DataAccount, PartnerAccount),
	})

	// A role of another account, defined in this app: its name is fixed so the data account's
	// access point policy can name it without a cross-account reference.
	reporting := awsiam.NewRole(analyticsStack, jsii.String("Reporting"), &awsiam.RoleProps{
		RoleName:  jsii.String("partner-reporting"),
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	reports := data.AddPrefixAccessPoint(jsii.String("Reports"), &cdks3accesspoints.AccessPointOptions{
		AccessPointName: jsii.String("analytics-reports"),
		Prefix:          jsii.String("reports/"),
	})
	reports.GrantRead(reporting, nil)
	auditor := awsiam.Role_FromRoleArn(dataStack, jsii.String("Auditor"), jsii.String("arn:aws:iam::"+AuditAccount+":role/auditor"), nil)
	reports.GrantRead(auditor, nil)

	// The partner's own access point, over the data account's bucket.
	shared := awss3.Bucket_FromBucketAttributes(partnerStack, jsii.String("SharedBucket"), &awss3.BucketAttributes{
		BucketName: jsii.String(BucketName),
		Account:    jsii.String(DataAccount),
	})
	// Its policy is the data account's, which delegates to this account (AccessPointAccounts above).
	awscdk.Annotations_Of(shared).AcknowledgeWarning(jsii.String("cdk-s3-access-points:bucketPolicyNotManaged"),
		jsii.String("The SharedDataBucket in the data account delegates to the partner account"))
	partnerIngest := cdks3accesspoints.NewPrefixAccessPoint(partnerStack, jsii.String("Ingest"), &cdks3accesspoints.PrefixAccessPointProps{
		Bucket:          shared,
		AccessPointName: jsii.String("partner-ingest"),
		Prefix:          jsii.String("partner/"),
	})
	ingestRole := awsiam.NewRole(partnerStack, jsii.String("IngestRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	partnerIngest.GrantWrite(ingestRole, nil)

	return CrossAccount{
		DataStack: dataStack, AnalyticsStack: analyticsStack, PartnerStack: partnerStack,
		Data: data, Reports: reports, PartnerIngest: partnerIngest,
	}
}
