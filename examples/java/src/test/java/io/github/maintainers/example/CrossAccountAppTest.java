package io.github.maintainers.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.maintainers.cdk.s3accesspoints.IdentityPolicyStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * The cross-account example: the data account's access point names the analytics account's role and
 * the imported auditor, the analytics stack's identity policy is written, the auditor's cannot be,
 * and the partner's access point is over the data account's bucket.
 */
class CrossAccountAppTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void theAccessPointsAndTheirGrantsInThreeAccounts() {
        CrossAccountApp example = new CrossAccountApp(new App(), "CrossAccount");
        Template data = Template.fromStack(example.dataStack);
        Map<String, Map<String, Object>> reports = data.findResources("AWS::S3::AccessPoint",
                Map.of("Properties", Map.of("Name", "analytics-reports")));
        assertEquals(1, reports.size());
        String policy = String.valueOf(map(reports.values().iterator().next().get("Properties")).get("Policy"));
        assertTrue(policy.contains(":iam::222222222222:role/partner-reporting"), policy);
        assertTrue(policy.contains("arn:aws:iam::444444444444:role/auditor"), policy);
        assertTrue(policy.contains("s3:GetObject") && !policy.contains("s3:PutObject"), policy);

        // The reporting role's identity policy is in its own account's stack; the auditor's is not CDK's to write.
        String analytics = String.valueOf(Template.fromStack(example.analyticsStack).findResources("AWS::IAM::Policy"));
        assertTrue(analytics.contains("analytics-reports/object/reports/*"), analytics);
        List<IdentityPolicyStatus> statuses = example.reports.getGrantRecords().stream()
                .map(r -> r.getIdentityPolicy()).collect(Collectors.toList());
        assertTrue(statuses.contains(IdentityPolicyStatus.WRITTEN), statuses.toString());
        assertTrue(statuses.stream().anyMatch(s -> s != IdentityPolicyStatus.WRITTEN), statuses.toString());

        Template partner = Template.fromStack(example.partnerStack);
        partner.hasResourceProperties("AWS::S3::AccessPoint", Map.of(
                "Name", "partner-ingest", "Bucket", CrossAccountApp.BUCKET_NAME, "BucketAccountId", CrossAccountApp.DATA));
        String ingest = String.valueOf(partner.findResources("AWS::IAM::Policy"));
        assertTrue(ingest.contains("s3:PutObject") && ingest.contains("partner-ingest/object/partner/*"), ingest);
        assertFalse(ingest.contains("s3:GetObject"), ingest);
    }
}
