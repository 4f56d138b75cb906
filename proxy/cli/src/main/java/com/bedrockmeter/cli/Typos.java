package com.bedrockmeter.cli;

import java.util.Arrays;
import java.util.List;

/** "Did you mean ...?" for a mistyped command or flag: the known ones within two edits. */
final class Typos {

    private Typos() {
    }

    static String commandMeant(String name) {
        return meant(Arrays.stream(CliCommand.values()).map(CliCommand::commandName)
                .filter(known -> distance(known, name) <= 2 || (name.length() > 3 && known.startsWith(name)))
                .toList());
    }

    static String flagMeant(CliCommand command, String flag) {
        return meant(command.flags().stream().map(f -> "--" + f).filter(known -> distance(known, flag) <= 2)
                .toList());
    }

    private static String meant(List<String> close) {
        return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
    }

    /** Edits (insert, delete, replace, swap of neighbours) from one word to the other: how close a typo is. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
