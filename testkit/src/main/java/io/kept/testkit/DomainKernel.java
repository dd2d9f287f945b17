package io.kept.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps a service's domain (its aggregates, commands and states, in {@code ..domain..}) plain Java: it decides and
 * folds, and knows nothing of Quarkus, Vert.x, Mutiny, Hibernate, Jakarta REST or CDI, nor of how a refusal becomes an
 * HTTP answer ({@code io.kept.eventstore.error}). It refuses with {@code io.kept.eventstore.domain.DomainException};
 * the REST layer maps that to problem+json.
 */
public final class DomainKernel {

    /** What no domain class may depend on. */
    public static final ArchRule PLAIN_JAVA = noClasses().that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.vertx..", "io.smallrye..",
                    "org.hibernate..", "jakarta.ws.rs..", "jakarta.enterprise..", "jakarta.inject..",
                    "io.kept.eventstore.error..")
            .because("the domain decides and folds in plain Java; only the REST layer speaks HTTP");

    private DomainKernel() {
    }

    /** Fails, naming each offending dependency, when a domain class under {@code basePackage} breaks the rule. */
    public static void check(String basePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        PLAIN_JAVA.check(classes);
    }
}
