package io.callpath.sim;

import java.time.Duration;

/**
 * One command the server sent and what the fake answered.
 *
 * @param at      when the command was read (or the unsolicited line sent), since the session opened
 * @param command the line as received, without its '\n' (a '\r' stays); empty for an unsolicited line such as {@code HANGUP}
 * @param reply   the exact bytes sent back, as text; empty when Asterisk sends nothing (STREAM FILE aborted by a command)
 */
public record Exchange(Duration at, String command, String reply) {}
