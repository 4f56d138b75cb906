package com.bedrockmeter.devtools;

import com.bedrockmeter.local.dynalite.Dynalite;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.proxy.testsupport.ExternalProcess;
import com.bedrockmeter.proxy.testsupport.ExternalProcess.Result;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's flow on the built jar, as separate processes: the local stack, the admin CLI, and the guide's own
 * cURL, Python ({@code requests}) and JavaScript ({@code fetch}) clients with only the URL and token substituted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final Pattern CUSTOMER_ID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TOKEN = Pattern.compile("bm_[A-Za-z0-9_-]{43}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ExternalProcess stack;
    private static int proxyPort;
    private static int dynamoPort;
    private static Path workDir;

    @BeforeAll
    static void startStack() throws IOException {
        proxyPort = Dynalite.freePort();
        dynamoPort = Dynalite.freePort();
        workDir = Files.createTempDirectory(Path.of("target"), "local-stack-it");
        stack = ExternalProcess.start(Map.of(), java("local-stack", "--no-portal",
                "--proxy-port", Integer.toString(proxyPort), "--dynamodb-port", Integer.toString(dynamoPort),
                "--data-dir", workDir.resolve("data").toString()));
        stack.awaitOutput(LocalStack.READY_LINE, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    @Order(1)
    void guideClients_get200WithClaudeAnswers_andUsageReportsTheirCalls() throws IOException {
        // given
        Result created = cli("create", "--name", "Customer Name", "--email", "customer@example.com");
        assertThat(created.exitCode()).as(created.output()).isZero();
        String customerId = find(CUSTOMER_ID, created.output());
        String token = find(TOKEN, created.output());

        // when
        Result curl = runGuideClient("client.sh", token, List.of("bash"));
        Result python = runGuideClient("client.py", token, List.of(python()));
        Result node = runGuideClient("client.mjs", token, List.of("node"));

        // then
        assertThat(curl.exitCode()).isZero();
        JsonNode curlAnswer = JSON.readTree(curl.stdout());
        assertThat(curlAnswer.path("type").asText()).isEqualTo("message");
        assertThat(curlAnswer.path("content").path(0).path("text").asText()).contains("capital of France");
        assertThat(python.exitCode()).isZero();
        assertThat(python.stdout()).contains("'type': 'message'").contains("'role': 'assistant'")
                .doesNotContain("Error:");
        assertThat(node.exitCode()).isZero();
        assertThat(node.stdout()).contains("type: 'message'").contains("role: 'assistant'");
        assertThat(node.stderr()).isEmpty();

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Result usage = cli("usage", "--customer-id", customerId, "--start-date", today, "--end-date", today, "--json");
        assertThat(usage.exitCode()).as(usage.output()).isZero();
        JsonNode totals = JSON.readTree(usage.stdout()).path("totals");
        assertThat(totals.path("requests").asLong()).isEqualTo(3);
        long expectedInput = 3 * curlAnswer.path("usage").path("input_tokens").asLong();
        assertThat(totals.path("inputTokens").asLong()).isEqualTo(expectedInput);
        assertThat(totals.path("outputTokens").asLong()).isPositive();
        Result human = cli("usage", "--customer-id", customerId, "--start-date", today, "--end-date", today);
        assertThat(human.stdout()).contains(today).contains(ProxyClient.MODEL);
    }

    @Test
    @Order(1)
    void realSdks_streamThroughTheStack_withABaseUrlAndAToken_andUsageCountsWhatTheirStreamsReported()
            throws IOException {
        // given: the AWS SDK for JavaScript v3 and Anthropic's Bedrock SDK, from npm (sdk-clients/package-lock.json)
        Path clients = Path.of("sdk-clients").toAbsolutePath();
        if (!Files.isDirectory(clients.resolve("node_modules/@anthropic-ai/bedrock-sdk"))) {
            Result install = ExternalProcess.run(Map.of(), List.of("npm", "ci", "--no-audit", "--no-fund",
                    "--loglevel=error", "--prefix", clients.toString()), Duration.ofMinutes(5));
            assertThat(install.exitCode()).as(install.output()).isZero();
        }
        Result created = cli("create", "--name", "SDK user", "--email", "sdk@example.com");
        String customerId = find(CUSTOMER_ID, created.output());
        String token = find(TOKEN, created.output());
        String model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

        // when: InvokeModelWithResponseStream and ConverseStream (AWS SDK), messages.stream (Anthropic SDK)
        Result run = ExternalProcess.run(Map.of(), List.of("node", clients.resolve("stream.mjs").toString(),
                "http://127.0.0.1:" + proxyPort, token, model), Duration.ofSeconds(90));

        // then: each got its whole text and its usage, and the stack counted exactly that
        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode results = JSON.readTree(run.stdout().lines().reduce((a, b) -> b).orElseThrow());
        long input = 0;
        long output = 0;
        for (String sdk : List.of("awsInvokeStream", "awsConverseStream", "anthropicStream")) {
            JsonNode result = results.path(sdk);
            assertThat(result.path("text").asText()).as(sdk).startsWith("Simulated answer from " + model + " to: Hello");
            assertThat(result.path("outputTokens").asLong()).as(sdk).isPositive();
            input += result.path("inputTokens").asLong();
            output += result.path("outputTokens").asLong();
        }
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Result usage = cli("usage", "--customer-id", customerId, "--start-date", today, "--end-date", today, "--json");
        JsonNode totals = JSON.readTree(usage.stdout()).path("totals");
        assertThat(totals.path("requests").asLong()).isEqualTo(3);
        assertThat(totals.path("inputTokens").asLong()).isEqualTo(input);
        assertThat(totals.path("outputTokens").asLong()).isEqualTo(output);
    }

    @Test
    @Order(2)
    void terminal_showsTheBannerAndNotTheStartUpLog_whichGoesToTheDataDirectory() throws IOException {
        assertThat(stack.stdout()).contains(LocalStack.READY_LINE, "Logs:").doesNotContain("Tomcat", "Started ProxyApplication");
        assertThat(Files.readString(workDir.resolve("data").resolve("proxy.log"))).contains(" INFO ")
                .contains("Bedrock Meter in local mode");
    }

    @Test
    @Order(2)
    void updateLimits_dailyLimit3_letsThreeOfFiveCallsThrough() {
        // given
        Result created = cli("create", "--name", "Limited Co", "--email", "limited@example.com");
        String customerId = find(CUSTOMER_ID, created.output());
        String token = find(TOKEN, created.output());

        // when
        Result limited = cli("update-limits", "--customer-id", customerId, "--daily-limit", "3");
        ProxyClient proxy = new ProxyClient(() -> proxyPort);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(proxy.bedrock(token, ProxyClient.guideBody("limited " + i)).statusCode());
        }

        // then
        assertThat(limited.exitCode()).as(limited.output()).isZero();
        assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
    }

    @Test
    @Order(3)
    void updateToken_keepsBothTokensWorkingDuringGrace_thenTheOldOneGets401() {
        // given: the guide's rotation flow, NEW_TOKEN=$(openssl rand -base64 32)
        Result created = cli("create", "--name", "Rotating Co", "--email", "rotate@example.com");
        String customerId = find(CUSTOMER_ID, created.output());
        String oldToken = find(TOKEN, created.output());
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String newToken = Base64.getEncoder().encodeToString(random);

        // when
        Result rotated = cli("update-token", "--customer-id", customerId, "--token", newToken, "--grace-period", "4s");
        ProxyClient proxy = new ProxyClient(() -> proxyPort);

        // then
        assertThat(rotated.exitCode()).as(rotated.output()).isZero();
        assertThat(proxy.bedrock(newToken, ProxyClient.guideBody("new")).statusCode()).isEqualTo(200);
        assertThat(proxy.bedrock(oldToken, ProxyClient.guideBody("old")).statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                proxy.bedrock(oldToken, ProxyClient.guideBody("old")).statusCode() == 401);
        assertThat(proxy.bedrock(newToken, ProxyClient.guideBody("new")).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void stoppingTheStack_leavesNoProcessAndFreesEveryPort() {
        // when
        List<ProcessHandle> children = stack.descendants();
        stack.stop();

        // then
        assertThat(children).isNotEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(portOpen(dynamoPort)).isFalse();
        assertThat(portOpen(proxyPort)).isFalse();
        stack = null;
    }

    private static Result runGuideClient(String file, String token, List<String> interpreter) {
        try {
            String source = new String(LocalStackIT.class.getResourceAsStream("/guide-clients/" + file)
                    .readAllBytes(), StandardCharsets.UTF_8)
                    .replace("https://your-api-gateway-url/prod/bedrock", "http://127.0.0.1:" + proxyPort + "/bedrock")
                    .replace("your-customer-token-here", token);
            source = uncommentExampleUsage(source);
            Path script = workDir.resolve(file);
            Files.writeString(script, source);
            List<String> command = new ArrayList<>(interpreter);
            command.add(script.toString());
            return ExternalProcess.run(Map.of(), command, Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The guide leaves its usage lines commented; running the example means running them. */
    private static String uncommentExampleUsage(String source) {
        int marker = source.indexOf("Example usage");
        if (marker < 0) {
            return source;
        }
        String head = source.substring(0, marker);
        String tail = source.substring(marker).replaceAll("(?m)^(//|#) ?", "");
        return head + tail.replaceFirst("^Example usage", "");
    }

    private static Result cli(String... args) {
        return ExternalProcess.run(Map.of("BEDROCK_METER_DYNAMODB_ENDPOINT", "http://127.0.0.1:" + dynamoPort),
                java(args), Duration.ofSeconds(60));
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", execJar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static Path execJar() {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("devtools-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Run after package: no devtools-*-exec.jar"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in:%n%s", pattern, text).isTrue();
        return matcher.group();
    }

    private static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
