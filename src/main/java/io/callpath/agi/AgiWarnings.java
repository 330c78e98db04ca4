package io.callpath.agi;

import io.callpath.logs.RateLimitedWarnings.Kind;

/** The kinds of per-connection WARN the FastAGI layer writes, each rate-limited with a summary line of its own. */
final class AgiWarnings {

    static final Kind NOT_ALLOWED = new Kind(
            "FastAGI connections refused as outside server.allow",
            "add an address to server.allow only if it is your Asterisk, otherwise block it at the firewall",
            true);
    static final Kind BAD_HEADER = new Kind(
            "FastAGI connections closed for a bad or missing agi_ header",
            "point only Asterisk's AGI() at this port",
            false);
    static final Kind MENDED_HEADER = new Kind(
            "FastAGI headers with a value over a line break or cut to 8 KB",
            "a caller id with a newline or of absurd length; nothing to do unless it repeats from one trunk",
            false);
    static final Kind EARLY_FAILURE = new Kind(
            "FastAGI connections that failed before their script ran",
            "check the network between Asterisk and callpath",
            false);
    static final Kind OVERLOADED = new Kind(
            "calls refused over server.maxSessions (told OVERLOADED)",
            "raise server.maxSessions or add a callpath server",
            false);
    static final Kind UNKNOWN_SCRIPT = new Kind(
            "sessions of unknown FastAGI scripts (told UNKNOWN_SCRIPT)", "fix the AGI() URL in the dialplan", false);
    static final Kind SESSION_FAILED = new Kind(
            "sessions whose AGI channel failed",
            "the dialplan falls back to the assistants; check Asterisk's load and the network",
            false);
    static final Kind UNSOLICITED_LINE = new Kind(
            "lines Asterisk sent while no command ran (dropped)",
            "something other than Asterisk writes into AGI sessions, or a proxy mangles them",
            false);
    static final Kind ACCEPT_FAILED =
            new Kind("failed accepts of FastAGI connections", "check the process's open-file limit", false);

    private AgiWarnings() {}
}
