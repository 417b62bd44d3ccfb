package com.rateplatform.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package map of docs/Architecture-And-Flow.md, checked on the compiled main classes: no two packages import each
 * other, even through others; {@code app} wires everything and nothing imports it; the packages everything builds on
 * import no capability above them; and the shared vocabulary ({@code contract}, {@code config}, {@code metrics})
 * imports nothing of ours at all, so any package may use it without making a cycle.
 */
@AnalyzeClasses(packages = "com.rateplatform.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageDependenciesTest {

    private static final String OURS = "com.rateplatform.gateway..";

    /** The capabilities and the wiring: what the foundation packages must not import. */
    private static final String[] HIGHER = {
            "com.rateplatform.gateway", // RateGatewayApplication, the entry point
            "com.rateplatform.gateway.app..", "com.rateplatform.gateway.api..", "com.rateplatform.gateway.security..",
            "com.rateplatform.gateway.delivery..", "com.rateplatform.gateway.importer..", "com.rateplatform.gateway.push..",
            "com.rateplatform.gateway.monitoring..", "com.rateplatform.gateway.ops..", "com.rateplatform.gateway.deadletter..",
            "com.rateplatform.gateway.recovery..", "com.rateplatform.gateway.reliability.."};

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("com.rateplatform.gateway.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyTheEntryPointImportsTheWiring = noClasses()
            .that(not(resideInAnyPackage("com.rateplatform.gateway", "com.rateplatform.gateway.app..")))
            .should().dependOnClassesThat().resideInAPackage("com.rateplatform.gateway.app..");

    @ArchTest
    static final ArchRule foundationImportsNoCapability = noClasses()
            .that().resideInAnyPackage("com.rateplatform.gateway.stream..", "com.rateplatform.gateway.validation..",
                    "com.rateplatform.gateway.persistence..", "com.rateplatform.gateway.message..",
                    "com.rateplatform.gateway.crypto..", "com.rateplatform.gateway.archive..")
            .should().dependOnClassesThat().resideInAnyPackage(HIGHER);

    @ArchTest
    static final ArchRule contractImportsNothingOfOurs = dependsOnNothingOfOurs("com.rateplatform.gateway.contract..");

    @ArchTest
    static final ArchRule configImportsNothingOfOurs = dependsOnNothingOfOurs("com.rateplatform.gateway.config..");

    @ArchTest
    static final ArchRule metricsImportsNothingOfOurs = dependsOnNothingOfOurs("com.rateplatform.gateway.metrics..");

    private static ArchRule dependsOnNothingOfOurs(String packages) {
        return classes().that().resideInAPackage(packages)
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(OURS).or(resideInAPackage(packages)));
    }
}
