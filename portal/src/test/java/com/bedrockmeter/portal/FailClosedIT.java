package com.bedrockmeter.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The portal jar as an operator would start it by mistake: with no settings it must not become a dev stack. */
class FailClosedIT {

    @Test
    void portalJar_startedWithNoSettings_startsNoEmbeddedProvider_andExitsWhenItCannotStart() throws Exception {
        // given: no settings (no sign-in provider configured), and a free port for the embedded provider's default
        int idpPort = 8082;
        try (ServerSocket probe = new ServerSocket(0)) {
            idpPort = probe.getLocalPort();
        }
        Path log = Files.createTempFile(Path.of("target"), "portal-no-settings", ".log");
        Process portal = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString(), "--server.port=0",
                "--bedrock-meter.portal.embedded-idp.port=" + idpPort))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        // when
        boolean ended = portal.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            portal.destroyForcibly();
        }

        // then: it ended by itself, with a failure, and no embedded provider answered meanwhile
        String output = Files.readString(log);
        assertThat(ended).as(output).isTrue();
        assertThat(portal.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("The portal failed to start").doesNotContain("mock-oauth2-server");
        try (ServerSocket stillFree = new ServerSocket(idpPort)) {
            assertThat(stillFree.isBound()).isTrue();
        }
    }

    private static Path jar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("portal-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Run after package: no portal-*-exec.jar"));
        }
    }
}
