package com.bedrockmeter.cli;

/** A command whose flags were already checked: runs against the store and prints its result. */
@FunctionalInterface
interface CliAction {
    void run(CliStore store, CliOutput output);
}
