package io.github.maintainers.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The directory bucket example: each access point's Scope is its prefix and the operations of its
 * grants, and each grant gives its role s3express:CreateSession on that access point.
 */
class DirectoryBucketStackTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void theAccessPointsHaveTheScopeOfTheirGrants() {
        DirectoryBucketStack stack = new DirectoryBucketStack(new App(), "DirectoryBucket",
                StackProps.builder().env(Environment.builder().region("us-east-1").build()).build());
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::S3Express::AccessPoint", Map.of(
                "Name", "ingest--use1-az4--xa-s3",
                "Scope", Map.of("Prefixes", List.of("ingest/"),
                        "Permissions", List.of("ListMultipartUploadParts", "PutObject", "AbortMultipartUpload"))));
        template.hasResourceProperties("AWS::S3Express::AccessPoint", Map.of(
                "Name", "reports--use1-az4--xa-s3",
                "Scope", Map.of("Prefixes", List.of("reports/"),
                        "Permissions", List.of("GetObject", "GetObjectAttributes", "ListBucket"))));

        for (String role : List.of("IngestRole", "ReportsRole")) {
            Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy",
                    Map.of("Properties", Map.of("Roles", List.of(Map.of("Ref", stack.getLogicalId(
                            (software.amazon.awscdk.CfnElement) (role.equals("IngestRole") ? stack.ingestRole : stack.reportsRole)
                                    .getNode().getDefaultChild()))))));
            assertEquals(1, policies.size(), role);
            String text = String.valueOf(policies.values().iterator().next());
            assertTrue(text.contains("s3express:CreateSession"), role + ": " + text);
            String accessPoint = role.equals("IngestRole") ? "ingest--use1-az4--xa-s3" : "reports--use1-az4--xa-s3";
            assertTrue(text.contains(accessPoint), role + " names " + accessPoint + ": " + text);
        }
    }
}
