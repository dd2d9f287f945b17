package io.kept.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.kept.testkit.fixture.domain.SpeaksQuarkus;
import org.junit.jupiter.api.Test;

class DomainKernelTest {

    @Test
    void aDomainClassThatDependsOnQuarkusIsNamed() {
        assertThatThrownBy(() -> DomainKernel.PLAIN_JAVA.check(new ClassFileImporter().importClasses(SpeaksQuarkus.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("SpeaksQuarkus")
                .hasMessageContaining("QuarkusTestResourceLifecycleManager");
    }
}
