package io.callpath.store;

/** Caller-controlled text on its way into PostgreSQL. */
final class Text {

    private Text() {}

    /** PostgreSQL text and jsonb cannot hold NUL; a hostile caller-id name with one must not poison a whole batch. */
    static String clean(String value) {
        return isClean(value) ? value : value.replace("\0", "");
    }

    /** True when {@link #clean} would return {@code value} itself. */
    static boolean isClean(String value) {
        return value == null || value.indexOf('\0') < 0;
    }
}
