package io.callpath.fault;

import io.callpath.cli.CallpathCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code callpath simulate --target}: simulated callers against a running server, on a thread of the test JVM. */
final class SimulatedLoad {

    private final CompletableFuture<String> run;

    private SimulatedLoad(CompletableFuture<String> run) {
        this.run = run;
    }

    static SimulatedLoad start(int port, int calls, int concurrency) {
        return new SimulatedLoad(CompletableFuture.supplyAsync(() -> {
            StringWriter out = new StringWriter();
            var command = CallpathCommand.commandLine();
            command.setOut(new PrintWriter(out, true));
            command.setErr(new PrintWriter(out, true));
            command.execute(
                    "simulate",
                    "--target",
                    "127.0.0.1:" + port,
                    "--calls",
                    String.valueOf(calls),
                    "--concurrency",
                    String.valueOf(concurrency),
                    "--time-scale",
                    "0.01",
                    "--warmup",
                    "0",
                    "--progress",
                    "none");
            return out.toString();
        }));
    }

    /** What the simulator printed (its view of the calls), once every call ended. */
    String await() throws Exception {
        return run.get(10, TimeUnit.MINUTES);
    }
}
