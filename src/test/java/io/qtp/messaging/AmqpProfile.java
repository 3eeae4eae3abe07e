package io.qtp.messaging;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The RabbitMQ endpoint on, against the broker this machine runs (scripts/services/rabbitmq.sh). */
public class AmqpProfile implements QuarkusTestProfile {

    static final String URL = "amqp://guest:guest@127.0.0.1:5672";
    static final String QUEUE = "query_type_prediction_it";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("qtp.amqp.url", URL, "qtp.amqp.queue", QUEUE, "qtp.amqp.prefetch", "16");
    }
}
