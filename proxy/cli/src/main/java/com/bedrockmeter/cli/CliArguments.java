package com.bedrockmeter.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line: {@code COMMAND [--flag value | --flag=value]... [--json] [--help]}. {@code --json} and
 * {@code --help} may appear anywhere. Only syntax is checked here (exit code 2); values are checked by the commands.
 *
 * @param command null when only help was asked for
 * @param flags   flag name (without {@code --}) to value, in the order given
 */
record CliArguments(CliCommand command, Map<String, String> flags, boolean json, boolean help) {

    static final String JSON = "--json";
    static final String HELP = "--help";

    CliArguments {
        flags = Collections.unmodifiableMap(new LinkedHashMap<>(flags));
    }

    /** Whether the arguments ask for JSON output, readable before (and even if) parsing fails. */
    static boolean wantsJson(String[] args) {
        return args != null && List.of(args).contains(JSON);
    }

    /** @throws CliUsageException on a syntax error */
    static CliArguments parse(String[] args) {
        boolean json = false;
        boolean help = false;
        List<String> rest = new ArrayList<>();
        for (String arg : args == null ? new String[0] : args) {
            if (arg == null) {
                continue;
            }
            switch (arg) {
                case JSON -> json = true;
                case HELP, "-h" -> help = true;
                default -> rest.add(arg);
            }
        }
        if (rest.isEmpty() || "help".equals(rest.get(0))) {
            if (!help && rest.isEmpty()) {
                throw new CliUsageException("no command given");
            }
            return new CliArguments(null, Map.of(), json, true);
        }
        String name = rest.get(0);
        CliCommand command = CliCommand.named(name).orElse(null);
        if (help) {
            return new CliArguments(command, Map.of(), json, true);
        }
        if (command == null) {
            throw new CliUsageException(name.startsWith("-")
                    ? "expected a command before the flags, got '" + name + "'"
                    : "unknown command '" + name + "'");
        }
        return new CliArguments(command, flags(command, rest.subList(1, rest.size())), json, false);
    }

    private static Map<String, String> flags(CliCommand command, List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new CliUsageException("unexpected argument '" + arg + "' (flags are written --flag value)");
            }
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else {
                name = arg.substring(2);
                value = null;
            }
            if (!command.accepts(name)) {
                throw new CliUsageException("unknown flag --" + name + " for '" + command.commandName() + "'");
            }
            if (value == null && CliCommand.SWITCHES.contains(name)) {
                value = "true";
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new CliUsageException("--" + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (flags.putIfAbsent(name, value) != null) {
                throw new CliUsageException("--" + name + " is given more than once");
            }
        }
        for (String required : command.required()) {
            if (!flags.containsKey(required)) {
                throw new CliUsageException("'" + command.commandName() + "' needs --" + required);
            }
        }
        if (command == CliCommand.UPDATE_LIMITS && CliCommand.LIMIT_FLAGS.stream().noneMatch(flags::containsKey)) {
            throw new CliUsageException("'update-limits' needs at least one of --daily-limit, --rpm-limit, "
                    + "--monthly-token-limit");
        }
        return flags;
    }

    String flag(String name) {
        return flags.get(name);
    }

    boolean has(String name) {
        return flags.containsKey(name);
    }
}
