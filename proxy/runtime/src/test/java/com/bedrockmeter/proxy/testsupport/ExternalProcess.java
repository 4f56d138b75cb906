package com.bedrockmeter.proxy.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** A child process with its output captured, for tests that drive the product as people do. */
public final class ExternalProcess {

    private final Process process;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread[] pumps;

    private ExternalProcess(Process process) {
        this.process = process;
        this.pumps = new Thread[] {pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr)};
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }
    }

    public static ExternalProcess start(Map<String, String> env, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        try {
            return new ExternalProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
    }

    public static Result run(Map<String, String> env, List<String> command, Duration timeout) {
        ExternalProcess running = start(env, command);
        try {
            if (!running.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                running.stop();
                throw new IllegalStateException(command + " did not finish within " + timeout
                        + "; output: " + running.stdout());
            }
            for (Thread pump : running.pumps) {
                pump.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Result(running.process.exitValue(), running.stdout(), running.stderr());
    }

    public void awaitOutput(String text, Duration timeout) {
        Awaitility.await().atMost(timeout).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Process exited " + process.exitValue() + ": " + stdout() + stderr());
            }
            return stdout().contains(text) || stderr().contains(text);
        });
    }

    public List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /** SIGTERM, as Ctrl-C would end it (the JVM runs its shutdown hooks either way). */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String stdout() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (sink) {
                        sink.write(buffer, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "process-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
