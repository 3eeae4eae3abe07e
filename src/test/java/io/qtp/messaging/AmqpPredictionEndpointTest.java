package io.qtp.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.GetResponse;

import io.qtp.support.Ready;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Request/reply through the real RabbitMQ broker: answers matched by correlation id, bad messages dead-lettered. */
@QuarkusTest
@TestProfile(AmqpProfile.class)
class AmqpPredictionEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Connection connection;
    private static Channel channel;

    @BeforeAll
    static void connect() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(AmqpProfile.URL);
        connection = f.newConnection("amqp-endpoint-test");
        channel = connection.createChannel();
        channel.queuePurge(AmqpPredictionEndpoint.deadLetterQueue(AmqpProfile.QUEUE));
    }

    @AfterAll
    static void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }

    static void send(String replyTo, String correlationId, String body) throws Exception {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().replyTo(replyTo).correlationId(correlationId)
                .contentType("application/json").build();
        channel.basicPublish("", AmqpProfile.QUEUE, props, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answersAThousandRequestsMatchedByCorrelationId() throws Exception {
        Ready.awaitModel();
        String replyQueue = channel.queueDeclare().getQueue();
        int n = 1000;
        Map<String, JsonNode> replies = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(n);
        DeliverCallback onReply = (tag, delivery) -> {
            replies.put(delivery.getProperties().getCorrelationId(), JSON.readTree(delivery.getBody()));
            done.countDown();
        };
        channel.basicConsume(replyQueue, true, onReply, tag -> { });
        for (int i = 0; i < n; i++) {
            String query = i % 2 == 0 ? "redis cluster failover " + i : "How do I reset my password number " + i;
            send(replyQueue, "corr-" + i, JSON.writeValueAsString(Map.of("query", query, "userId", "u" + i)));
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).as("all replies within 60 s, got %d", replies.size()).isTrue();
        assertThat(replies).hasSize(n);
        for (int i = 0; i < n; i++) {
            JsonNode r = replies.get("corr-" + i);
            String expected = i % 2 == 0 ? "redis cluster failover " + i : "How do I reset my password number " + i;
            assertThat(r.get("query").asText()).isEqualTo(expected);
            assertThat(r.get("predictedType").asText()).isIn("keyword", "semantic", "hybrid");
        }
        assertThat(replies.get("corr-1").get("predictedType").asText()).isEqualTo("semantic");
        // every answer carries its own queryId (issue 17), a UUID, the one feedback would name
        assertThat(replies.values().stream().map(r -> java.util.UUID.fromString(r.get("queryId").asText())).distinct())
                .hasSize(n);
    }

    @Test
    void answersThroughTheSameCacheAsHttp() throws Exception {
        Ready.awaitModel();
        String replyQueue = channel.queueDeclare().getQueue();
        given().contentType("application/json").body("{\"query\": \"amqp cache probe after http\"}")
                .post("/api/predict-query-type").then().statusCode(200);
        send(replyQueue, "after-http", "{\"query\": \"amqp cache probe after http\"}");
        JsonNode afterHttp = JSON.readTree(poll(replyQueue).getBody());
        assertThat(afterHttp.get("fromCache").asBoolean()).as("HTTP cached it").isTrue();
        assertThat(afterHttp.get("degraded").asBoolean()).isFalse();

        send(replyQueue, "first", "{\"query\": \"amqp cache probe only over amqp\"}");
        assertThat(JSON.readTree(poll(replyQueue).getBody()).get("fromCache").asBoolean()).isFalse();
        send(replyQueue, "again", "{\"query\": \"amqp cache probe only over amqp\"}");
        assertThat(JSON.readTree(poll(replyQueue).getBody()).get("fromCache").asBoolean()).isTrue();
    }

    @Test
    void anInvalidQueryIsAnsweredWithTheErrorEnvelope() throws Exception {
        String replyQueue = channel.queueDeclare().getQueue();
        send(replyQueue, "bad-query", "{\"query\": \"   \"}");
        GetResponse r = poll(replyQueue);
        assertThat(r.getProps().getCorrelationId()).isEqualTo("bad-query");
        JsonNode body = JSON.readTree(r.getBody());
        assertThat(body.at("/error/type").asText()).isEqualTo("ValidationError");
        assertThat(body.at("/error/code").asInt()).isEqualTo(400);
    }

    @Test
    void malformedMessagesAreDeadLetteredNotRedelivered() throws Exception {
        String replyQueue = channel.queueDeclare().getQueue();
        send(replyQueue, "not-json", "this is not json {");
        channel.basicPublish("", AmqpProfile.QUEUE, new AMQP.BasicProperties.Builder().correlationId("no-reply").build(),
                "{\"query\": \"redis\"}".getBytes(StandardCharsets.UTF_8));
        String dlq = AmqpPredictionEndpoint.deadLetterQueue(AmqpProfile.QUEUE);
        GetResponse first = poll(dlq);
        GetResponse second = poll(dlq);
        assertThat(java.util.List.of(first.getProps().getCorrelationId(), second.getProps().getCorrelationId()))
                .containsExactlyInAnyOrder("not-json", "no-reply");
        assertThat(channel.basicGet(replyQueue, true)).as("no reply for a dead-lettered message").isNull();
    }

    @Test
    void healthDetailsChecksTheBroker() {
        var r = given().get("/health/details");
        assertThat(r.jsonPath().getBoolean("components.broker.ok")).isTrue();
        assertThat(r.jsonPath().getInt("components.broker.detail.consumers")).isPositive();
        assertThat(r.jsonPath().getDouble("components.broker.latencyMs")).isNotNegative();
    }

    static GetResponse poll(String queue) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            GetResponse r = channel.basicGet(queue, true);
            if (r != null) {
                return r;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("nothing arrived on " + queue + " within 10 s");
    }
}
