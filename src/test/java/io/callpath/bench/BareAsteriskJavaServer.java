package io.callpath.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.BaseAgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.command.AbstractAgiCommand;
import org.asteriskjava.util.ServerSocketFacade;

/**
 * Peer (b): asterisk-java's own {@link DefaultAgiServer} with one {@link BaseAgiScript} that sends the recorded
 * commands of the requested script (incoming, answered, hangup) and nothing else. asterisk-java adds one
 * {@code SET VARIABLE AJ_AGISTATUS ...} round trip per session.
 * Child JVM main: {@code --port P [--sequence F] [--pool-size N] [--max-pool-size N] [--read-timeout-ms T]};
 * {@code --max-pool-size 500} is the library default (with a SynchronousQueue: call 501 is closed unanswered).
 */
public final class BareAsteriskJavaServer {

    private BareAsteriskJavaServer() {}

    /** Sends each recorded command of the request's script verbatim and reads its reply; no logic, no storage. */
    static final class SequenceScript extends BaseAgiScript {
        private final CommandSequence sequence;

        SequenceScript(CommandSequence sequence) {
            this.sequence = sequence;
        }

        @Override
        public void service(AgiRequest request, AgiChannel channel) throws AgiException {
            // getScript() is the path without its query: hangup?leg=caller is hangup
            for (String command : sequence.commands(CommandSequence.scriptOf(request.getScript()))) {
                channel.sendCommand(new VerbatimCommand(command));
            }
        }
    }

    /** A command whose text is sent as is, so both bare peers write byte-identical commands. */
    static final class VerbatimCommand extends AbstractAgiCommand {
        private static final long serialVersionUID = 1L;
        private final String text;

        VerbatimCommand(String text) {
            this.text = text;
        }

        @Override
        public String buildCommand() {
            return text;
        }
    }

    /** DefaultAgiServer that tells us when its socket is bound, since startup() blocks in the accept loop. */
    static final class SignallingAgiServer extends DefaultAgiServer {
        private final CountDownLatch bound = new CountDownLatch(1);

        SignallingAgiServer(SequenceScript script) {
            super(script);
        }

        @Override
        protected ServerSocketFacade createServerSocket() throws IOException {
            ServerSocketFacade socket = super.createServerSocket();
            bound.countDown();
            return socket;
        }
    }

    public static void main(String[] args) throws Exception {
        CommandSequence sequence = CommandSequence.load(ChildControl.stringArg(args, "--sequence", "default"));
        SignallingAgiServer server = new SignallingAgiServer(new SequenceScript(sequence));
        server.setAddress(InetAddress.getLoopbackAddress());
        server.setPort(ChildControl.intArg(args, "--port", 4573));
        server.setPoolSize(ChildControl.intArg(args, "--pool-size", 10));
        server.setMaximumPoolSize(ChildControl.intArg(args, "--max-pool-size", 500));
        server.setSocketReadTimeout(ChildControl.intArg(args, "--read-timeout-ms", 600_000));
        Thread acceptor = new Thread(
                () -> {
                    try {
                        server.startup();
                    } catch (IOException e) {
                        System.err.println("asterisk-java server failed to start: " + e);
                        System.exit(2);
                    }
                },
                "aj-agi-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        server.bound.await();
        ChildControl.announceReadyAndServe();
        server.shutdown();
        System.exit(0);
    }
}
