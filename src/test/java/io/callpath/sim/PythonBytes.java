package io.callpath.sim;

import java.io.ByteArrayOutputStream;

/** Decodes the Python repr of a bytes object ({@code b'GET VARIABLE X\n'}) as the transcripts print it. */
final class PythonBytes {

    private PythonBytes() {}

    static byte[] decode(String repr) {
        if (repr.length() < 3 || repr.charAt(0) != 'b') {
            throw new IllegalArgumentException("not a bytes repr: " + repr);
        }
        char quote = repr.charAt(1);
        if ((quote != '\'' && quote != '"') || repr.charAt(repr.length() - 1) != quote) {
            throw new IllegalArgumentException("badly quoted bytes repr: " + repr);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String body = repr.substring(2, repr.length() - 1);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char escaped = body.charAt(++i);
            switch (escaped) {
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case '\\' -> out.write('\\');
                case '\'' -> out.write('\'');
                case '"' -> out.write('"');
                case 'x' -> {
                    out.write(Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + escaped + " in " + repr);
            }
        }
        return out.toByteArray();
    }
}
