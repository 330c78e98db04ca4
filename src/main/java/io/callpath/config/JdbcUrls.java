package io.callpath.config;

import java.util.regex.Pattern;

/**
 * A JDBC URL as it may be shown: in a log line, an error or the health endpoint. The password goes, as HikariCP
 * masks it in its own logs; the rest (host, port, database, other parameters) stays, since that is what an operator
 * needs to find the database.
 */
public final class JdbcUrls {

    /** What a password is shown as. */
    public static final String MASK = "<masked>";
    /** {@code //user:password@host}: the user stays, the password goes. */
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/?#@:]*:)[^/?#@]*@");
    /** {@code ?password=…}, {@code &sslpassword=…}, {@code ;password=…} in any case. */
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("([?&;][^?&#;=]*password=)[^&#;]*", Pattern.CASE_INSENSITIVE);

    private JdbcUrls() {}

    /** {@code url} with every password replaced by {@link #MASK}; null stays null. */
    public static String masked(String url) {
        if (url == null) {
            return null;
        }
        String withoutUserInfo = USER_INFO_PASSWORD.matcher(url).replaceAll("$1" + MASK + "@");
        return PASSWORD_PARAMETER.matcher(withoutUserInfo).replaceAll("$1" + MASK);
    }
}
