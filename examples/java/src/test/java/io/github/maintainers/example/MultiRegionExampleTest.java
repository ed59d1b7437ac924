package io.github.maintainers.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * The Multi-Region example: one Multi-Region Access Point over the two Regions' buckets, whose policy
 * limits the reader and the writer to reports/, and the reader's identity policy reads only.
 */
class MultiRegionExampleTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void theMultiRegionAccessPointAndItsGrants() {
        MultiRegionExample example = new MultiRegionExample(new App(), "MultiRegion");
        Template global = Template.fromStack(example.globalStack);
        global.hasResourceProperties("AWS::S3::MultiRegionAccessPoint", Map.of(
                "Name", "reports",
                "Regions", List.of(Map.of("Bucket", "reports-111111111111-us-east-1"), Map.of("Bucket", "reports-111111111111-eu-west-1"))));
        Map<String, Map<String, Object>> policies = global.findResources("AWS::S3::MultiRegionAccessPointPolicy");
        assertEquals(1, policies.size());
        String policy = String.valueOf(map(policies.values().iterator().next().get("Properties")).get("Policy"));
        assertTrue(policy.contains("/object/reports/*") && policy.contains("s3:prefix=reports/*"), policy);
        assertTrue(policy.contains("s3:PutObject"), "the writer's statement: " + policy);

        String reader = String.valueOf(global.findResources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith("ReaderDefaultPolicy")).findFirst().orElseThrow().getValue());
        assertTrue(reader.contains("s3:GetObject") && reader.contains("kms:Decrypt"), reader);
        assertFalse(reader.contains("s3:PutObject"), reader);
    }
}
