package com.bedrockmeter.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.local.dynalite.Dynalite;
import com.bedrockmeter.proxy.testsupport.ExternalProcess;
import com.bedrockmeter.proxy.testsupport.ExternalProcess.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local stack of the built jar ({@code local-stack --no-portal}) as a child process, and what its users read
 * from outside: the admin CLI against its DynamoDB, and the usage events it writes under its data directory.
 */
final class LocalStackProcess implements AutoCloseable {

    private static final Pattern CUSTOMER_ID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TOKEN = Pattern.compile("bm_[A-Za-z0-9_-]{43}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A customer the CLI created, with the bearer token it showed once. */
    record Customer(String id, String token) {
    }

    private final ExternalProcess process;
    private final int proxyPort;
    private final int dynamoPort;
    private final Path dataDir;
    private final LocalDate startedOn = LocalDate.now(ZoneOffset.UTC);

    private LocalStackProcess(ExternalProcess process, int proxyPort, int dynamoPort, Path dataDir) {
        this.process = process;
        this.proxyPort = proxyPort;
        this.dynamoPort = dynamoPort;
        this.dataDir = dataDir;
    }

    /** Starts the stack with its data under {@code workDir} and waits until it says it is up. */
    static LocalStackProcess start(Path workDir) {
        int proxyPort = Dynalite.freePort();
        int dynamoPort = Dynalite.freePort();
        Path dataDir = workDir.resolve("data");
        ExternalProcess process = ExternalProcess.start(Map.of(), java("local-stack", "--no-portal",
                "--proxy-port", Integer.toString(proxyPort), "--dynamodb-port", Integer.toString(dynamoPort),
                "--data-dir", dataDir.toString()));
        LocalStackProcess stack = new LocalStackProcess(process, proxyPort, dynamoPort, dataDir);
        try {
            process.awaitOutput(LocalStack.READY_LINE, Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** The proxy's root, without a route: {@code http://127.0.0.1:<port>}. */
    String proxyUrl() {
        return "http://127.0.0.1:" + proxyPort;
    }

    Customer createCustomer(String name, String email) {
        Result created = cli("create", "--name", name, "--email", email);
        assertThat(created.exitCode()).as(created.output()).isZero();
        return new Customer(find(CUSTOMER_ID, created.output()), find(TOKEN, created.output()));
    }

    void dailyLimit(Customer customer, int requests) {
        Result limited = cli("update-limits", "--customer-id", customer.id(), "--daily-limit",
                Integer.toString(requests));
        assertThat(limited.exitCode()).as(limited.output()).isZero();
    }

    /** The customer's counters since the stack started ({@code usage --json}'s {@code totals}). */
    JsonNode usageTotals(Customer customer) throws IOException {
        Result usage = cli("usage", "--customer-id", customer.id(), "--start-date", startedOn.toString(),
                "--end-date", LocalDate.now(ZoneOffset.UTC).toString(), "--json");
        assertThat(usage.exitCode()).as(usage.output()).isZero();
        return JSON.readTree(usage.stdout()).path("totals");
    }

    /** The usage events written so far for the customer ({@code <data>/usage/dt=YYYY-MM-DD/*.jsonl}). */
    List<JsonNode> usageEvents(Customer customer) throws IOException {
        Path usage = dataDir.resolve("usage");
        List<JsonNode> events = new ArrayList<>();
        if (!Files.isDirectory(usage)) {
            return events;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(usage)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                // the writer appends whole lines; a line cut short is still being written
                if (line.endsWith("}")) {
                    JsonNode event = JSON.readTree(line);
                    if (customer.id().equals(event.path("customerId").asText())) {
                        events.add(event);
                    }
                }
            }
        }
        return events;
    }

    Result cli(String... args) {
        return ExternalProcess.run(Map.of("BEDROCK_METER_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + dynamoPort),
                java(args), Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        process.stop();
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", execJar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static Path execJar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("devtools-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Run after package: no devtools-*-exec.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in:%n%s", pattern, text).isTrue();
        return matcher.group();
    }
}
