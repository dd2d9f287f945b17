package io.kept.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.kept.testkit.fixture.HandBuiltAdmin;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    @Test
    void aClientBuiltOutsideKafkaConnectionIsNamed() {
        assertThatThrownBy(() -> KafkaClients.ONLY_THROUGH_KAFKA_CONNECTION
                .check(new ClassFileImporter().importClasses(HandBuiltAdmin.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("HandBuiltAdmin")
                .hasMessageContaining("Admin.create");
    }
}
