package com.bedrockmeter.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stand-ins (simulator, dynalite, OIDC provider) know nothing of the product: they play AWS's part from the
 * outside, so that the code they stand in front of talks to them exactly as it would to AWS.
 */
class LocalArchitectureTest {

    private static JavaClasses local;

    @BeforeAll
    static void importClasses() {
        local = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.bedrockmeter.local");
    }

    @Test
    void packages_shouldBeFreeOfCycles() {
        slices().matching("com.bedrockmeter.local.(*)..").should().beFreeOfCycles().check(local);
    }

    @Test
    void standIns_shouldNotDependOnTheProduct() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.bedrockmeter.model..",
                        "com.bedrockmeter.proxy..", "com.bedrockmeter.cli..", "com.bedrockmeter.portal..",
                        "com.bedrockmeter.devtools..")
                .check(local);
    }
}
