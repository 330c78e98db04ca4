package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpath.config.DatabaseRules;
import io.callpath.config.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriterSettingsTest {

    @Test
    void theWriterRefusesSettingsTheConfigRulesRefuseWithTheirMessage() {
        DatabaseSettings defaults = DatabaseSettings.defaults();
        DatabaseSettings noBatch = new DatabaseSettings(
                null,
                "postgres",
                "",
                Path.of("unused"),
                0,
                Path.of("unused"),
                defaults.queueCapacity(),
                0,
                defaults.poolSize(),
                defaults.lookupTimeout());

        assertThatThrownBy(() -> new PostgresEventWriter(
                        null, noBatch, (linkedId, events) -> null, Duration.ZERO, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(DatabaseRules.check(noBatch).get(0).toString())
                .hasMessageStartingWith("database.batchSize: is 0 but must be above zero");
    }
}
