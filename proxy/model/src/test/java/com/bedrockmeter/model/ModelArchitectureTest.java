package com.bedrockmeter.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The data model is the library both sides use: no cycles, and nothing of the web, Vaadin, Bedrock or the apps. */
class ModelArchitectureTest {

    private static JavaClasses model;

    @BeforeAll
    static void importClasses() {
        model = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.bedrockmeter.model");
    }

    @Test
    void packages_shouldBeFreeOfCycles() {
        slices().matching("com.bedrockmeter.model.(*)..").should().beFreeOfCycles().check(model);
    }

    @Test
    void model_shouldNotDependOnAWebFrameworkVaadinBedrockOrTheApplications() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                        "org.springframework.http..", "jakarta.servlet..", "com.vaadin..",
                        "software.amazon.awssdk.services.bedrockruntime..", "com.bedrockmeter.proxy..",
                        "com.bedrockmeter.portal..", "com.bedrockmeter.cli..", "com.bedrockmeter.local..",
                        "com.bedrockmeter.devtools..")
                .check(model);
    }
}
