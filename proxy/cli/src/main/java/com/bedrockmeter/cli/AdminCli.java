package com.bedrockmeter.cli;

import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.base.StoreUnavailableException;
import java.io.PrintStream;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The admin CLI: the guide's {@code customer-management.py} commands ({@code create}, {@code list}, {@code usage},
 * {@code update-token}, {@code update-limits}) plus {@code revoke}, {@code keys}, {@code suspend},
 * {@code reactivate}, and the guide's billing flow ({@code plan-create}, {@code token-price}, {@code plan-assign},
 * {@code invoice}, {@code billing-run}, {@code invoice-finalize}; see {@link PlanCommands} and {@link InvoiceCommands}). Plain Java, no
 * Spring, so that it starts fast.
 *
 * <p>Every flag is checked before the store is touched. Exit codes: 0 success; 1 refused (invalid value, unknown
 * customer or key, store unavailable) with nothing written; 2 usage error (unknown command or flag, missing flag
 * or value).
 */
public final class AdminCli {

    static final String LAUNCHER = "proxy/bin/bedrock-meter";

    private AdminCli() {
    }

    /** {@code java -jar cli-*-exec.jar <command> [flags]}: what {@code proxy/bin/bedrock-meter} runs. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        CliLogging.quiet();
        CliOutput output = new CliOutput(out, err, CliArguments.wantsJson(args));
        CliEnvironment environment = null;
        try {
            if (args == null || args.length == 0) {
                err.print(usage());
                err.flush();
                return 2;
            }
            if (args[0] != null && args[0].equals("completion")) {
                out.print(CliArguments.completion());
                out.flush();
                return 0;
            }
            CliArguments arguments = CliArguments.parse(args);
            if (arguments.help()) {
                out.print(arguments.command() == null ? usage() : CliArguments.usage(arguments.command()));
                out.flush();
                return 0;
            }
            CliAction action = prepare(arguments);
            environment = CliEnvironment.from(env == null ? Map.of() : env);
            try (CliStore store = environment.open()) {
                action.run(store, output);
            }
            return 0;
        } catch (CliUsageException e) {
            output.error("usage_error", e.getMessage() + (output.json() ? "" : " (run 'help' for usage)"));
            return 2;
        } catch (StoreUnavailableException e) {
            output.error(e.code(), storeMessage(environment, e.getCause()));
            return 1;
        } catch (ApiException e) {
            output.error(e.code(), e.getMessage());
            return 1;
        } catch (SdkException e) {
            output.error("store_unavailable", storeMessage(environment, e));
            return 1;
        } catch (RuntimeException e) {
            output.error("internal_error", "Unexpected failure: " + e);
            return 1;
        }
    }

    private static CliAction prepare(CliArguments arguments) {
        return switch (arguments.command()) {
            case CREATE -> CustomerCommands.create(arguments);
            case LIST -> CustomerCommands.list(arguments);
            case USAGE -> UsageCommand.usage(arguments);
            case UPDATE_TOKEN -> KeyCommands.updateToken(arguments);
            case UPDATE_LIMITS -> CustomerCommands.updateLimits(arguments);
            case REVOKE -> KeyCommands.revoke(arguments);
            case KEYS -> KeyCommands.keys(arguments);
            case SUSPEND -> CustomerCommands.suspend(arguments);
            case REACTIVATE -> CustomerCommands.reactivate(arguments);
            case APPROVE -> CustomerCommands.approve(arguments);
            case PLAN_CREATE -> PlanCommands.planCreate(arguments);
            case TOKEN_PRICE -> PlanCommands.tokenPrice(arguments);
            case PLAN_ASSIGN -> PlanCommands.planAssign(arguments);
            case INVOICE -> InvoiceCommands.invoice(arguments);
            case BILLING_RUN -> InvoiceCommands.billingRun(arguments);
            case INVOICE_FINALIZE -> InvoiceCommands.invoiceFinalize(arguments);
            case RECONCILE -> ReconcileCommand.reconcile(arguments);
        };
    }

    private static String storeMessage(CliEnvironment environment, Throwable cause) {
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String where = environment == null ? "DynamoDB" : environment.describe();
        String detail = root == null ? "" : ": " + root.getMessage();
        String hint = environment != null && environment.mode() == CliEnvironment.Mode.LOCAL
                ? " Is the local stack running (" + LAUNCHER + " local-stack)? Or set " + CliEnvironment.ENDPOINT + "."
                : " Check the credentials, " + CliEnvironment.REGION + " and the table names.";
        return "Cannot use " + where + detail + "." + hint + " Nothing was changed.";
    }

    static String usage() {
        StringBuilder text = new StringBuilder();
        text.append("Bedrock Meter admin CLI: customers, bearer tokens, limits, usage and billing.\n\n")
                .append("Usage: ").append(LAUNCHER).append(" <command> [flags] [--json]\n")
                .append("  (the launcher also runs 'local-stack' and the benchmarks, from the development tools)\n\n")
                .append("Commands:\n");
        for (CliCommand command : CliCommand.values()) {
            text.append("  ").append(command.commandName())
                    .append(command.synopsis().isEmpty() ? "" : " " + command.synopsis()).append('\n')
                    .append("      ").append(command.description()).append('\n');
        }
        text.append("  help [COMMAND] | COMMAND --help\n      Print this text, or one command's flags.\n")
                .append("  completion\n      Print a bash/zsh completion script: source <(").append(LAUNCHER)
                .append(" completion)\n\n")
                .append("""
                        Flags are written --flag value or --flag=value. --json, anywhere, prints one JSON document
                        on stdout (errors as {"error":{"code":…,"message":…}} on stderr).
                        A supplied --token needs at least 32 printable characters, 16 of them distinct, e.g.
                        "$(openssl rand -base64 32)". Tokens are printed only by create and update-token, once;
                        only their SHA-256 is stored.

                        Examples:
                          create --name "Customer Name" --email "customer@example.com"
                          create --name "Customer Name" --email "customer@example.com" --token "$TOKEN"
                          list
                          usage --customer-id "12345678-1234-1234-1234-123456789012" \\
                            --start-date "2023-04-01" --end-date "2023-04-30"
                          update-token --customer-id ID --grace-period 24h
                          update-limits --customer-id ID --daily-limit 1000

                        Billing (the guide's billing flow; money in USD, exact decimals):
                          plan-create --id basic --name "Basic" --price-per-call 0.002
                          plan-create --id volume --name "Volume" --tiers "10000:0.01,100000:0.008,*:0.005"
                          plan-create --id pro --name "Pro" --monthly-fee 49 --included 100000 \\
                            --included-unit calls --overage-price 0.001 --charge-tokens
                          token-price --model-id MODEL --from 2023-04-01 --input-per-million 3 \\
                            --output-per-million 15
                          plan-assign --customer-id ID --plan-id basic --from 2023-04-01
                          invoice --customer-id ID --start-date 2023-04-01 --end-date 2023-04-30
                          billing-run --start-date 2023-04-01 --end-date 2023-04-30
                          invoice-finalize --customer-id ID --start-date 2023-04-01 --end-date 2023-04-30

                        Maintenance:
                          reconcile --start-date 2023-04-01 --end-date 2023-04-30 [--repair]
                        Giving two pricings to plan-create (or neither), or mixing the two ways of token-price,
                        is a usage error (exit 2).

                        """)
                .append(CliEnvironment.help())
                .append("""

                        Exit codes: 0 success; 1 refused (invalid value, unknown customer or key, store
                        unavailable), nothing written; 2 usage error (unknown command or flag, missing flag or
                        value).
                        """);
        return text.toString();
    }
}
