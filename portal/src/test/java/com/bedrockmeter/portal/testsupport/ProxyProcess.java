package com.bedrockmeter.portal.testsupport;

import com.bedrockmeter.local.simulator.BedrockSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The proxy from the runtime module's jar ({@code proxy/runtime/target/proxy-*-exec.jar}), as its own process on a
 * free port, calling a Bedrock simulator in this JVM.
 */
public final class ProxyProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final BedrockSimulator bedrock;

    private ProxyProcess(Process process, int port, BedrockSimulator bedrock) {
        this.process = process;
        this.port = port;
        this.bedrock = bedrock;
    }

    /** Where the proxy writes its usage events (relative to the portal module, the tests' working directory). */
    public static final String USAGE_DIRECTORY = "target/journey-usage-events";

    public static ProxyProcess start(URI dynamoEndpoint) {
        try {
            // the events of earlier test runs would crowd this run's customers out of the analytics
            deleteEvents();
            Path jar;
            try (var files = Files.list(Path.of("..", "proxy", "runtime", "target"))) {
                jar = files.filter(p -> p.getFileName().toString().matches("proxy-.*-exec\\.jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("Build the proxy first: no proxy-*-exec.jar"));
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            BedrockSimulator bedrock = BedrockSimulator.start(0);
            Process process = new ProcessBuilder(List.of(java, "-jar", jar.toString(),
                    "--server.port=" + port, "--bedrock-meter.mode=local",
                    "--bedrock-meter.bedrock.endpoint=" + bedrock.endpoint(), "--bedrock-meter.dynamodb.endpoint=" + dynamoEndpoint,
                    "--bedrock-meter.usage.directory=" + USAGE_DIRECTORY))
                    .redirectErrorStream(true).redirectOutput(Path.of("target", "journey-proxy.log").toFile())
                    .start();
            ProxyProcess proxy = new ProxyProcess(process, port, bedrock);
            proxy.awaitPort();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteEvents() throws IOException {
        Path events = Path.of(USAGE_DIRECTORY);
        if (Files.exists(events)) {
            try (var paths = Files.walk(events)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void awaitPort() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The proxy exited; see target/journey-proxy.log");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
        throw new IllegalStateException("The proxy did not open port " + port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            bedrock.close();
        }
    }
}
