package io.callpath.store;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** For {@code @ExtendWith}: each test starts on the shared PostgreSQL's empty call tables ({@link SharedPostgres#clean}). */
public final class CleanTables implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        SharedPostgres.clean();
    }
}
