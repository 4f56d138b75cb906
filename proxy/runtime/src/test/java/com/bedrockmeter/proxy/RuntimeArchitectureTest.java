package com.bedrockmeter.proxy;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request path's packages: no cycles (the root package, which wires them, is the one place that sees all),
 * and nothing of the development tools, the CLI, the portal, or the use cases it never runs.
 */
class RuntimeArchitectureTest {

    private static JavaClasses runtime;

    @BeforeAll
    static void importClasses() {
        runtime = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.bedrockmeter.proxy");
    }

    @Test
    void packages_shouldBeFreeOfCycles() {
        slices().matching("com.bedrockmeter.proxy.(*)..").should().beFreeOfCycles().check(runtime);
    }

    @Test
    void requestPath_shouldNotDependOnDevelopmentToolsTheCliOrThePortal() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.bedrockmeter.local..",
                        "com.bedrockmeter.devtools..", "com.bedrockmeter.cli..", "com.bedrockmeter.portal..")
                .check(runtime);
    }

    @Test
    void requestPath_shouldNotUseTheServicesItNeverRuns() {
        noClasses().should().dependOnClassesThat(resideInAPackage("com.bedrockmeter.model..").and(or(
                        simpleNameEndingWith("Service"), simpleName("AuditLog"), simpleName("Services"),
                        simpleName("ServicesConfiguration"))))
                .check(runtime);
    }
}
