package com.bedrockmeter.proxy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The Node packages of {@code proxy/node/} (dynalite), installed with {@code npm ci} from the committed lock file. */
final class NodeTools {

    static final String DIRECTORY_PROPERTY = "bedrock-meter.node-tools";

    private NodeTools() {
    }

    /** {@code proxy/node}, found from the repository root or from the module directory (where tests run). */
    static Path directory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null) {
            return Paths.get(configured);
        }
        for (Path candidate : List.of(Paths.get("node"), Paths.get("proxy", "node"), Paths.get("..", "proxy", "node"))) {
            if (Files.isRegularFile(candidate.resolve("package-lock.json"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("Cannot find proxy/node/package-lock.json; run from the repository root");
    }

    static synchronized Path ensureInstalled(Path directory) {
        if (Files.isDirectory(directory.resolve("node_modules/dynalite"))) {
            return directory;
        }
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(directory.toFile())
                    .inheritIO()
                    .start();
            if (npm.waitFor() != 0) {
                throw new IllegalStateException("npm ci failed in " + directory);
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run npm (is Node.js installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during npm ci", e);
        }
    }
}
