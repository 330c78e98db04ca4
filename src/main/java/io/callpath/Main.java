package io.callpath;

import io.callpath.cli.CallpathCommand;

/** Entry point: the picocli commands do the rest. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(CallpathCommand.commandLine().execute(args));
    }
}
