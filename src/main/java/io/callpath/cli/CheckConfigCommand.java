package io.callpath.cli;

import io.callpath.config.ConfigLoader;
import io.callpath.config.ConfigProblem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code callpath check-config}: names every mistake in the configuration with its key and a fix. */
@Command(
        name = "check-config",
        mixinStandardHelpOptions = true,
        description = "Check the configuration as serve would run it (CALLPATH_DATABASE_*, CALLPATH_HTTP_TOKEN and "
                + "CALLPATH_AMI_SECRET applied); exit 0 when it is valid, 1 when it has problems.")
final class CheckConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    CallpathCommand callpath;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--sounds",
            paramLabel = "DIR",
            description =
                    "Asterisk sounds directory holding <lang>/<prompt> files; when given, every prompt must exist "
                            + "(default: asterisk-config/sounds when present).")
    Path sounds;

    @Option(
            names = "--music-on-hold",
            paramLabel = "FILE",
            description =
                    "Asterisk's musiconhold.conf; when given, every while-ringing line's informer.musicClass must be "
                            + "a class in it (default: asterisk-config/musiconhold.conf when present).")
    Path musicOnHold;

    @Option(
            names = "--dialplan",
            paramLabel = "FILE",
            description = "Asterisk's extensions-callpath.conf; when given, the offer key of every line that offers a "
                    + "callback while the phones ring during the greeting must be an extension of its "
                    + "[callpath-keys-offer] (default: asterisk-config/extensions-callpath.conf when present).")
    Path dialplan;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<Path> soundsDirectory = Optional.ofNullable(sounds)
                .or(() -> Optional.of(Path.of("asterisk-config/sounds")).filter(Files::isDirectory));
        Optional<Path> musicOnHoldFile = Optional.ofNullable(musicOnHold)
                .or(() ->
                        Optional.of(Path.of("asterisk-config/musiconhold.conf")).filter(Files::isRegularFile));
        Optional<Path> dialplanFile = Optional.ofNullable(dialplan)
                .or(() -> Optional.of(Path.of("asterisk-config/extensions-callpath.conf"))
                        .filter(Files::isRegularFile));
        List<ConfigProblem> problems =
                ConfigLoader.check(config.file, callpath.environment(), soundsDirectory, musicOnHoldFile, dialplanFile);
        if (problems.isEmpty()) {
            out.println(config.file + ": OK"
                    + soundsDirectory
                            .map(dir -> " (prompts checked in " + dir + ")")
                            .orElse("")
                    + musicOnHoldFile
                            .map(file -> " (music classes checked in " + file + ")")
                            .orElse("")
                    + dialplanFile
                            .map(file -> " (offer keys checked in " + file + ")")
                            .orElse(""));
            out.flush();
            return 0;
        }
        out.println(config.file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        problems.forEach(problem -> out.println("  " + problem));
        out.flush();
        return 1;
    }
}
