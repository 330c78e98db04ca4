package io.callpath.sim;

/** The exact 520 replies Asterisk 22 sends for bad syntax (from the transcripts). */
final class UsageTexts {

    static final String GET_VARIABLE = "520-Invalid command syntax.  Proper usage follows:\n"
            + "Returns <literal>0</literal> if <replaceable>variablename</replaceable> is not set. Returns <literal>1</literal> if "
            + "<replaceable>variablename</replaceable> is set and returns the variable in parentheses.\n"
            + "Example return code: 200 result=1 (testvariable)\n"
            + "520 End of proper usage.\n";

    static final String GET_FULL_VARIABLE = "520-Invalid command syntax.  Proper usage follows:\n"
            + "Evaluates the given <replaceable>expression</replaceable> against the channel specified by "
            + "<replaceable>channelname</replaceable>, or the current channel if <replaceable>channelname</replaceable> is not provided.\n"
            + "Unlike GET VARIABLE, the <replaceable>expression</replaceable> is processed in a manner similar to dialplan evaluation, "
            + "allowing complex and built-in variables to be accessed, e.g. <literal>The time is ${EPOCH}</literal>\n"
            + "Returns <literal>0</literal> if no channel matching <replaceable>channelname</replaceable> exists, <literal>1</literal> otherwise.\n"
            + "Example return code: 200 result=1 (The time is 1578493800)\n"
            + "520 End of proper usage.\n";

    /** Used for the commands whose usage text we have no recording of. */
    static final String NOT_AVAILABLE = "520 Invalid command syntax.  Proper usage not available.\n";

    private UsageTexts() {}
}
