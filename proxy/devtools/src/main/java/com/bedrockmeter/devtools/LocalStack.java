package com.bedrockmeter.devtools;

import com.bedrockmeter.local.dynalite.Dynalite;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.proxy.ProxyApplication;
import com.bedrockmeter.model.config.DataModelConfiguration;
import com.bedrockmeter.local.idp.EmbeddedIdp;
import java.io.IOException;
import java.net.Socket;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole local stack in one command: dynalite (data under {@code data/dynamodb}) as a child process; the Bedrock
 * simulator, the embedded OIDC provider (port 8082) and the proxy in this process; the portal's jar as a child
 * process pointed at them. Ctrl-C (or any JVM exit) stops every child.
 *
 * <p>Options: {@code --proxy-port 8081}, {@code --portal-port 8080}, {@code --dynamodb-port 8000},
 * {@code --data-dir data}, {@code --no-portal}.
 */
public final class LocalStack {

    public static final String READY_LINE = "Bedrock Meter local stack is up";

    private LocalStack() {
    }

    private static final String LOOPBACK = "127.0.0.1";

    /** The embedded OIDC provider's port, which the README and the sign-in page's address name. */
    static final int IDP_PORT = 8082;

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
        BedrockSimulator simulator = BedrockSimulator.start(0);
        List<Process> children = new ArrayList<>();
        ConfigurableApplicationContext[] proxy = new ConfigurableApplicationContext[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            children.forEach(LocalStack::stop);
            if (proxy[0] != null) {
                proxy[0].close();
            }
            simulator.close();
            dynalite.close();
        }, "local-stack-stop"));

        String dynamoEndpoint = dynalite.endpoint().toString();
        // The terminal shows the banner and what needs attention (warnings, errors); everything is in data/*.log.
        proxy[0] = new SpringApplicationBuilder(ProxyApplication.class).run(
                "--server.port=" + options.proxyPort(),
                "--server.address=" + LOOPBACK, // a laptop's stack is not for the network it is on
                "--bedrock-meter.mode=local",
                "--bedrock-meter.dynamodb.endpoint=" + dynamoEndpoint,
                "--bedrock-meter.bedrock.endpoint=" + simulator.endpoint(),
                "--bedrock-meter.usage.directory=" + options.dataDir().resolve("usage"),
                "--logging.file.name=" + options.dataDir().resolve("proxy.log"),
                "--logging.threshold.console=WARN",
                // the embedded OIDC provider (this process) warns at each sign-in about a request it did not expect
                "--logging.level.okhttp3.mockwebserver=ERROR",
                "--logging.level.mockwebserver3=ERROR");

        String portalLine;
        if (options.portal()) {
            Optional<Path> portalJar = portalJar();
            if (portalJar.isPresent()) {
                Process portal = startPortal(portalJar.get(), options, dynamoEndpoint);
                children.add(portal);
                announceWhenUp(portal, options);
                portalLine = "http://127.0.0.1:" + options.portalPort() + "  (starting: a line below says when it is up)"
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
                "  Logs:               " + options.dataDir().resolve("proxy.log") + ", "
                        + options.dataDir().resolve("portal.log") + "  (here: warnings and errors only)",
                "",
                "Next, in another terminal:",
                "  " + (dynamoEndpoint.equals(DataModelConfiguration.LOCAL_DYNAMODB_ENDPOINT) ? ""
                        : "BEDROCK_METER_DYNAMODB_ENDPOINT=" + dynamoEndpoint + " ")
                        + "proxy/bin/bedrock-meter create --name \"Customer Name\" --email \"customer@example.com\"",
                "  curl -X POST http://127.0.0.1:" + options.proxyPort() + "/bedrock -H \"Authorization: Bearer <token>\" ...",
                "Ctrl-C stops everything.",
                "");
        System.out.println(banner);
        System.out.flush();
    }

    /** Says on the terminal when the portal answers, or that it stopped, so nobody has to read its log to know. */
    private static void announceWhenUp(Process portal, Options options) {
        Thread watcher = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                if (!portal.isAlive()) {
                    System.out.println("The portal stopped (exit " + portal.exitValue() + "); see "
                            + options.dataDir().resolve("portal.log"));
                    return;
                }
                try (Socket socket = new Socket(LOOPBACK, options.portalPort())) {
                    System.out.println("Portal is up: http://127.0.0.1:" + options.portalPort());
                    return;
                } catch (IOException notYet) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "portal-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Process startPortal(Path jar, Options options, String dynamoEndpoint) {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(),
                    "--server.port=" + options.portalPort(),
                    "--server.address=" + LOOPBACK,
                    "--bedrock-meter.dynamodb.endpoint=" + dynamoEndpoint,
                    "--bedrock-meter.portal.proxy-url=http://127.0.0.1:" + options.proxyPort(),
                    // the admin analytics read the events this stack's proxy writes
                    "--bedrock-meter.analytics.directory=" + options.dataDir().resolve("usage").toAbsolutePath(),
                    // development defaults, which a portal jar started on its own never has (fail closed)
                    "--bedrock-meter.mode=local",
                    // the provider is this process's embedded one (which sends no email_verified claim)
                    "--bedrock-meter.portal.embedded-idp.enabled=true",
                    "--bedrock-meter.portal.admin-emails=admin@example.com",
                    "--logging.file.name=" + options.dataDir().resolve("portal.log").toAbsolutePath(),
                    "--logging.threshold.console=WARN"));
        EmbeddedIdp.clientRegistration(EmbeddedIdp.start(IDP_PORT))
                .forEach((name, value) -> command.add("--" + name + "=" + value));
        try {
            return new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the portal", e);
        }
    }

    private static Optional<Path> portalJar() {
        for (Path dir : List.of(Paths.get("portal", "target"), Paths.get("..", "..", "portal", "target"))) {
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
