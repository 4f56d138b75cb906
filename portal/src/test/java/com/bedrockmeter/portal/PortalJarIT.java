package com.bedrockmeter.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The portal's runnable jar (the image's content) holds the portal and the data model, and neither development
 * code (the analytics benchmark, the synthetic usage, the embedded OIDC provider, the simulator, dynalite) nor the
 * proxy's runtime or the Bedrock SDK.
 */
class PortalJarIT {

    static final List<String> NOT_IN_THE_PORTAL = List.of("com/bedrockmeter/local/", "com/bedrockmeter/devtools/",
            "com/bedrockmeter/proxy/", "lib/local-", "lib/devtools-", "lib/proxy-", "lib/cli-", "mock-oauth2-server",
            "Simulator.class", "/Dynalite.class", "Benchmark.class", "/EmbeddedIdp.class", "/SyntheticUsage.class",
            "lib/bedrockruntime-", "aws-serverless-java-container",
            // Vaadin's commercial components and tools (com.vaadin:vaadin, vaadin-dev): the portal uses the free set
            "lib/vaadin-board", "lib/vaadin-charts", "lib/vaadin-crud", "lib/vaadin-grid-pro", "lib/vaadin-rich-text",
            "lib/vaadin-spreadsheet", "lib/vaadin-cookie-consent", "lib/vaadin-map", "lib/vaadin-dashboard",
            "lib/copilot", "lib/vaadin-dev-", "lib/hilla");

    @Test
    void portalJar_holdsThePortalAndTheModel_andNoDevelopmentOrProxyCode() throws IOException {
        // given
        Path jar;
        try (var files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("portal-.*-exec\\.jar")).findFirst()
                    .orElseThrow();
        }

        // when
        List<String> entries;
        try (ZipFile file = new ZipFile(jar.toFile())) {
            entries = file.stream().map(e -> e.getName()).toList();
        }

        // then
        assertThat(entries).contains("BOOT-INF/classes/com/bedrockmeter/portal/PortalApplication.class")
                .anyMatch(e -> e.matches("BOOT-INF/lib/model-.*\\.jar"));
        assertThat(entries).noneMatch(e -> NOT_IN_THE_PORTAL.stream().anyMatch(e::contains));
    }
}
