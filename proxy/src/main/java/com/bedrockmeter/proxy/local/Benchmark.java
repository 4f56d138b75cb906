package com.bedrockmeter.proxy.local;

import com.bedrockmeter.proxy.ProxyApplication;
import com.bedrockmeter.proxy.customer.CustomerService;
import com.bedrockmeter.proxy.customer.Limits;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code bedrock-meter benchmark}: the latency the proxy adds, measured against calling the Bedrock simulator
 * directly in the same run (zero simulated model latency), at concurrency 1, 16 and 64, plus throughput; then the
 * Lambda handler's init and first-call time in a fresh JVM. Prints a Markdown table for the README.
 *
 * <p>Both paths use the same HTTP client and body; the full path adds authentication (cached), the admission
 * write, the forward, and the two settlement writes to dynalite (in memory, this machine).
 */
public final class Benchmark {

    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String MODEL_BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is the capital of France?\"}]}]}";
    private static final String GUIDE_BODY = "{\"modelId\":\"" + MODEL + "\"," + MODEL_BODY.substring(1);
    private static final int[] CONCURRENCY = {1, 16, 64};

    private Benchmark() {
    }

    record Run(String path, int concurrency, int calls, double p50, double p99, double perSecond, int failures) {
    }

    public static void main(String[] args) throws Exception {
        int scale = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Path data = Files.createTempDirectory("bedrock-meter-bench");
        try (Dynalite dynalite = Dynalite.start(0, null);
             ConfigurableApplicationContext proxy = new SpringApplicationBuilder(ProxyApplication.class)
                     .logStartupInfo(false).run("--server.port=0",
                             "--bedrock-meter.dynamodb.endpoint=" + dynalite.endpoint(),
                             "--bedrock-meter.usage.directory=" + data,
                             "--logging.level.root=WARN")) {
            int port = Integer.parseInt(proxy.getEnvironment().getProperty("local.server.port"));
            CustomerService customers = proxy.getBean(CustomerService.class);
            String token = customers.create("Benchmark", "bench@example.com", Optional.empty()).token().token();
            var limited = customers.create("Benchmark limited", "bench-limited@example.com", Optional.empty());
            customers.updateLimits(limited.customer().id(), new Limits(1_000_000_000L, null, null));
            String limitedToken = limited.token().token();
            URI simulator = proxy.getBean(BedrockSimulator.class).endpoint();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest direct = HttpRequest.newBuilder(URI.create(simulator + "/model/"
                            + URLEncoder.encode(MODEL, StandardCharsets.UTF_8) + "/invoke"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(MODEL_BODY)).build();
            HttpRequest full = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bedrock"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(GUIDE_BODY)).build();
            HttpRequest fullLimited = HttpRequest.newBuilder(full, (name, value) -> true)
                    .setHeader("Authorization", "Bearer " + limitedToken).build();

            measure(http, direct, 16, 2000 * scale);
            measure(http, full, 16, 2000 * scale);
            measure(http, fullLimited, 16, 1000 * scale);
            List<Run> runs = new ArrayList<>();
            for (int concurrency : CONCURRENCY) {
                int calls = concurrency == 1 ? 1000 * scale : 4000 * scale;
                runs.add(toRun("direct", concurrency, measure(http, direct, concurrency, calls)));
                runs.add(toRun("full", concurrency, measure(http, full, concurrency, calls)));
                runs.add(toRun("full, daily limit", concurrency, measure(http, fullLimited, concurrency, calls)));
            }
            System.out.println("Customer without limits (counters buffered, no store write on the call's path):");
            print(runs, "full");
            System.out.println();
            System.out.println("Customer with a daily limit (one conditional DynamoDB write per call, before Bedrock):");
            print(runs, "full, daily limit");
        }
        LambdaProbe.measureInFreshJvm();
    }

    private record Samples(double[] millis, double seconds, int failures) {
    }

    private static Samples measure(HttpClient http, HttpRequest request, int concurrency, int calls)
            throws Exception {
        double[] latencies = new double[calls];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < calls; ) {
                    long t0 = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    latencies[i] = (System.nanoTime() - t0) / 1e6;
                    if (response.statusCode() != 200) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return new Samples(latencies, seconds, failures.get());
    }

    private static Run toRun(String path, int concurrency, Samples samples) {
        double[] sorted = samples.millis().clone();
        Arrays.sort(sorted);
        return new Run(path, concurrency, sorted.length, percentile(sorted, 50), percentile(sorted, 99),
                sorted.length / samples.seconds(), samples.failures());
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void print(List<Run> all, String path) {
        List<Run> runs = all.stream().filter(r -> r.path().equals("direct") || r.path().equals(path)).toList();
        StringBuilder out = new StringBuilder();
        out.append("| concurrency | direct p50 ms | direct p99 ms | full p50 ms | full p99 ms | added p50 ms | added p99 ms "
                + "| direct calls/s | full calls/s | full/direct throughput | failures |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < runs.size(); i += 2) {
            Run direct = runs.get(i);
            Run full = runs.get(i + 1);
            out.append(String.format("| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | %.2f | %d |%n",
                    direct.concurrency(), direct.p50(), direct.p99(), full.p50(), full.p99(),
                    full.p50() - direct.p50(), full.p99() - direct.p99(), direct.perSecond(), full.perSecond(),
                    full.perSecond() / direct.perSecond(), direct.failures() + full.failures()));
        }
        System.out.print(out);
    }
}
