package io.kept.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Every Kafka client Kept builds by hand connects one way: through {@code io.kept.eventstore.KafkaConnection}, which
 * gives it the brokers' address, TLS and SASL settings as SmallRye's channels have them. A client built anywhere else
 * talks plaintext to a SCRAM-SHA-512 TLS listener (the readiness check's admin client did: no pod ever Ready).
 */
public final class KafkaClients {

    /** No class but KafkaConnection builds a producer, a consumer or an admin client. */
    public static final ArchRule ONLY_THROUGH_KAFKA_CONNECTION = noClasses()
            .that().doNotHaveFullyQualifiedName("io.kept.eventstore.KafkaConnection")
            .should().callConstructorWhere(DescribedPredicate.describe("a KafkaProducer or KafkaConsumer constructor",
                    call -> call.getTarget().getOwner().isAssignableTo(KafkaProducer.class)
                            || call.getTarget().getOwner().isAssignableTo(KafkaConsumer.class)))
            .orShould().callMethodWhere(DescribedPredicate.describe("Admin.create or AdminClient.create",
                    call -> (call.getTarget().getOwner().isEquivalentTo(Admin.class)
                            || call.getTarget().getOwner().isEquivalentTo(AdminClient.class))
                            && call.getTarget().getName().equals("create")))
            .because("KafkaConnection gives every client the brokers' TLS and SASL settings");

    private KafkaClients() {
    }

    /**
     * Fails, naming each client built elsewhere, when a main class of eventstore or under {@code servicePackage}
     * breaks the rule.
     */
    public static void check(String servicePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kept.eventstore", servicePackage);
        ONLY_THROUGH_KAFKA_CONNECTION.check(classes);
    }
}
