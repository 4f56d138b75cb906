package com.bedrockmeter.proxy.local;

import com.bedrockmeter.proxy.LambdaHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lambda handler's cold start, measured in a fresh JVM: class initialisation (Spring context start) and the
 * first API Gateway event answered. The event carries no token, so it measures the path up to authentication
 * without needing data; the figures are for this machine, not for Lambda's (SnapStart removes most of the init).
 */
public final class LambdaProbe {

    private static final String EVENT = """
            {"resource":"/bedrock","path":"/bedrock","httpMethod":"POST","headers":{"Content-Type":"application/json"},
             "multiValueHeaders":{"Content-Type":["application/json"]},"requestContext":{"resourcePath":"/bedrock",
             "httpMethod":"POST","path":"/prod/bedrock","stage":"prod","identity":{"sourceIp":"127.0.0.1"}},
             "body":"{}","isBase64Encoded":false}""";

    private LambdaProbe() {
    }

    public static void measureInFreshJvm() throws Exception {
        Dynalite dynalite = Dynalite.start(0, null);
        try {
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("java.class.path");
            List<String> command = new ArrayList<>(List.of(java,
                    "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                    "-Dbedrock-meter.dynamodb.endpoint=" + dynalite.endpoint(),
                    "-Dbedrock-meter.usage.sink=stdout", "-Dbedrock-meter.usage.counter-flush-interval=0",
                    "-Dlogging.level.root=WARN"));
            Path lambdaZip = lambdaPackage(classPath);
            if (lambdaZip != null) {
                Path unpacked = unzip(lambdaZip);
                command.addAll(List.of("-cp", unpacked + File.pathSeparator + unpacked.resolve("lib") + "/*",
                        LambdaProbe.class.getName()));
                System.out.println("Lambda handler measured from " + lambdaZip.getFileName()
                        + " with the template's JAVA_TOOL_OPTIONS, on this machine, without SnapStart:");
            } else if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
                command.addAll(List.of("-jar", classPath, "lambda-probe"));
            } else {
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), LambdaProbe.class.getName()));
            }
            Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            probe.waitFor();
            output.lines().filter(l -> l.startsWith("Lambda handler init")).forEach(System.out::println);
        } finally {
            dynalite.close();
        }
    }

    /** The Lambda zip Maven builds next to the exec jar, as Lambda would load it. */
    private static Path lambdaPackage(String classPath) throws IOException {
        if (!classPath.endsWith("-exec.jar")) {
            return null;
        }
        Path dir = Paths.get(classPath).toAbsolutePath().getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.zip")).findFirst().orElse(null);
        }
    }

    private static Path unzip(Path zip) throws IOException {
        Path target = Files.createTempDirectory("bedrock-meter-lambda");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("Zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
        }
        return target;
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        LambdaHandler handler = new LambdaHandler();
        long t1 = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(EVENT.getBytes(StandardCharsets.UTF_8)), out,
                null);
        long t2 = System.nanoTime();
        System.out.printf("Lambda handler init: %.0f ms; first request: %.1f ms (answered %s)%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, out.toString(StandardCharsets.UTF_8).contains("401") ? "401" : "?");
        System.exit(0);
    }
}
