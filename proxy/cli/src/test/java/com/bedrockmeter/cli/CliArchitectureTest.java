package com.bedrockmeter.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin CLI works on the data model alone: not on the request path, the portal or any development tool. */
class CliArchitectureTest {

    private static JavaClasses cli;

    @BeforeAll
    static void importClasses() {
        cli = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.bedrockmeter.cli");
    }

    @Test
    void packages_shouldBeFreeOfCycles() {
        slices().matching("com.bedrockmeter.cli.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(cli);
    }

    @Test
    void cli_shouldDependOnTheDataModelOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.bedrockmeter.proxy..",
                        "com.bedrockmeter.portal..", "com.bedrockmeter.local..", "com.bedrockmeter.devtools..",
                        "org.springframework.web..", "org.springframework.context..")
                .check(cli);
    }
}
