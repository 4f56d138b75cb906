package com.bedrockmeter.proxy.cli;

import java.io.PrintStream;
import java.util.Map;

public final class AdminCli {
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return 2;
    }
}
