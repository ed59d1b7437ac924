package io.github.maintainers.example;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * Synthesizes one example into cdk.out, by name (the argument, or the EXAMPLE environment variable):
 *
 * <pre>
 * cd examples/java
 * npx --yes aws-cdk@latest synth --app "mvn -q compile exec:java -Dexec.args=data-lake"
 * </pre>
 *
 * Names: data-lake, vpc-only, cross-account, directory-bucket, multi-region.
 */
public final class Main {
    private Main() {
    }

    public static void main(final String[] args) {
        String name = args.length > 0 ? args[0] : System.getenv().getOrDefault("EXAMPLE", "data-lake");
        App app = new App();
        switch (name) {
            case "data-lake":
                new DataLakeStack(app, "DataLake");
                break;
            case "vpc-only":
                new VpcOnlyStack(app, "VpcOnly");
                break;
            case "cross-account":
                new CrossAccountApp(app, "CrossAccount");
                break;
            case "directory-bucket":
                // use1-az4 is a zone of us-east-1.
                new DirectoryBucketStack(app, "DirectoryBucket", StackProps.builder()
                        .env(Environment.builder().region("us-east-1").build()).build());
                break;
            case "multi-region":
                new MultiRegionExample(app, "MultiRegion");
                break;
            default:
                throw new IllegalArgumentException("unknown example " + name
                        + ": data-lake, vpc-only, cross-account, directory-bucket or multi-region");
        }
        app.synth();
    }
}
