package io.qtp.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import io.qtp.support.Ready;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The RabbitMQ endpoint degrades like the HTTP routes: with a heap threshold of 0 % after GC (always exceeded) its
 * answers are flagged {@code degraded} and come from the in-process cache or the rules, never an error.
 */
@QuarkusTest
@TestProfile(AmqpDegradationTest.Profile.class)
class AmqpDegradationTest {

    static final String QUEUE = "query_type_prediction_degraded_it";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>(new AmqpProfile().getConfigOverrides());
            m.put("qtp.amqp.queue", QUEUE);
            m.put("qtp.degradation.heap-percent", "0");
            return m;
        }
    }

    @Test
    void answersDegradedUnderMemoryPressure() throws Exception {
        Ready.awaitModel();
        System.gc(); // a collection, so that every heap pool has an after-GC usage to compare
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(AmqpProfile.URL);
        try (Connection connection = f.newConnection("amqp-degradation-test"); Channel channel = connection.createChannel()) {
            String replyQueue = channel.queueDeclare().getQueue();
            JsonNode answer = null;
            for (int i = 0; i < 50; i++) { // the memory sampler's first pass comes within 250 ms
                channel.basicPublish("", QUEUE, new AMQP.BasicProperties.Builder().replyTo(replyQueue).correlationId("d" + i)
                        .contentType("application/json").build(), "{\"query\": \"degraded over amqp\"}".getBytes(StandardCharsets.UTF_8));
                GetResponse r = null;
                for (int w = 0; w < 500 && r == null; w++) {
                    r = channel.basicGet(replyQueue, true);
                    if (r == null) {
                        Thread.sleep(20);
                    }
                }
                assertThat(r).as("an answer within 10 s").isNotNull();
                answer = JSON.readTree(r.getBody());
                if (answer.get("degraded").asBoolean()) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(answer.get("degraded").asBoolean()).isTrue();
            assertThat(answer.get("predictedType").asText()).isIn("keyword", "semantic", "hybrid");
            assertThat(answer.get("fromCache").asBoolean() || answer.get("fallback").asBoolean()).isTrue();
        }
    }
}
