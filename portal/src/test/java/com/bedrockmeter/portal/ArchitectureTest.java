package com.bedrockmeter.portal;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * The portal's layers: views reach data only through the portal's own services, which check who is asking
 * ({@code @PreAuthorize}); every view says who may open it; the features' packages form no cycle (the frame,
 * {@code shell}, sits above them); and the portal builds on the data model alone, never on the proxy's runtime, the
 * Bedrock SDK or a development tool.
 */
class ArchitectureTest {

    private static JavaClasses portal;

    @BeforeAll
    static void importClasses() {
        portal = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.bedrockmeter.portal");
    }

    @Test
    void views_shouldNotCallTheDataModelsServicesOrRepositories_whenAPortalServiceChecksAccess() {
        // onboarding binds the signed-in person's own subject, which no portal service could check better
        noClasses().that().resideInAPackage("com.bedrockmeter.portal..ui..")
                .and().doNotHaveSimpleName("OnboardingView")
                .should().dependOnClassesThat(resideInAPackage("com.bedrockmeter.model..").and(or(
                        simpleNameEndingWith("Service"), simpleNameEndingWith("Repository"), simpleName("AuditLog"),
                        simpleName("UsageMeter"))))
                .check(portal);
    }

    @Test
    void packages_shouldBeFreeOfCycles() {
        slices().matching("com.bedrockmeter.portal.(**)").should().beFreeOfCycles().check(portal);
    }

    @Test
    void portal_shouldDependOnTheDataModelOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.bedrockmeter.proxy..",
                        "com.bedrockmeter.cli..", "com.bedrockmeter.local..", "com.bedrockmeter.devtools..",
                        "software.amazon.awssdk.services.bedrockruntime..", "no.nav.security..")
                .check(portal);
    }

    @Test
    void portalServices_shouldCheckTheCaller() {
        classes().that().areAnnotatedWith(Service.class).should().beAnnotatedWith(PreAuthorize.class).check(portal);
    }

    @Test
    void views_shouldSayWhoMayOpenThem() {
        classes().that().areAnnotatedWith(Route.class).should().beAnnotatedWith(RolesAllowed.class)
                .orShould().beAnnotatedWith(PermitAll.class).orShould().beAnnotatedWith(AnonymousAllowed.class)
                .check(portal);
    }
}
