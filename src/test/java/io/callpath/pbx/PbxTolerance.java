package io.callpath.pbx;

/**
 * How far callpath's clock may be from Asterisk's CEL clock on one call: 20 ms (issue 8). Under heavy load Asterisk
 * itself is late by tens of ms (bridging after the whisper session ends, passing a hang-up through Dial), so a shared
 * developer machine may widen it with {@code -Dcallpath.pbx.toleranceMs=50}; CI runs with the default.
 */
public final class PbxTolerance {

    public static final double DEFAULT_MS = 20;

    private PbxTolerance() {}

    public static double millis() {
        String configured = System.getProperty("callpath.pbx.toleranceMs");
        if (configured == null || configured.isBlank()) {
            return DEFAULT_MS;
        }
        double millis = Double.parseDouble(configured);
        if (millis <= 0) {
            throw new IllegalArgumentException("callpath.pbx.toleranceMs must be positive: " + configured);
        }
        return millis;
    }
}
