package com.bedrockmeter.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * A parsed command line: {@code COMMAND [--flag value | --flag=value]... [--json] [--help]}. {@code --json} and
 * {@code --help} may appear anywhere. Only syntax is checked here (exit code 2); values are checked by the commands.
 * Picocli parses each command's flags from the {@link CliCommand} that declares them, and writes each command's
 * usage help ({@link #usage(CliCommand)}) and the shell completion script ({@link #completion()}).
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
            // "help COMMAND" is that command's help
            CliCommand about = rest.size() > 1 ? CliCommand.named(rest.get(1)).orElse(null) : null;
            return new CliArguments(about, Map.of(), json, true);
        }
        String name = rest.get(0);
        CliCommand command = CliCommand.named(name).orElse(null);
        if (help) {
            return new CliArguments(command, Map.of(), json, true);
        }
        if (command == null) {
            throw new CliUsageException(name.startsWith("-")
                    ? "expected a command before the flags, got '" + name + "'"
                    : "unknown command '" + name + "'" + Typos.commandMeant(name));
        }
        return new CliArguments(command, flags(command, rest.subList(1, rest.size())), json, false);
    }

    private static Map<String, String> flags(CliCommand command, List<String> args) {
        CommandLine line = commandLine(command);
        ParseResult parsed;
        try {
            parsed = line.parseArgs(args.toArray(String[]::new));
        } catch (OverwrittenOptionException e) {
            ArgSpec overwritten = e.getOverwritten();
            String flag = overwritten instanceof OptionSpec option ? option.longestName() : "a flag";
            throw new CliUsageException(flag + " is given more than once");
        } catch (MissingParameterException e) {
            List<ArgSpec> missing = e.getMissing();
            String flag = missing.isEmpty() || !(missing.get(0) instanceof OptionSpec option) ? "a flag"
                    : option.longestName();
            throw new CliUsageException(flag + " needs a value");
        } catch (ParameterException e) {
            throw new CliUsageException(e.getMessage());
        }
        // an unknown flag or a stray word is named before a missing flag, as it is often the missing one mistyped
        List<String> unmatched = parsed.unmatched();
        if (!unmatched.isEmpty()) {
            String first = unmatched.get(0);
            if (first.startsWith("--")) {
                String flagName = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
                throw new CliUsageException("unknown flag " + flagName + " for '" + command.commandName() + "'"
                        + Typos.flagMeant(command, flagName));
            }
            throw new CliUsageException("unexpected argument '" + first + "' (flags are written --flag value)");
        }
        Map<String, String> flags = new LinkedHashMap<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            flags.put(option.longestName().substring(2), option.getValue());
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

    /** The command as picocli sees it: its flags (values are text, checked later), synopsis and description. */
    static CommandLine commandLine(CliCommand command) {
        CommandSpec spec = CommandSpec.create().name(command.commandName());
        spec.usageMessage()
                .customSynopsis(AdminCli.LAUNCHER + " " + command.commandName()
                        + (command.synopsis().isEmpty() ? "" : " " + command.synopsis()) + " [--json]")
                .description(command.description().replace("\n      ", "\n"))
                .width(120);
        for (String flag : command.flags()) {
            boolean isSwitch = CliCommand.SWITCHES.contains(flag);
            boolean required = command.required().contains(flag);
            OptionSpec.Builder option = OptionSpec.builder("--" + flag)
                    .type(String.class)
                    .description(required ? "required" : isSwitch ? "a switch" : "optional")
                    .arity(isSwitch ? "0..1" : "1")
                    .paramLabel(isSwitch ? "true|false" : flag.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (isSwitch) {
                option.fallbackValue("true");
            }
            spec.addOption(option.build());
        }
        CommandLine line = new CommandLine(spec);
        line.setOverwrittenOptionsAllowed(false);
        line.setAbbreviatedOptionsAllowed(false);
        line.setPosixClusteredShortOptionsAllowed(false);
        line.setUnmatchedArgumentsAllowed(true); // reported by flags(), before the missing ones
        return line;
    }

    /** One command's usage help. */
    static String usage(CliCommand command) {
        return commandLine(command).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** A bash (and zsh) completion script for every command and its flags: {@code source <(... completion)}. */
    static String completion() {
        CommandSpec root = CommandSpec.create().name("bedrock-meter");
        CommandLine line = new CommandLine(root);
        for (CliCommand command : CliCommand.values()) {
            line.addSubcommand(command.commandName(), commandLine(command));
        }
        line.addSubcommand("help", new CommandLine(CommandSpec.create().name("help")));
        return AutoComplete.bash("bedrock-meter", line);
    }

    String flag(String name) {
        return flags.get(name);
    }

    boolean has(String name) {
        return flags.containsKey(name);
    }
}
