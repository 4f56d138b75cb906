package com.bedrockmeter.local.dynalite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The Node packages of {@code proxy/local/node/} (dynalite), installed with {@code npm ci} from the committed lock
 * file.
 */
final class NodeTools {

    static final String DIRECTORY_PROPERTY = "bedrock-meter.node-tools";

    private NodeTools() {
    }

    /**
     * {@code proxy/local/node}, found from the working directory or any directory above it (the repository root for
     * the launcher, a module's directory for the tests).
     */
    static Path directory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null) {
            return Paths.get(configured);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("proxy/local/node");
            if (Files.isRegularFile(candidate.resolve("package-lock.json"))) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("Cannot find proxy/local/node/package-lock.json; run inside the repository");
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
