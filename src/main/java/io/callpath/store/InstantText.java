package io.callpath.store;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()}, character for character (InstantTextTest compares them), written by hand: the writer
 * formats every event's wall time and every row's timestamps, and {@code DateTimeFormatter} was a fifth of the writer
 * thread's samples in JFR.
 */
final class InstantText {

    /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: outside them Instant.toString() adds a sign or more digits. */
    private static final long FIRST_SECOND = -62_135_596_800L;

    private static final long END_SECOND = 253_402_300_800L;

    private InstantText() {}

    static String iso(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds >= END_SECOND) {
            return instant.toString();
        }
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // civil date from days since 1970-01-01 (Howard Hinnant's algorithm, proleptic Gregorian as java.time)
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long dayOfEra = z - era * 146_097L;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));

        char[] text = new char[30];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, month, 2);
        text[7] = '-';
        digits(text, 8, day, 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int length = 19;
        int nanos = instant.getNano();
        if (nanos != 0) {
            text[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(text, length, nanos / 1_000_000, 3);
                length += 3;
            } else if (nanos % 1_000 == 0) {
                digits(text, length, nanos / 1_000, 6);
                length += 6;
            } else {
                digits(text, length, nanos, 9);
                length += 9;
            }
        }
        text[length++] = 'Z';
        return new String(text, 0, length);
    }

    /**
     * {@link Instant#parse} of {@link #iso}'s form, by hand for the common one (four-digit year, 0, 3, 6 or 9 fraction
     * digits, "Z"): the spool's replay parses every event's wall time; anything else goes to Instant.parse.
     */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || !separatorsAt(text)) {
            return Instant.parse(text);
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int fractionDigits = length - 21;
        boolean plainFraction =
                length == 20 || (text.charAt(19) == '.' && fractionDigits % 3 == 0 && fractionDigits > 0);
        if ((year | month | day | hour | minute | second) < 0
                || !plainFraction
                || hour > 23
                || minute > 59
                || second > 59) {
            return Instant.parse(text); // 24:00 and leap seconds are its to read; anything else it refuses as usual
        }
        int nanos = 0;
        if (fractionDigits > 0) {
            nanos = number(text, 20, fractionDigits);
            if (nanos < 0) {
                return Instant.parse(text);
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException wrongDate) {
            return Instant.parse(text); // the same refusal, as the DateTimeParseException callers expect
        }
        return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    private static boolean separatorsAt(String text) {
        return text.charAt(4) == '-'
                && text.charAt(7) == '-'
                && text.charAt(10) == 'T'
                && text.charAt(13) == ':'
                && text.charAt(16) == ':';
    }

    /** The decimal number in text[at, at + width), or -1 if any of it is not a digit. */
    private static int number(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
