package com.bedrockmeter.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The Lambda zip the template deploys holds the request path and the data model, and no development code. */
class LambdaPackageIT {

    /** What only the local stack, the benchmarks and the tests may use (proxy/local, proxy/devtools). */
    static final List<String> DEVELOPMENT = List.of("com/bedrockmeter/local/", "com/bedrockmeter/devtools/",
            "com/bedrockmeter/cli/", "lib/local-", "lib/devtools-", "lib/cli-", "mock-oauth2-server",
            "Simulator.class", "/Dynalite.class", "Benchmark.class", "/EmbeddedIdp.class", "/LambdaProbe.class",
            "lib/tomcat-embed-core");

    @Test
    void lambdaZip_holdsTheHandlerAndTheModel_andNoDevelopmentClassOrDependency() throws IOException {
        // given
        Path zip;
        try (var files = Files.list(Path.of("target"))) {
            zip = files.filter(p -> p.getFileName().toString().endsWith("-lambda.zip")).findFirst().orElseThrow();
        }

        // when
        List<String> entries;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            entries = file.stream().map(e -> e.getName()).toList();
        }

        // then
        assertThat(entries).contains("com/bedrockmeter/proxy/LambdaHandler.class")
                .anyMatch(e -> e.matches("lib/model-.*\\.jar"));
        assertThat(entries).noneMatch(e -> DEVELOPMENT.stream().anyMatch(e::contains));
    }
}
