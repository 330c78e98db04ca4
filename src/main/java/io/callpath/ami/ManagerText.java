package io.callpath.ami;

import io.callpath.logs.LogText;

/** Values that go into a manager action's header lines: a line break would start a header of its own. */
final class ManagerText {

    private ManagerText() {}

    static String requireOneLine(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(
                        "a manager action value must not hold control characters: " + LogText.printable(value));
            }
        }
        return value;
    }
}
