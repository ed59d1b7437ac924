package io.github.maintainers.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The VPC-only example: two access points with a VPC configuration and one without, and one S3
 * gateway endpoint whose policy names the two VPC-only access points and the allowances' buckets.
 */
class VpcOnlyStackTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void vpcOnlyAccessPointsAndTheEndpointPolicy() {
        Template template = Template.fromStack(new VpcOnlyStack(new App(), "VpcOnly"));
        template.resourceCountIs("AWS::S3::AccessPoint", 3);
        for (String name : new String[] {"app-reader", "app-ingest"}) {
            Map<String, Object> props = Map.of("Name", name, "VpcConfiguration", Match.objectLike(Map.of()));
            assertEquals(1, template.findResources("AWS::S3::AccessPoint", Map.of("Properties", props)).size(), name);
        }
        Map<String, Map<String, Object>> partners = template.findResources("AWS::S3::AccessPoint", Map.of("Properties", Map.of("Name", "partners")));
        assertFalse(map(partners.values().iterator().next().get("Properties")).containsKey("VpcConfiguration"));
        Map<String, Map<String, Object>> endpoints = template.findResources("AWS::EC2::VPCEndpoint", Map.of());
        assertEquals(1, endpoints.size());
        String policy = String.valueOf(map(endpoints.values().iterator().next().get("Properties")).get("PolicyDocument"));
        for (String want : new String[] {"accesspoint/app-reader", "accesspoint/app-ingest", "prod-eu-west-1-starport-layer-bucket", "amazonlinux"}) {
            assertTrue(policy.contains(want), "the endpoint policy names " + want + ": " + policy);
        }
    }
}
