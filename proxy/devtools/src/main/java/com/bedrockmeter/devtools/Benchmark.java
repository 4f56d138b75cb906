package com.bedrockmeter.devtools;

import com.bedrockmeter.local.dynalite.Dynalite;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.model.config.ServicesConfiguration;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.proxy.ProxyApplication;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * {@code bedrock-meter benchmark}: what the proxy adds to a call, against the simulator called directly and through
 * a bare nginx hop in the same run (zero simulated model latency), at concurrency 1, 16 and 64: latency, time to
 * the first byte of a stream, throughput, and the CPU each part uses per call, for InvokeModel and for Converse
 * (natively and translated from the OpenAI API's chat completions, whose cost over the native route it states);
 * then the Lambda handler's init and first-call time in a fresh JVM. Prints Markdown tables for the README. Needs
 * wrk and nginx ({@link #INSTALL}).
 *
 * <p>Options: {@code --quick} (concurrency 16 only, short runs, no daily-limit row, no paced streams, no Lambda
 * probe), {@code --seconds N} (each run; default 4), {@code --only TEXT} (the paths whose name contains it, with
 * their references; {@code --only openai} measures what the translation overhead needs), {@code --profile DIR} (a
 * JFR recording of each measured run, {@code DIR/<path>-c<N>.jfr}).
 */
public final class Benchmark {

    static final String INSTALL = "sudo apt-get install -y nginx-light wrk";
    private static final int[] CONCURRENCY = {1, 16, 64};
    /** The paced streams' rate: the answer's 11 tokens over ~20 ms, so that a proxy that held chunks back shows. */
    static final int PACED_TOKENS_PER_SECOND = 500;

    private static final CpuMeter CPU = new CpuMeter(name -> name.startsWith("bench-client")
            || name.startsWith("HttpClient") ? "client"
            : name.startsWith("bedrock-simulator") || name.startsWith("HTTP-Dispatcher") ? "simulator"
            : name.startsWith("http-nio") ? "proxy: request threads" : "proxy: other");

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Optional<Path> nginx = NginxHop.binary();
        Optional<Path> wrk = Wrk.binary();
        Optional<Path> script = Options.luaScript();
        if (nginx.isEmpty() || wrk.isEmpty() || script.isEmpty()) {
            System.err.println(nginx.isEmpty() || wrk.isEmpty()
                    ? "The benchmark needs nginx and wrk (Debian packages nginx-light and wrk): " + INSTALL
                    : "bench/post.lua not found: run the benchmark from the repository (proxy/bin/bedrock-meter does)");
            System.exit(2);
        }
        // The simulator's JDK HTTP server closes connections that go idle beyond 200 (its default); the clients
        // of one run (wrk, nginx's pool, the proxy's two pools, the JDK client) hold more, and real Bedrock would
        // not close them: without this, late runs time reconnections.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        Path data = Files.createTempDirectory("bedrock-meter-bench");
        AtomicInteger clientNumber = new AtomicInteger();
        ExecutorService clients = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "bench-client-" + clientNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try (Dynalite dynalite = Dynalite.start(0, null);
             BedrockSimulator simulator = BedrockSimulator.start(0);
             ConfigurableApplicationContext proxy = new SpringApplicationBuilder(ProxyApplication.class,
                     ServicesConfiguration.class)
                     .logStartupInfo(false).run("--server.port=0", "--bedrock-meter.mode=local",
                             "--bedrock-meter.bedrock.endpoint=" + simulator.endpoint(),
                             "--bedrock-meter.dynamodb.endpoint=" + dynalite.endpoint(),
                             "--bedrock-meter.usage.directory=" + data,
                             "--logging.level.root=WARN");
             NginxHop hop = NginxHop.start(nginx.get(), simulator.port())) {
            CustomerService customers = proxy.getBean(CustomerService.class);
            String token = customers.create("benchmark", "Benchmark", "bench@example.com", Optional.empty())
                    .token().token();
            var limited = customers.create("benchmark", "Benchmark limited", "bench-limited@example.com",
                    Optional.empty());
            customers.updateLimits("benchmark", limited.customer().id(), new Limits(1_000_000_000L, null, null));
            URI proxyUri = URI.create("http://127.0.0.1:" + proxy.getEnvironment().getProperty("local.server.port"));
            CPU.watch("nginx", hop::pids);
            CPU.watch("dynalite", Benchmark::dynalitePids);
            List<Targets.Target> targets = options.select(Targets.all(new Wrk(wrk.get(), script.get()), clients,
                    data, new Targets.Endpoints(simulator.endpoint(), hop.endpoint(), proxyUri, token,
                            limited.token().token()), proxy.getBean(BedrockRuntimeClient.class)));

            if (options.profile() != null) {
                JfrProfile.enableBeforeWarmUp();
            }
            warmUp(targets, options);
            List<Run> runs = new ArrayList<>();
            for (int concurrency : options.quick() ? new int[] {16} : CONCURRENCY) {
                for (Targets.Target target : targets) {
                    runs.add(measure(target, concurrency, options));
                }
            }
            List<Run> paced = new ArrayList<>();
            if (!options.quick()) {
                simulator.faults().streamPace(Duration.ZERO, PACED_TOKENS_PER_SECOND);
                for (Targets.Target target : targets) {
                    if (target.table().generator == Targets.LoadGenerator.STREAM_CLIENT) {
                        paced.add(measure(target, 1, options));
                    }
                }
                simulator.faults().streamPace(Duration.ZERO, 0);
            }
            Report.print(options, runs, paced);
        } finally {
            clients.shutdownNow();
        }
        if (!options.quick() && options.only() == null) {
            LambdaProbe.measureInFreshJvm();
        }
    }

    private static Run measure(Targets.Target target, int concurrency, Options options) throws Exception {
        System.err.printf("%tT measuring %s at concurrency %d%n", System.currentTimeMillis(), target.path(),
                concurrency);
        var before = CPU.snapshot();
        Optional<JfrProfile> profile = options.profile(target.path(), concurrency);
        Measured measured = target.driver().measure(concurrency, options.seconds());
        profile.ifPresent(JfrProfile::stop);
        var cpu = CpuMeter.between(before, CPU.snapshot());
        cpu.merge("client", measured.clientUserNanos(), Long::sum);
        cpu.merge("client" + CpuMeter.KERNEL, measured.clientKernelNanos(), Long::sum);
        return new Run(target.path(), target.table(), concurrency, measured.calls(), measured.seconds(),
                measured.failures(), measured.lastByte(), measured.firstByte(), cpu);
    }

    /**
     * Calls every path until the JIT is done with them: a round of every path at concurrency 16 (many calls), then
     * rounds at concurrency 1 (CPU to spare for the compilers) of every path that runs code of this JVM (all but
     * wrk's references) until one in which the compilers used less than 2 % of a core. C2 compiles a method after
     * some 15,000 calls, and later while its queue is long, as it is while the load takes both cores: without this,
     * the runs at concurrency 1 paid for hundreds of C2 compilations (tier-3 code, a busy compiler), which added a
     * few hundred µs to the proxy's p50.
     */
    private static void warmUp(List<Targets.Target> targets, Options options) throws Exception {
        for (int round = 1; round <= (options.quick() ? 1 : 15); round++) {
            int concurrency = round == 1 ? 16 : 1;
            var before = CPU.snapshot();
            long started = System.nanoTime();
            for (Targets.Target target : targets) {
                if (round == 1 || !target.reference() || target.table().generator != Targets.LoadGenerator.WRK) {
                    target.driver().measure(concurrency, options.warmUp(target, round));
                }
            }
            double jit = CpuMeter.between(before, CPU.snapshot()).getOrDefault(CpuMeter.JIT, 0L)
                    / (double) (System.nanoTime() - started);
            System.err.printf("%tT warm-up round %d at concurrency %d: the JIT used %.0f %% of a core%n",
                    System.currentTimeMillis(), round, concurrency, 100 * jit);
            if (round > 1 && jit < 0.02) {
                break;
            }
        }
    }

    /** dynalite's node process, a child of this JVM. */
    private static List<Long> dynalitePids() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains("dynalite")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
