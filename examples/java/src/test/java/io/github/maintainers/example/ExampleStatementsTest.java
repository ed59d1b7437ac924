package io.github.maintainers.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * The five examples that exist in every language write the IAM statements of
 * test/example-statements.json, which test/example-statements.test.ts checks against the TypeScript
 * examples (and test/python and examples/go against theirs): the four languages write the same
 * statements, resource by resource.
 */
class ExampleStatementsTest {
    /** The policies this library writes, by resource type: what the TypeScript test compares. */
    private static final Map<String, String> POLICIES = Map.of(
            "AWS::S3::AccessPoint", "Policy",
            "AWS::S3::BucketPolicy", "PolicyDocument",
            "AWS::S3::MultiRegionAccessPointPolicy", "Policy",
            "AWS::S3Express::AccessPoint", "Policy",
            "AWS::S3Express::BucketPolicy", "PolicyDocument",
            "AWS::IAM::Policy", "PolicyDocument",
            "AWS::EC2::VPCEndpoint", "PolicyDocument");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    /** The app of each example with the ids and environments every language uses. */
    private static App canonical(String name) {
        App app = new App();
        switch (name) {
            case "dataLake": new DataLakeStack(app, "DataLake"); break;
            case "vpcOnly": new VpcOnlyStack(app, "VpcOnly"); break;
            case "crossAccount": new CrossAccountApp(app, "CrossAccount"); break;
            case "directoryBucket":
                new DirectoryBucketStack(app, "DirectoryBucket",
                        StackProps.builder().env(Environment.builder().region("us-east-1").build()).build());
                break;
            case "multiRegion": new MultiRegionExample(app, "MultiRegion"); break;
            default: throw new IllegalArgumentException(name);
        }
        return app;
    }

    static Map<String, Object> statements(App app) {
        Map<String, Object> out = new TreeMap<>();
        for (CloudFormationStackArtifact stack : app.synth().getStacks()) {
            Map<String, Object> policies = new TreeMap<>();
            for (Map.Entry<String, Object> resource : map(map(stack.getTemplate()).get("Resources")).entrySet()) {
                String type = String.valueOf(map(resource.getValue()).get("Type"));
                String key = POLICIES.get(type);
                Object document = map(map(resource.getValue()).get("Properties")).get(key);
                if (key != null && document != null) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put(type + "." + key, document);
                    policies.put(resource.getKey(), entry);
                }
            }
            out.put(stack.getStackName(), policies);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dataLake", "vpcOnly", "crossAccount", "directoryBucket", "multiRegion"})
    void theExampleWritesTheStatementsOfTheTypeScriptExample(String name) throws IOException {
        // examples/java is the working directory of `mvn -f examples/java/pom.xml`.
        Map<String, Object> expected = map(new ObjectMapper().readValue(new File("../../test/example-statements.json"), Map.class).get(name));
        assertEquals(expected, statements(canonical(name)), name);
    }
}
