package io.callpath.pbx;

import java.time.Instant;

/** A call the rig originated: its linkedid (the caller channel's uniqueid) and caller number. */
public record PlacedCall(String linkedId, String callerNumber, CallSpec spec, Instant placedAt) {}
