package io.github.maintainers.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.maintainers.cdk.s3accesspoints.AccessGrantRecord;
import io.github.maintainers.cdk.s3accesspoints.AccessLevel;
import io.github.maintainers.cdk.s3accesspoints.AccessPointOptions;
import io.github.maintainers.cdk.s3accesspoints.IdentityPolicyStatus;
import io.github.maintainers.cdk.s3accesspoints.SharedDataBucket;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The jsii Maven package, used the way a Java CDK user uses it: synthesize the data lake and assert
 * on the template with aws-cdk-lib's assertions, as the TypeScript unit tests and test/python do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataLakeStackTest {
    private DataLakeStack stack;
    private Template template;

    @BeforeAll
    void synthesize() {
        stack = new DataLakeStack(new App(), "DataLake");
        template = Template.fromStack(stack);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Object document) {
        return ((List<Object>) map(document).get("Statement")).stream().map(DataLakeStackTest::map).collect(Collectors.toList());
    }

    private Map<String, Object> only(String type, Map<String, Object> props) {
        Map<String, Map<String, Object>> found = template.findResources(type, props);
        assertEquals(1, found.size(), "one " + type + " matching " + props);
        return found.values().iterator().next();
    }

    /** The literal end of an ARN built with Fn::Join, e.g. ":accesspoint/x/object/p/*". */
    @SuppressWarnings("unchecked")
    private static String arnTail(Object resource) {
        if (resource instanceof Map && map(resource).containsKey("Fn::Join")) {
            List<Object> parts = (List<Object>) ((List<Object>) map(resource).get("Fn::Join")).get(1);
            return String.valueOf(parts.get(parts.size() - 1));
        }
        return String.valueOf(resource);
    }

    @Test
    void twoAccessPointsOverTheSharedBucket() {
        // The shared bucket and the bucket that receives its server access logs.
        template.resourceCountIs("AWS::S3::Bucket", 2);
        template.resourceCountIs("AWS::S3::AccessPoint", 2);
        for (String name : List.of("ec2-consumer", "lambda-consumer")) {
            template.hasResourceProperties("AWS::S3::AccessPoint", Map.of("Name", name, "Bucket", Map.of("Ref", Match.anyValue())));
        }
    }

    @Test
    void theBucketIsSecureByDefault() {
        template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "PublicAccessBlockConfiguration", Map.of(
                        "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(
                        Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "aws:kms")))),
                "OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced")))));
    }

    @Test
    void theBucketDelegatesToItsAccessPoints() {
        // The shared bucket's policy (the log bucket has one of its own, for log delivery).
        Map<String, Object> policy = template.findResources("AWS::S3::BucketPolicy").values().stream()
                .filter(p -> String.valueOf(p).contains("s3:DataAccessPointAccount")).findFirst().orElseThrow();
        List<Map<String, Object>> all = statements(map(policy.get("Properties")).get("PolicyDocument"));
        long delegation = all.stream().filter(s -> "Allow".equals(s.get("Effect"))
                && String.valueOf(s.get("Condition")).contains("s3:DataAccessPointAccount")).count();
        long tls = all.stream().filter(s -> "Deny".equals(s.get("Effect"))
                && String.valueOf(s.get("Condition")).contains("aws:SecureTransport")).count();
        assertEquals(1, delegation, "one delegation statement in " + all);
        assertEquals(1, tls, "one TLS-only statement in " + all);
    }

    @Test
    void theEc2GrantIsLimitedToItsPrefixInTheAccessPointPolicy() {
        Map<String, Object> accessPoint = only("AWS::S3::AccessPoint", Map.of("Properties", Map.of("Name", "ec2-consumer")));
        Object policy = map(accessPoint.get("Properties")).get("Policy");
        Map<String, Object> roleArn = Map.of("Fn::GetAtt", List.of(stack.getLogicalId((software.amazon.awscdk.CfnElement) stack.ec2Role.getNode().getDefaultChild()), "Arn"));
        List<Map<String, Object>> all = statements(policy);
        for (Map<String, Object> s : all) {
            assertEquals(Map.of("AWS", roleArn), s.get("Principal"));
        }
        Map<String, Object> objects = all.stream().filter(s -> String.valueOf(s.get("Action")).contains("s3:GetObject")).findFirst().orElseThrow();
        assertTrue(String.valueOf(objects.get("Action")).contains("s3:PutObject"));
        assertEquals(":accesspoint/ec2-consumer/object/sales_event/*", arnTail(objects.get("Resource")));

        Map<String, Object> listing = all.stream().filter(s -> String.valueOf(s.get("Action")).contains("s3:ListBucket")).findFirst().orElseThrow();
        assertEquals(Map.of("StringLike", Map.of("s3:prefix", "sales_event/*")), listing.get("Condition"));
        assertEquals(":accesspoint/ec2-consumer", arnTail(listing.get("Resource")));

        // Nothing in it reaches the other consumer's prefix or the bucket itself.
        assertFalse(String.valueOf(policy).contains("inventory_event"));
        assertFalse(String.valueOf(policy).contains(":s3:::"));
    }

    @Test
    void theGrantsWriteTheIdentityPoliciesAndKms() {
        for (String role : List.of("Ec2ConsumerRole", "InventoryConsumerServiceRole")) {
            List<String> policies = template.findResources("AWS::IAM::Policy").values().stream()
                    .map(String::valueOf).filter(p -> p.contains("{Ref=" + role)).collect(Collectors.toList());
            assertEquals(1, policies.size(), "one identity policy for " + role);
            String text = policies.get(0);
            // SSE-KMS: writing needs GenerateDataKey, reading needs Decrypt; never the bucket itself.
            for (String action : List.of("s3:PutObject", "kms:Decrypt", "kms:GenerateDataKey")) {
                assertTrue(text.contains(action), role + " lacks " + action);
            }
            assertFalse(text.contains(":s3:::"), role + " names the bucket");
        }
        List<AccessGrantRecord> records = stack.sales.getGrantRecords();
        assertEquals(1, records.size());
        assertEquals(AccessLevel.READ_WRITE, records.get(0).getLevel());
        assertEquals("sales_event/", records.get(0).getKeyPrefix());
        assertEquals(IdentityPolicyStatus.WRITTEN, records.get(0).getIdentityPolicy());
    }

    @Test
    void theFunctionGetsTheAccessPointArn() {
        Map<String, Object> fn = only("AWS::Lambda::Function", null);
        Object arn = map(map(map(fn.get("Properties")).get("Environment")).get("Variables")).get("ACCESS_POINT_ARN");
        assertEquals(":accesspoint/lambda-consumer", arnTail(arn));
    }

    @Test
    void badInputIsRefusedWithTheConstructPath() {
        Stack bad = new Stack(new App(), "Bad");
        SharedDataBucket data = new SharedDataBucket(bad, "Data");
        RuntimeException error = assertThrows(RuntimeException.class, () -> data.addPrefixAccessPoint("Wild",
                AccessPointOptions.builder().accessPointName("wild").prefix("logs/*").build()));
        assertTrue(error.getMessage().contains("Bad/Data/Wild"), error.getMessage());
        assertTrue(error.getMessage().contains("prefix"), error.getMessage());
    }
}
