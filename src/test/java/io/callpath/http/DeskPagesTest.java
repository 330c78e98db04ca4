package io.callpath.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Both desk pages are desk.html around their own main part. */
class DeskPagesTest {

    @Test
    void eachDeskPageIsTheSharedFrameAroundItsOwnPart() {
        String assistant = new String(DeskRoutes.page("assistant", "Assistant"), StandardCharsets.UTF_8);
        String seller = new String(DeskRoutes.page("seller", "Seller"), StandardCharsets.UTF_8);

        assertThat(assistant)
                .startsWith("<!doctype html>")
                .endsWith("</body>\n</html>\n")
                .contains(
                        "<title>callpath assistant desk</title>",
                        "<body data-role=\"assistant\">",
                        "<h1>Assistant desk <span id=\"extension\"",
                        "<textarea id=\"request\"")
                .doesNotContain("{{", "id=\"pop\"");
        assertThat(seller)
                .startsWith("<!doctype html>")
                .endsWith("</body>\n</html>\n")
                .contains(
                        "<title>callpath seller desk</title>",
                        "<body data-role=\"seller\">",
                        "<h1>Seller desk <span id=\"extension\"",
                        "<p id=\"pop\" class=\"pop\">")
                .doesNotContain("{{", "id=\"request\"");
    }
}
