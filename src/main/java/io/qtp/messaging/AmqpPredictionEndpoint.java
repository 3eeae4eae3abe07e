package io.qtp.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import io.qtp.http.ApiException;
import io.qtp.api.PredictRequest;
import io.qtp.api.PredictionResponse;
import io.qtp.http.QueryInput;
import io.qtp.config.AppConfig;
import io.qtp.healthcheck.ComponentStatus;
import io.qtp.healthcheck.DependencyCheck;
import io.qtp.prediction.PredictionService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * RabbitMQ request/reply (README.md "RabbitMQ request/reply"), on when {@code AMQP_URL} is set: requests {@code {"query": "...",
 * "userId"?: "..."}} arrive on the durable queue {@code query_type_prediction}; the answer (the HTTP API's
 * response body, or its error envelope for an invalid query) is published to the request's {@code replyTo}
 * with its {@code correlationId}. A message that cannot be handled at all (not JSON, no {@code replyTo}) is
 * rejected without requeue and lands in the dead-letter queue {@code query_type_prediction.dlq}; nothing is
 * redelivered forever. At most {@code prefetch} messages are unacknowledged per consumer.
 *
 * <p>Uses the RabbitMQ Java client directly: request/reply with per-message {@code replyTo} is its own
 * pattern, and the client's automatic recovery reconnects after a broker restart.
 */
@Singleton
public class AmqpPredictionEndpoint implements DependencyCheck {

    /** Longest wait for one prediction (a Redis look-up is bounded well below it). */
    static final java.time.Duration ANSWER_TIMEOUT = java.time.Duration.ofSeconds(5);
    public static final String DEAD_LETTER_EXCHANGE = "query_type_prediction.dlx";
    private static final Logger LOG = Logger.getLogger(AmqpPredictionEndpoint.class);
    /** The HTTP routes' JSON rules (unknown fields, trailing content, duplicate fields refused). */
    private static final ObjectMapper JSON = io.qtp.http.StrictJson.configure(new ObjectMapper());

    private final AppConfig.Amqp config;
    private final PredictionService predictions;
    private ExecutorService workers;
    private volatile Connection connection;
    private volatile String startError;

    public AmqpPredictionEndpoint(AppConfig config, PredictionService predictions) {
        this.config = config.amqp();
        this.predictions = predictions;
    }

    /** The dead-letter queue of {@code queue}. */
    public static String deadLetterQueue(String queue) {
        return queue + ".dlq";
    }

    void start(@Observes StartupEvent event) {
        if (config.url().isEmpty()) {
            return;
        }
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(config.url().get());
            factory.setAutomaticRecoveryEnabled(true);
            factory.setConnectionTimeout(5_000);
            workers = Executors.newVirtualThreadPerTaskExecutor();
            connection = factory.newConnection(workers, "query-type-predictor");
            Channel channel = connection.createChannel();
            declare(channel, config.queue());
            channel.basicQos(config.prefetch());
            channel.basicConsume(config.queue(), false, new Handler(channel));
            LOG.infof("Answering prediction requests from RabbitMQ queue %s", config.queue());
        } catch (Exception e) {
            startError = e.toString();
            LOG.errorf("RabbitMQ endpoint not started (%s); HTTP predictions are unaffected", e);
        }
    }

    /** The durable request queue, dead-lettered to its own durable DLQ. Idempotent. */
    static void declare(Channel channel, String queue) throws IOException {
        channel.exchangeDeclare(DEAD_LETTER_EXCHANGE, "direct", true);
        channel.queueDeclare(deadLetterQueue(queue), true, false, false, null);
        channel.queueBind(deadLetterQueue(queue), DEAD_LETTER_EXCHANGE, queue);
        channel.queueDeclare(queue, true, false, false, Map.of("x-dead-letter-exchange", DEAD_LETTER_EXCHANGE,
                "x-dead-letter-routing-key", queue));
    }

    void stop(@Observes ShutdownEvent event) {
        try {
            if (connection != null) {
                connection.close(2_000);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("closing the RabbitMQ connection: %s", e);
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private final class Handler extends DefaultConsumer {

        Handler(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                throws IOException {
            Channel channel = getChannel();
            String replyTo = props.getReplyTo();
            PredictRequest request;
            try {
                io.qtp.http.StrictUtf8Body.checkUtf8(body);
                request = JSON.readValue(body, PredictRequest.class);
            } catch (IOException | RuntimeException e) {
                reject(channel, envelope, "not a JSON prediction request: " + e.getClass().getSimpleName());
                return;
            }
            if (replyTo == null || replyTo.isBlank() || request == null) {
                reject(channel, envelope, "no replyTo to answer to");
                return;
            }
            Object answer;
            try {
                String query = QueryInput.cleanQuery(request.query(), "query");
                // the HTTP route's path: the cache, or degraded mode under memory pressure or a backlog. This is a
                // worker thread of the endpoint, so waiting is allowed; a Redis look-up is bounded by its own timeout.
                answer = PredictionResponse.from(predictions.serve(query, QueryInput.cleanUserId(request.userId()))
                        .await().atMost(ANSWER_TIMEOUT));
            } catch (ApiException e) {
                answer = e.toResponse();
            } catch (RuntimeException e) {
                LOG.errorf(e, "prediction for an AMQP request failed");
                reject(channel, envelope, "prediction failed: " + e);
                return;
            }
            AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder()
                    .correlationId(props.getCorrelationId()).contentType("application/json")
                    .contentEncoding(StandardCharsets.UTF_8.name()).build();
            channel.basicPublish("", replyTo, reply, JSON.writeValueAsBytes(answer));
            channel.basicAck(envelope.getDeliveryTag(), false);
        }

        private void reject(Channel channel, Envelope envelope, String why) throws IOException {
            LOG.warnf("Dead-lettering AMQP message %d: %s", envelope.getDeliveryTag(), why);
            channel.basicReject(envelope.getDeliveryTag(), false);
        }
    }

    // ------------------------------------------------------------------ health

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public ComponentStatus check() {
        if (config.url().isEmpty()) {
            return ComponentStatus.notConfigured("AMQP_URL is not set; no RabbitMQ endpoint");
        }
        long start = System.nanoTime();
        Connection c = connection;
        double ms = (System.nanoTime() - start) / 1e6;
        if (c == null) {
            return ComponentStatus.failed(startError == null ? "not connected" : startError, ms);
        }
        if (!c.isOpen()) {
            return ComponentStatus.failed("connection closed: " + c.getCloseReason(), ms);
        }
        try (Channel probe = c.createChannel()) {
            long consumers = probe.consumerCount(config.queue());
            return ComponentStatus.ok((System.nanoTime() - start) / 1e6, Map.of("queue", config.queue(),
                    "consumers", consumers));
        } catch (Exception e) {
            return ComponentStatus.failed(e.toString(), (System.nanoTime() - start) / 1e6);
        }
    }
}
