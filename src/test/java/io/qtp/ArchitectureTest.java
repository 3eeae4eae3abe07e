package io.qtp;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package rules of docs/ARCHITECTURE.md, checked on the compiled main classes: no package imports another
 * that (directly or through others) imports it back, and the core packages (query analysis, classifiers, reading
 * and verifying a model bundle) use no framework.
 */
class ArchitectureTest {

    /** The framework-free core: usable as a plain library. */
    static final String[] CORE = {"io.qtp.analysis..", "io.qtp.classify.."};

    static final String[] FRAMEWORKS = {"io.quarkus..", "jakarta..", "javax.inject..", "javax.ws..", "io.vertx..",
            "io.smallrye..", "org.eclipse.microprofile..", "org.jboss.."};

    private static JavaClasses qtp;

    @BeforeAll
    static void importClasses() {
        qtp = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.qtp");
    }

    @Test
    void noCycleBetweenTopLevelPackages() {
        slices().matching("io.qtp.(*)..").should().beFreeOfCycles().check(qtp);
    }

    @Test
    void noCycleBetweenAnyPackages() {
        slices().matching("io.qtp.(**)").should().beFreeOfCycles().check(qtp);
    }

    @Test
    void coreUsesNoFramework() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .because("the core is a plain library (docs/ARCHITECTURE.md)")
                .check(qtp);
    }

    /** Reading a model needs no native library: XGBoost models are read only where Tribuo's XGBoost module is. */
    @Test
    void coreNeedsNoNativeLibrary() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.tribuo.common.xgboost..", "ml.dmlc..",
                        "ai.onnxruntime..", "ai.djl..", "org.tensorflow..")
                .check(qtp);
    }

    @Test
    void coreDependsOnNothingOfTheService() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("io.qtp.api..", "io.qtp.http..", "io.qtp.lifecycle..",
                        "io.qtp.prediction..", "io.qtp.cache..", "io.qtp.config..", "io.qtp.health..",
                        "io.qtp.healthcheck..", "io.qtp.observability..", "io.qtp.security..", "io.qtp.store..",
                        "io.qtp.messaging..", "io.qtp.search..", "io.qtp.playground..", "io.qtp.training..",
                        "io.qtp.dataset..")
                .check(qtp);
    }

    @Test
    void sharedTypesSitLow() {
        String[] shared = {"io.qtp.http..", "io.qtp.healthcheck.."};
        classes().that().resideInAnyPackage(shared)
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.qtp..").or(resideInAnyPackage(shared))
                        .or(resideInAnyPackage(CORE)))
                .because("types that several packages share must not pull a feature package in (the core library"
                        + " sits below them: the input rules normalise a query with its QueryText)")
                .check(qtp);
    }
}
