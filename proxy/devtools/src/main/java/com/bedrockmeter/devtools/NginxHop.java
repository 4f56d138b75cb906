package com.bedrockmeter.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The benchmark's floor: nginx from Debian as a bare HTTP hop in front of the simulator, which is what one proxy hop
 * costs on this machine. Started from a generated configuration in a temporary directory, in the foreground (no
 * daemon, nothing of the system's nginx used), with a keep-alive pool to the simulator; streams pass unbuffered.
 */
final class NginxHop implements AutoCloseable {

    private final Process master;
    private final Path directory;
    private final int port;

    private NginxHop(Process master, Path directory, int port) {
        this.master = master;
        this.directory = directory;
        this.port = port;
    }

    /** The nginx binary: on the PATH, or where Debian puts it (/usr/sbin is not on every user's PATH). */
    static Optional<Path> binary() {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin"))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "nginx")).filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts nginx on a free port of 127.0.0.1, passing every request to {@code 127.0.0.1:<upstreamPort>}. */
    static NginxHop start(Path nginx, int upstreamPort) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("bedrock-meter-nginx");
        int port = freePort();
        Files.writeString(directory.resolve("nginx.conf"), configuration(directory, port, upstreamPort));
        Process master = new ProcessBuilder(nginx.toString(), "-p", directory.toString(),
                "-c", directory.resolve("nginx.conf").toString(), "-e", directory.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("output.log").toFile()).start();
        NginxHop hop = new NginxHop(master, directory, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!hop.accepts()) {
            if (!master.isAlive() || System.nanoTime() > deadline) {
                hop.close();
                throw new IllegalStateException("nginx did not start; its log: "
                        + Files.readString(directory.resolve("error.log")));
            }
            Thread.sleep(20);
        }
        return hop;
    }

    /**
     * One worker per core (nginx's {@code auto}); upstream connections kept alive (HTTP/1.1, no {@code Connection}
     * header passed on) and reused without a limit, as are the clients'; no access log; temporary files in the
     * directory, so that nothing of the system's nginx is written.
     */
    private static String configuration(Path dir, int port, int upstreamPort) {
        String proxy = """
                            proxy_pass http://simulator;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                """;
        return """
                daemon off;
                master_process on;
                worker_processes auto;
                pid %1$s/nginx.pid;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    keepalive_requests 1000000;
                    upstream simulator {
                        server 127.0.0.1:%3$d;
                        keepalive 64;
                        keepalive_requests 1000000;
                    }
                    server {
                        listen 127.0.0.1:%2$d;
                        location / {
                %4$s        }
                        location ~ /(invoke-with-response-stream|converse-stream)$ {
                %4$s            proxy_buffering off;
                        }
                    }
                }
                """.formatted(dir, port, upstreamPort, proxy);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** The master and its workers, for the CPU table. */
    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        pids.add(master.pid());
        master.toHandle().children().forEach(worker -> pids.add(worker.pid()));
        return pids;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops nginx (SIGTERM: its fast shutdown; the workers follow their master) and deletes its directory. */
    @Override
    public void close() {
        master.destroy();
        try {
            if (!master.waitFor(5, TimeUnit.SECONDS)) {
                master.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                master.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
