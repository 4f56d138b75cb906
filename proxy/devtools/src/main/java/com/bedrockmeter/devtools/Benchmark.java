package com.bedrockmeter.devtools;

import com.bedrockmeter.local.dynalite.Dynalite;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.proxy.ProxyApplication;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.Limits;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

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

    record Run(String path, int concurrency, int calls, double p50, double p99, double perSecond, int failures,
               Map<String, Long> cpu) {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int scale = List.of(args).stream().filter(a -> a.matches("\\d+")).mapToInt(Integer::parseInt).findFirst()
                .orElse(1);
        Path data = Files.createTempDirectory("bedrock-meter-bench");
        try (Dynalite dynalite = Dynalite.start(0, null);
             BedrockSimulator simulatorServer = BedrockSimulator.start(0);
             ConfigurableApplicationContext proxy = new SpringApplicationBuilder(ProxyApplication.class,
                    com.bedrockmeter.model.config.ServicesConfiguration.class)
                     .logStartupInfo(false).run("--server.port=0", "--bedrock-meter.mode=local",
                             "--bedrock-meter.bedrock.endpoint=" + simulatorServer.endpoint(),
                             "--bedrock-meter.dynamodb.endpoint=" + dynalite.endpoint(),
                             "--bedrock-meter.usage.directory=" + data,
                             "--logging.level.root=WARN")) {
            int port = Integer.parseInt(proxy.getEnvironment().getProperty("local.server.port"));
            CustomerService customers = proxy.getBean(CustomerService.class);
            String token = customers.create("benchmark", "Benchmark", "bench@example.com", Optional.empty()).token().token();
            var limited = customers.create("benchmark", "Benchmark limited", "bench-limited@example.com", Optional.empty());
            customers.updateLimits("benchmark", limited.customer().id(), new Limits(1_000_000_000L, null, null));
            String limitedToken = limited.token().token();
            URI simulator = simulatorServer.endpoint();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest directRequest = HttpRequest.newBuilder(URI.create(simulator + "/model/"
                            + URLEncoder.encode(MODEL, StandardCharsets.UTF_8) + "/invoke"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(MODEL_BODY)).build();
            HttpRequest fullRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bedrock"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(GUIDE_BODY)).build();
            HttpRequest limitedRequest = HttpRequest.newBuilder(fullRequest, (name, value) -> true)
                    .setHeader("Authorization", "Bearer " + limitedToken).build();
            BedrockRuntimeClient bedrock = proxy.getBean(BedrockRuntimeClient.class);
            SdkBytes sdkBody = SdkBytes.fromUtf8String(MODEL_BODY);

            Call direct = () -> http.send(directRequest, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200;
            Call sdk = () -> bedrock.invokeModel(r -> r.modelId(MODEL).contentType("application/json")
                    .accept("application/json").body(sdkBody)).sdkHttpResponse().isSuccessful();
            Call full = () -> http.send(fullRequest, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200;
            Call fullLimited = () -> http.send(limitedRequest, HttpResponse.BodyHandlers.ofByteArray())
                    .statusCode() == 200;

            // Warm-up: until the JIT has settled, the first paths measured would pay for its compilations.
            for (int i = 0; i < 3; i++) {
                measure(direct, 16, 2000 * scale);
                measure(sdk, 16, 2000 * scale);
                measure(full, 16, 2000 * scale);
            }
            measure(fullLimited, 16, 1000 * scale);
            List<Run> runs = new ArrayList<>();
            int[] levels = quick ? new int[] {16} : CONCURRENCY;
            for (int concurrency : levels) {
                int calls = concurrency == 1 ? 1000 * scale : 4000 * scale;
                runs.add(toRun("direct", concurrency, measure(direct, concurrency, calls)));
                runs.add(toRun("sdk", concurrency, measure(sdk, concurrency, calls)));
                runs.add(toRun("full", concurrency, measure(full, concurrency, calls)));
                if (!quick) {
                    runs.add(toRun("full, daily limit", concurrency, measure(fullLimited, concurrency, calls)));
                }
            }
            System.out.println("Customer without limits (counters buffered, no store write on the call's path):");
            print(runs, "full");
            if (!quick) {
                System.out.println();
                System.out.println("Customer with a daily limit (one conditional DynamoDB write per call, before Bedrock):");
                print(runs, "full, daily limit");
            }
            System.out.println();
            printCpu(runs);
        }
        if (!quick) {
            LambdaProbe.measureInFreshJvm();
        }
    }

    /** One call of a path; true when it succeeded. */
    @FunctionalInterface
    private interface Call {
        boolean call() throws Exception;
    }

    private record Samples(double[] millis, double seconds, int failures, Map<String, Long> cpu) {
    }

    private static final CpuMeter CPU = new CpuMeter(name -> name.startsWith("bench-client") || name.startsWith("HttpClient")
            ? "client" : name.startsWith("bedrock-simulator") || name.startsWith("HTTP-Dispatcher") ? "simulator"
            : name.startsWith("http-nio") ? "proxy: request threads" : "proxy: other");

    private static Samples measure(Call call, int concurrency, int calls) throws Exception {
        double[] latencies = new double[calls];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency,
                r -> new Thread(r, "bench-client-" + threadNumber.incrementAndGet()));
        var cpuBefore = CPU.snapshot();
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < calls; ) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        ok = call.call();
                    } catch (Exception e) {
                        // one reset connection (a keep-alive race between the JDK client and a server closing
                        // an idle connection) is a failed call in the table, not the end of the benchmark
                        ok = false;
                    }
                    latencies[i] = (System.nanoTime() - t0) / 1e6;
                    if (!ok) {
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
        var cpu = CpuMeter.between(cpuBefore, CPU.snapshot());
        pool.shutdown();
        return new Samples(latencies, seconds, failures.get(), cpu);
    }

    private static Run toRun(String path, int concurrency, Samples samples) {
        double[] sorted = samples.millis().clone();
        Arrays.sort(sorted);
        return new Run(path, concurrency, sorted.length, percentile(sorted, 50), percentile(sorted, 99),
                sorted.length / samples.seconds(), samples.failures(), samples.cpu());
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void print(List<Run> all, String path) {
        StringBuilder out = new StringBuilder();
        out.append("| concurrency | direct p50 ms | direct p99 ms | full p50 ms | full p99 ms | added p50 ms | added p99 ms "
                + "| direct calls/s | full calls/s | full/direct throughput | failures |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run direct : all.stream().filter(r -> r.path().equals("direct")).toList()) {
            Run full = all.stream().filter(r -> r.path().equals(path) && r.concurrency() == direct.concurrency())
                    .findFirst().orElseThrow();
            out.append(String.format("| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f | %.2f | %d |%n",
                    direct.concurrency(), direct.p50(), direct.p99(), full.p50(), full.p99(),
                    full.p50() - direct.p50(), full.p99() - direct.p99(), direct.perSecond(), full.perSecond(),
                    full.perSecond() / direct.perSecond(), direct.failures() + full.failures()));
        }
        System.out.print(out);
    }

    /**
     * CPU per call by part: where the time goes. {@code sdk} is the proxy's own BedrockRuntimeClient calling the
     * simulator from the benchmark's threads, so its "client" column is what the SDK alone costs per call.
     */
    private static void printCpu(List<Run> runs) {
        List<String> groups = List.of("client", "proxy: request threads", "proxy: other", "simulator", "jvm (gc, jit)");
        StringBuilder out = new StringBuilder("CPU per call in microseconds, user (+ kernel); every part shares the "
                + "machine's cores:\n\n| path | concurrency | calls/s | p50 ms | ");
        groups.forEach(g -> out.append(g).append(" | "));
        out.append("total |\n|---|---|---|---|");
        groups.forEach(g -> out.append("---|"));
        out.append("---|\n");
        for (Run run : runs) {
            out.append(String.format("| %s | %d | %.0f | %.2f | ", run.path(), run.concurrency(), run.perSecond(),
                    run.p50()));
            long total = 0;
            for (String group : groups) {
                long user = run.cpu().getOrDefault(group, 0L);
                long kernel = run.cpu().getOrDefault(group + " (kernel)", 0L);
                total += user + kernel;
                out.append(kernel == 0 ? String.format("%.0f | ", user / 1e3 / run.calls())
                        : String.format("%.0f (+%.0f) | ", user / 1e3 / run.calls(), kernel / 1e3 / run.calls()));
            }
            out.append(String.format("%.0f |%n", total / 1e3 / run.calls()));
        }
        System.out.print(out);
    }
}
