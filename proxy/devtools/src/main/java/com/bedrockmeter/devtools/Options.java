package com.bedrockmeter.devtools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark's options ({@link Benchmark}).
 *
 * @param warmUp  how long each path of the proxy is called in the first round of the warm-up
 * @param only    measure only the paths whose name contains this (and their references); null for all
 * @param profile where to write a JFR recording of each measured run; null for none
 */
record Options(boolean quick, Duration seconds, Duration warmUp, String only, Path profile) {

    static Options parse(String[] args) {
        List<String> list = List.of(args);
        boolean quick = list.contains("--quick");
        Duration seconds = value(list, "--seconds").map(s -> Duration.ofSeconds(Long.parseLong(s)))
                .orElse(Duration.ofSeconds(quick ? 1 : 4));
        return new Options(quick, seconds, Duration.ofSeconds(quick ? 1 : 3), value(list, "--only").orElse(null),
                value(list, "--profile").map(Path::of).orElse(null));
    }

    /**
     * The paths measured in this run: with {@code --only}, those it names and their tables' references (and the
     * native route that an OpenAI route's overhead is measured against).
     */
    List<Targets.Target> select(List<Targets.Target> all) {
        List<Targets.Target> named = all.stream().filter(t -> only == null || t.path().contains(only)).toList();
        return all.stream().filter(t -> named.contains(t)
                        || (t.reference() || t.path().equals(t.table().nativeRow))
                        && named.stream().anyMatch(n -> n.table() == t.table()))
                .filter(t -> !(quick && t.limited())).toList();
    }

    /** How long a path is called in a round of the warm-up: the first round longer, the references shorter. */
    Duration warmUp(Targets.Target target, int round) {
        return target.reference() || round > 1 ? Duration.ofSeconds(Math.min(warmUp.toSeconds(), 2))
                : warmUp;
    }

    /** A JFR recording of one run, when asked for. */
    Optional<JfrProfile> profile(String path, int concurrency) {
        return profile == null ? Optional.empty()
                : Optional.of(JfrProfile.start(profile.resolve(path.replaceAll("[^A-Za-z0-9]+", "-")
                        + "-c" + concurrency + ".jfr")));
    }

    /** wrk's script, bench/post.lua of this module: looked for from the working directory up. */
    static Optional<Path> luaScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("proxy/devtools/bench/post.lua"),
                    dir.resolve("bench/post.lua"))) {
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> value(List<String> args, String name) {
        int at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? Optional.of(args.get(at + 1)) : Optional.empty();
    }
}
