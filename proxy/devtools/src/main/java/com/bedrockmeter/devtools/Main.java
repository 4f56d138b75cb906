package com.bedrockmeter.devtools;

import com.bedrockmeter.cli.AdminCli;
import com.bedrockmeter.devtools.Benchmark;
import com.bedrockmeter.devtools.LambdaProbe;
import com.bedrockmeter.devtools.LocalStack;
import java.util.Arrays;
import org.slf4j.LoggerFactory;

/**
 * The development launcher ({@code proxy/bin/bedrock-meter}): {@code local-stack} runs the whole local stack,
 * {@code benchmark} the latency benchmark, {@code lambda-benchmark} the Lambda cold-start probe; anything else is an
 * admin command ({@code create}, {@code list}, {@code usage}, …) of the CLI, which ships on its own as
 * {@code proxy/cli/target/cli-*-exec.jar}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        try {
            switch (command) {
                case "local-stack" -> LocalStack.main(rest);
                case "benchmark" -> {
                    Benchmark.main(rest);
                    System.exit(0); // the simulator's and the clients' threads would keep the JVM up
                }
                case "lambda-benchmark" -> {
                    LambdaProbe.measureInFreshJvm();
                    System.exit(0);
                }
                default -> System.exit(AdminCli.run(args, System.out, System.err, System.getenv()));
            }
        } catch (Throwable e) {
            // A command that failed (an application that did not start, a benchmark that broke) must end the
            // process, whatever threads it had started.
            LoggerFactory.getLogger(Main.class).error("bedrock-meter {} failed", command, e);
            System.exit(1);
        }
    }
}
