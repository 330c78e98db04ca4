package io.callpath.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:postgresql://db:5432/calls?user=callpath&password=s3cret&ssl=true | jdbc:postgresql://db:5432/calls?user=callpath&password=<masked>&ssl=true
            jdbc:postgresql://db/calls?PASSWORD=s3cret                              | jdbc:postgresql://db/calls?PASSWORD=<masked>
            jdbc:postgresql://db/calls?sslmode=verify-full&sslpassword=key-pass     | jdbc:postgresql://db/calls?sslmode=verify-full&sslpassword=<masked>
            jdbc:postgresql://callpath:s3cret@db:5432/calls                         | jdbc:postgresql://callpath:<masked>@db:5432/calls
            jdbc:postgresql://localhost:54321/postgres                              | jdbc:postgresql://localhost:54321/postgres
            jdbc:postgresql://[::1]:5432/calls?user=callpath                        | jdbc:postgresql://[::1]:5432/calls?user=callpath
            """)
    void passwordsAreMaskedAndTheRestStays(String url, String shown) {
        assertThat(JdbcUrls.masked(url)).isEqualTo(shown);
    }

    @Test
    void noUrlStaysNone() {
        assertThat(JdbcUrls.masked(null)).isNull();
    }
}
