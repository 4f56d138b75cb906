package com.bedrockmeter.proxy.local;

import com.bedrockmeter.proxy.ProxyApplication;
import com.bedrockmeter.proxy.base.DataModelConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole local stack in one command: dynalite (data under {@code data/dynamodb}), the Bedrock simulator and
 * the proxy in this process, and the portal as a child process. Ctrl-C (or any JVM exit) stops every child.
 *
 * <p>Options: {@code --proxy-port 8081}, {@code --portal-port 8080}, {@code --dynamodb-port 8000},
 * {@code --data-dir data}, {@code --no-portal}.
 */
public final class LocalStack {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    public static final String READY_LINE = "Bedrock Meter local stack is up";

    private LocalStack() {
    }

    private static final String LOOPBACK = "127.0.0.1";

    record Options(int proxyPort, int portalPort, int dynamoPort, Path dataDir, boolean portal) {
        static Options parse(String[] args) {
            int proxy = 8081;
            int portal = 8080;
            int dynamo = 8000;
            Path data = Paths.get("data");
            boolean withPortal = true;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--proxy-port" -> proxy = Integer.parseInt(args[++i]);
                    case "--portal-port" -> portal = Integer.parseInt(args[++i]);
                    case "--dynamodb-port" -> dynamo = Integer.parseInt(args[++i]);
                    case "--data-dir" -> data = Paths.get(args[++i]);
                    case "--no-portal" -> withPortal = false;
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]
                            + " (known: --proxy-port, --portal-port, --dynamodb-port, --data-dir, --no-portal)");
                }
            }
            return new Options(proxy, portal, dynamo, data, withPortal);
        }
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        Dynalite dynalite = Dynalite.start(options.dynamoPort(), options.dataDir().resolve("dynamodb"));
        List<Process> children = new ArrayList<>();
        ConfigurableApplicationContext[] proxy = new ConfigurableApplicationContext[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            children.forEach(LocalStack::stop);
            if (proxy[0] != null) {
                proxy[0].close();
            }
            dynalite.close();
        }, "local-stack-stop"));

        String dynamoEndpoint = dynalite.endpoint().toString();
        proxy[0] = new SpringApplicationBuilder(ProxyApplication.class).run(
                "--server.port=" + options.proxyPort(),
                "--server.address=" + LOOPBACK, // a laptop's stack is not for the network it is on
                "--bedrock-meter.mode=local",
                "--bedrock-meter.dynamodb.endpoint=" + dynamoEndpoint,
                "--bedrock-meter.usage.directory=" + options.dataDir().resolve("usage"));
        BedrockSimulator simulator = proxy[0].getBean(BedrockSimulator.class);

        String portalLine;
        if (options.portal()) {
            Optional<Path> portalJar = portalJar();
            if (portalJar.isPresent()) {
                children.add(startPortal(portalJar.get(), options, dynamoEndpoint));
                portalLine = "http://127.0.0.1:" + options.portalPort() + "  (starting; give it a few seconds)"
                        + System.lineSeparator() + "                      sign in on the embedded provider's page as"
                        + " admin@example.com (admin) or any other e-mail (a new customer)";
            } else {
                portalLine = "not built: run ./mvnw install -DskipTests first";
            }
        } else {
            portalLine = "off (--no-portal)";
        }
        String banner = String.join(System.lineSeparator(),
                "",
                READY_LINE,
                "  Proxy:              http://127.0.0.1:" + options.proxyPort() + "/bedrock",
                "  Portal:             " + portalLine,
                "  DynamoDB (dynalite): " + dynamoEndpoint + "  (data in " + options.dataDir().resolve("dynamodb") + ")",
                "  Bedrock simulator:  " + simulator.endpoint(),
                "  Usage events:       " + options.dataDir().resolve("usage") + "/dt=YYYY-MM-DD/",
                "",
                "Next, in another terminal:",
                "  " + (dynamoEndpoint.equals(DataModelConfiguration.LOCAL_DYNAMODB_ENDPOINT) ? ""
                        : "BEDROCK_METER_DYNAMODB_ENDPOINT=" + dynamoEndpoint + " ")
                        + "proxy/bin/bedrock-meter create --name \"Customer Name\" --email \"customer@example.com\"",
                "  curl -X POST http://127.0.0.1:" + options.proxyPort() + "/bedrock -H \"Authorization: Bearer <token>\" ...",
                "Ctrl-C stops everything.",
                "");
        log.info(banner);
    }

    private static Process startPortal(Path jar, Options options, String dynamoEndpoint) {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        try {
            return new ProcessBuilder(java, "-jar", jar.toString(),
                    "--server.port=" + options.portalPort(),
                    "--server.address=" + LOOPBACK,
                    "--bedrock-meter.dynamodb.endpoint=" + dynamoEndpoint,
                    "--bedrock-meter.portal.proxy-url=http://127.0.0.1:" + options.proxyPort(),
                    // the admin analytics read the events this stack's proxy writes
                    "--bedrock-meter.analytics.directory=" + options.dataDir().resolve("usage").toAbsolutePath())
                    .inheritIO()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the portal", e);
        }
    }

    private static Optional<Path> portalJar() {
        for (Path dir : List.of(Paths.get("portal", "target"), Paths.get("..", "portal", "target"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                Optional<Path> jar = files.filter(p -> p.getFileName().toString().matches("portal-.*-exec\\.jar"))
                        .findFirst();
                if (jar.isPresent()) {
                    return jar;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
