package io.callpath;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the main classes (imported once, about a second): arrows
 * point one way, {@code flow} makes decisions without sockets or JDBC, and only the entry points start callpath.
 */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // From the main classes' directory only: scanning the whole class path for the package is many times slower.
        main = new ClassFileImporter()
                .importLocations(Set.of(Location.of(
                        Main.class.getProtectionDomain().getCodeSource().getLocation())));
    }

    @Test
    void noPackageDependsOnAnotherThatDependsBackOnIt() {
        slices().matching("io.callpath.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void onlyTheEntryPointLivesInTheRootPackageAndNothingDependsOnIt() {
        classes()
                .that()
                .resideInAPackage("io.callpath")
                .should()
                .haveSimpleName("Main")
                .check(main);
        noClasses()
                .that()
                .resideOutsideOfPackage("io.callpath")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.callpath")
                .check(main);
    }

    @Test
    void flowKnowsOnlyTheTimelineTheConfigAndTheSharedHelpers() {
        classes()
                .that()
                .resideInAPackage("io.callpath.flow..")
                // logs and threads: the shared helpers any package may use (log text, daemon threads, back-offs)
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "io.callpath.flow..",
                        "io.callpath.events..",
                        "io.callpath.config..",
                        "io.callpath.logs..",
                        "io.callpath.threads..",
                        "java.lang..",
                        "java.util..",
                        "java.time..",
                        "java.io..",
                        "java.nio.charset..",
                        "org.slf4j..")
                .check(main);
    }

    @Test
    void flowOpensNoSocketAndRunsNoSql() {
        noClasses()
                .that()
                .resideInAPackage("io.callpath.flow..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.net..",
                        "java.sql..",
                        "javax.sql..",
                        "java.nio.channels..",
                        "io.callpath.store..",
                        "io.callpath.agi..",
                        "io.callpath.ami..",
                        "io.callpath.http..")
                .check(main);
    }

    @Test
    void theTimelineTheConfigAndTheLogsKnowNoOtherPartOfCallpath() {
        noClasses()
                .that()
                .resideInAnyPackage("io.callpath.events..", "io.callpath.config..", "io.callpath.logs..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.callpath.flow..",
                        "io.callpath.agi..",
                        "io.callpath.store..",
                        "io.callpath.ami..",
                        "io.callpath.http..",
                        "io.callpath.desk..",
                        "io.callpath.sim..",
                        "io.callpath.tune..",
                        "io.callpath.report..",
                        "io.callpath.cli..",
                        "io.callpath.app..")
                .check(main);
    }

    @Test
    void onlyTheCommandsAndTheSimulatorStartCallpath() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.callpath.app..", "io.callpath.cli..", "io.callpath.sim..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.callpath.app..")
                .check(main);
    }
}
