package com.bedrockmeter.devtools;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The development tools run the product's artifacts from outside; the portal only as a child process. */
class DevtoolsArchitectureTest {

    private static JavaClasses devtools;

    @BeforeAll
    static void importClasses() {
        devtools = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.bedrockmeter.devtools");
    }

    @Test
    void packages_shouldBeFreeOfCycles() {
        slices().matching("com.bedrockmeter.devtools.(*)..").should().beFreeOfCycles().allowEmptyShould(true)
                .check(devtools);
    }

    @Test
    void tools_shouldNotReachIntoThePortal() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.bedrockmeter.portal..").check(devtools);
    }
}
