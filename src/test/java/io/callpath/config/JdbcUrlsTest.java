package io.callpath.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void passwordsInParametersAreMaskedAndTheRestStays() {
        assertThat(JdbcUrls.masked("jdbc:postgresql://db:5432/calls?user=callpath&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/calls?user=callpath&password=<masked>&ssl=true");
        assertThat(JdbcUrls.masked("jdbc:postgresql://db/calls?PASSWORD=s3cret"))
                .isEqualTo("jdbc:postgresql://db/calls?PASSWORD=<masked>");
        assertThat(JdbcUrls.masked("jdbc:postgresql://db/calls?sslmode=verify-full&sslpassword=key-pass"))
                .isEqualTo("jdbc:postgresql://db/calls?sslmode=verify-full&sslpassword=<masked>");
    }

    @Test
    void aPasswordBeforeTheHostIsMaskedAndTheUserStays() {
        assertThat(JdbcUrls.masked("jdbc:postgresql://callpath:s3cret@db:5432/calls"))
                .isEqualTo("jdbc:postgresql://callpath:<masked>@db:5432/calls");
    }

    @Test
    void aUrlWithoutCredentialsIsUnchanged() {
        assertThat(JdbcUrls.masked("jdbc:postgresql://localhost:54321/postgres"))
                .isEqualTo("jdbc:postgresql://localhost:54321/postgres");
        assertThat(JdbcUrls.masked("jdbc:postgresql://[::1]:5432/calls?user=callpath"))
                .isEqualTo("jdbc:postgresql://[::1]:5432/calls?user=callpath");
        assertThat(JdbcUrls.masked(null)).isNull();
    }
}
