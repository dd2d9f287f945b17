package io.kept.recovery;

import io.kept.testkit.KafkaClients;
import org.junit.jupiter.api.Test;

/** Every Kafka client this service builds by hand, its own and eventstore's, connects through KafkaConnection. */
class KafkaClientsTest {

    @Test
    void everyHandBuiltKafkaClientConnectsThroughKafkaConnection() {
        KafkaClients.check("io.kept.recovery");
    }
}
