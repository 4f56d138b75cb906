package com.bedrockmeter.devtools;

import com.bedrockmeter.local.dynalite.Dynalite;
import com.bedrockmeter.proxy.LambdaHandler;
import com.bedrockmeter.cli.AdminCli;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.Map;
import com.amazonaws.serverless.proxy.spring.SpringBootLambdaContainerHandler;
import com.bedrockmeter.proxy.snapstart.SnapStartPriming;
import org.springframework.web.context.support.WebApplicationContextUtils;
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
import java.util.Optional;

/**
 * The Lambda handler's cold start, measured in fresh JVMs from the Lambda zip: class initialisation (Spring context
 * start), then the first and second authenticated {@code POST /bedrock} events, once as a plain cold start and once
 * after the checkpoint hook SnapStart runs before it takes the snapshot ({@link SnapStartPriming}). The figures are
 * for this machine, not Lambda's: no snapshot is really taken here, and in AWS the first call after a restore also
 * opens its TLS connections.
 */
public final class LambdaProbe {

    private static final String BODY = "{\"modelId\":\"anthropic.claude-3-haiku-20240307-v1:0\","
            + "\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":32,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";


    private LambdaProbe() {
    }

    public static void measureInFreshJvm() throws Exception {
        Path lambdaZip = lambdaPackage();
        try (Dynalite dynalite = Dynalite.start(0, null); BedrockSimulator bedrock = BedrockSimulator.start(0)) {
            String token = createCustomer(dynalite);
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            Path unpacked = unzip(lambdaZip);
            // the zip as Lambda loads it, plus this one class (its main) and nothing else of the development tools
            List<String> command = new ArrayList<>(List.of(java,
                    "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                    "-Dbedrock-meter.mode=local", "-Dbedrock-meter.dynamodb.endpoint=" + dynalite.endpoint(),
                    "-Dbedrock-meter.bedrock.endpoint=" + bedrock.endpoint(),
                    "-Dbedrock-meter.usage.sink=stdout", "-Dbedrock-meter.usage.counter-flush-interval=0",
                    "-Dlogging.level.root=WARN",
                    "-cp", unpacked + File.pathSeparator + unpacked.resolve("lib") + "/*" + File.pathSeparator
                            + probeClass(),
                    LambdaProbe.class.getName()));
            System.out.println("Lambda handler measured from " + lambdaZip.getFileName()
                    + " with the template's JAVA_TOOL_OPTIONS, on this machine:");
            for (String mode : List.of("cold", "snapstart")) {
                List<String> run = new ArrayList<>(command);
                run.addAll(List.of(token, mode));
                Process probe = new ProcessBuilder(run).redirectErrorStream(true).start();
                String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                probe.waitFor();
                if (output.lines().noneMatch(l -> l.startsWith("Lambda handler"))) {
                    throw new IllegalStateException("The Lambda probe (" + mode + ") failed:\n" + output);
                }
                output.lines().filter(l -> l.startsWith("Lambda handler")).forEach(System.out::println);
            }
            StreamStartProbe.measure(dynalite.endpoint(), bedrock.endpoint(), token);
        }
    }

    /** This class's bytes in a directory of their own, for the probed JVM's class path. */
    private static Path probeClass() throws IOException {
        Path dir = Files.createTempDirectory("bedrock-meter-probe");
        String name = LambdaProbe.class.getName().replace('.', '/') + ".class";
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        try (var in = LambdaProbe.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, file);
        }
        return dir;
    }

    /** A customer made with the admin CLI in this JVM, so that the probed JVM starts with nothing warmed up. */
    private static String createCustomer(Dynalite dynalite) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AdminCli.run(new String[] {"create", "--name", "Lambda probe", "--email", "probe@example.com",
                        "--json"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("BEDROCK_METER_DYNAMODB_ENDPOINT", dynalite.endpoint().toString()));
        if (code != 0) {
            throw new IllegalStateException("Could not create the probe's customer: " + err);
        }
        return new ObjectMapper().readTree(out.toByteArray()).path("token").asText();
    }

    /** The Lambda zip Maven builds ({@code proxy/runtime/target/proxy-*-lambda.zip}), as Lambda would load it. */
    private static Path lambdaPackage() throws IOException {
        return runtimePackage("-lambda.zip");
    }

    /** A package in {@code proxy/runtime/target} whose name ends with {@code suffix}, found from any folder inside. */
    static Path runtimePackage(String suffix) throws IOException {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path target = dir.resolve("proxy/runtime/target");
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    Optional<Path> zip = files.filter(p -> p.getFileName().toString().endsWith(suffix))
                            .findFirst();
                    if (zip.isPresent()) {
                        return zip.get();
                    }
                }
            }
        }
        throw new IllegalStateException("No proxy/runtime/target/proxy-*" + suffix + ": build first "
                + "(./mvnw install -DskipTests), and run inside the repository");
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

    /** In the fresh JVM: {@code <token> cold|snapstart}. Exits: the handler's threads would keep it up. */
    public static void main(String[] args) {
        try {
            probe(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void probe(String[] args) throws Exception {
        String event = event(args[0]);
        boolean snapStart = args.length > 1 && args[1].equals("snapstart");
        long t0 = System.nanoTime();
        LambdaHandler handler = new LambdaHandler();
        long t1 = System.nanoTime();
        if (snapStart) {
            // The checkpoint hook SnapStart calls; outside a CRaC runtime org.crac cannot run the global hooks.
            WebApplicationContextUtils.getRequiredWebApplicationContext(
                    SpringBootLambdaContainerHandler.getInstance().getServletContext())
                    .getBean(SnapStartPriming.class).beforeCheckpoint(null);
        }
        long t2 = System.nanoTime();
        String first = call(handler, event);
        long t3 = System.nanoTime();
        String second = call(handler, event);
        long t4 = System.nanoTime();
        System.out.printf("Lambda handler, %s: init %.0f ms;%s first call %.1f ms (%s); second call %.1f ms (%s)%n",
                snapStart ? "after the SnapStart priming" : "plain cold start", (t1 - t0) / 1e6,
                snapStart ? String.format(" priming %.0f ms;", (t2 - t1) / 1e6) : "", (t3 - t2) / 1e6, first,
                (t4 - t3) / 1e6, second);
    }

    /** An API Gateway proxy event for {@code POST /bedrock} with this token. */
    private static String event(String token) throws IOException {
        ObjectMapper json = new ObjectMapper();
        var event = json.createObjectNode().put("resource", "/bedrock").put("path", "/bedrock")
                .put("httpMethod", "POST").put("body", BODY).put("isBase64Encoded", false);
        event.putObject("headers").put("Content-Type", "application/json").put("Authorization", "Bearer " + token);
        var multi = event.putObject("multiValueHeaders");
        multi.putArray("Content-Type").add("application/json");
        multi.putArray("Authorization").add("Bearer " + token);
        event.putObject("requestContext").put("resourcePath", "/bedrock").put("httpMethod", "POST")
                .put("path", "/prod/bedrock").put("stage", "prod").putObject("identity").put("sourceIp", "127.0.0.1");
        return json.writeValueAsString(event);
    }

    private static String call(LambdaHandler handler, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        var response = new ObjectMapper().readTree(out.toByteArray());
        String status = response.path("statusCode").asText("?");
        return status.equals("200") ? status : status + " " + response.path("body").asText();
    }
}
