package io.callpath.report;

import io.callpath.logs.LogText;
import io.callpath.store.StatedSources;
import java.util.List;

/** The report's lead-source section: each line's source against what callers said on the assistant desk. */
public final class StatedSourcesReport {

    private static final int COLUMN = 28;

    private StatedSourcesReport() {}

    public static String render(List<StatedSources.Row> rows) {
        StringBuilder out = new StringBuilder("\nLead sources: the line's against what callers say\n");
        if (rows.isEmpty()) {
            return out.append("  no calls\n").toString();
        }
        out.append("  ").append(pad("line's source")).append(pad("caller says")).append("calls\n");
        for (StatedSources.Row row : rows) {
            String said = row.statedSource() == null ? "(not asked)" : row.statedSource();
            out.append("  ")
                    .append(pad(row.lineSource().isEmpty() ? "(none)" : row.lineSource()))
                    .append(pad(said))
                    .append(row.calls())
                    .append('\n');
        }
        return out.toString();
    }

    /** Caller text: control characters out, cut to the column. */
    private static String pad(String text) {
        String printable = LogText.printable(text);
        if (printable.length() > COLUMN - 2) {
            printable = printable.substring(0, COLUMN - 3) + "…";
        }
        return printable + " ".repeat(COLUMN - printable.length());
    }
}
