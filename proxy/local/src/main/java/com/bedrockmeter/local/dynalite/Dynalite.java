package com.bedrockmeter.local.dynalite;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dynalite (npm), a DynamoDB implementation on LevelDB, as a child process: the local stack's and the integration
 * tests' DynamoDB. Installs itself from the committed lock file ({@code npm ci}) on first use. Node is started
 * directly (not through npm) so that {@link #close()} stops the process that holds the port.
 */
public final class Dynalite implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dynalite.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static Dynalite shared;

    private final Process process;
    private final int port;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** One in-memory dynalite per JVM (the tests'), started on first use and stopped when the JVM exits. */
    public static synchronized URI sharedEndpoint() {
        if (shared == null) {
            shared = start(0, null);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "dynalite-stop"));
        }
        return shared.endpoint();
    }

    /**
     * @param port    0 for a free port
     * @param dataDir where LevelDB keeps the data, or null for memory only
     */
    public static Dynalite start(int port, Path dataDir) {
        Path tools = NodeTools.directory();
        Path cli = NodeTools.ensureInstalled(tools).resolve("node_modules/dynalite/cli.js");
        int chosen = port == 0 ? freePort() : port;
        List<String> command = new ArrayList<>(List.of("node", cli.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(chosen), "--createTableMs", "0", "--deleteTableMs", "0",
                "--updateTableMs", "0"));
        try {
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                command.addAll(List.of("--path", dataDir.toAbsolutePath().toString()));
            }
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Dynalite dynalite = new Dynalite(process, chosen);
            dynalite.awaitPort();
            log.info("dynalite listening on {}{}", dynalite.endpoint(),
                    dataDir == null ? " (in memory)" : " (data in " + dataDir + ")");
            return dynalite;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start dynalite (is Node.js installed?)", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitPort() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dynalite exited with " + process.exitValue()
                        + " (is port " + port + " taken?)");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for dynalite", e);
                }
            }
        }
        close();
        throw new IllegalStateException("dynalite did not open port " + port + " within " + START_TIMEOUT);
    }

    /** A port nothing listens on now (for a child process to take). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
