package io.qtp.training;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.tribuo.classification.sgd.protos.TribuoClassificationSgd;
import org.tribuo.common.liblinear.protos.TribuoLiblinear;
import org.tribuo.common.tree.protos.TribuoTree;
import org.tribuo.common.xgboost.protos.TribuoXgboost;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.TribuoCore;
import org.tribuo.protos.core.TribuoCoreImpl;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.oracle.labs.mlrg.olcut.config.protobuf.protos.SimpleProvenanceProto;

/**
 * Makes a Tribuo model's protobuf independent of the wall clock, so that the same data and seed give a
 * byte-identical model file (and so the same {@code modelSha256}).
 *
 * <p>Tribuo records in every model's provenance the instant it was trained ({@code trained-at}, a
 * {@code DateTimeProvenance}); everything else in the file follows from the data, the seed, the trainer's
 * parameters, the Tribuo version and the JVM/OS names. This class walks the protobuf generically (through the
 * {@code Any}-packed model payloads of the Tribuo modules this project uses, e.g. the inner model of a
 * {@code TransformedModel}) and sets every {@code trained-at} to {@value #FIXED_TIME}. The real training
 * time is kept in {@code metadata.json} ({@code createdAt}). Payloads of an unknown type are left as they are: the
 * file is still valid, only its bytes may then vary between runs.
 */
final class ReproducibleProto {

    /** Tribuo's provenance key of the training instant ({@code ModelProvenance.TRAINING_TIME}). */
    static final String TRAINING_TIME_KEY = "trained-at";
    /** The instant written instead (ISO-8601, as Tribuo's {@code DateTimeProvenance} parses it). */
    static final String FIXED_TIME = "1970-01-01T00:00Z";

    /**
     * The payload types of the models this project trains (their files' dependencies come along): core
     * (TransformedModel), classification SGD (linear), LIBLINEAR, XGBoost, trees.
     */
    private static final TypeRegistry TYPES = TypeRegistry.newBuilder()
            .add(TribuoCore.getDescriptor().getMessageTypes())
            .add(TribuoCoreImpl.getDescriptor().getMessageTypes())
            .add(TribuoClassificationSgd.getDescriptor().getMessageTypes())
            .add(TribuoLiblinear.getDescriptor().getMessageTypes())
            .add(TribuoXgboost.getDescriptor().getMessageTypes())
            .add(TribuoTree.getDescriptor().getMessageTypes())
            .build();

    /** Per message type: whether a provenance entry can occur below it (memoised; the schema is fixed). */
    private static final Map<Descriptor, Boolean> MAY_HOLD_PROVENANCE = new ConcurrentHashMap<>();

    private static final String ANY = Any.getDescriptor().getFullName();
    private static final String SIMPLE_PROVENANCE = SimpleProvenanceProto.getDescriptor().getFullName();

    private ReproducibleProto() {
    }

    /** The model with every training instant of its provenance (nested models included) fixed. */
    static ModelProto withFixedTrainingTime(ModelProto proto) {
        return (ModelProto) walk(proto);
    }

    /** Returns the same instance when nothing below {@code m} changed. */
    private static Message walk(Message m) {
        Descriptor type = m.getDescriptorForType();
        if (type.getFullName().equals(ANY)) {
            return walkAny(m);
        }
        if (type.getFullName().equals(SIMPLE_PROVENANCE)) {
            return fixTime(m);
        }
        Message.Builder builder = null;
        for (FieldDescriptor f : type.getFields()) {
            if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || !mayHoldProvenance(f.getMessageType())) {
                continue;
            }
            if (f.isRepeated()) {
                for (int i = 0, n = m.getRepeatedFieldCount(f); i < n; i++) {
                    Message child = (Message) m.getRepeatedField(f, i);
                    Message walked = walk(child);
                    if (walked != child) {
                        builder = builder == null ? m.toBuilder() : builder;
                        builder.setRepeatedField(f, i, walked);
                    }
                }
            } else if (m.hasField(f)) {
                Message child = (Message) m.getField(f);
                Message walked = walk(child);
                if (walked != child) {
                    builder = builder == null ? m.toBuilder() : builder;
                    builder.setField(f, walked);
                }
            }
        }
        return builder == null ? m : builder.build();
    }

    /**
     * An {@code Any} (generated or dynamic): its payload is parsed and walked only when its type is known and can
     * hold provenance (a model payload, not one of the thousands of feature infos of a feature map).
     */
    private static Message walkAny(Message m) {
        Descriptor anyType = m.getDescriptorForType();
        FieldDescriptor urlField = anyType.findFieldByName("type_url");
        FieldDescriptor valueField = anyType.findFieldByName("value");
        try {
            Descriptor payloadType = TYPES.getDescriptorForTypeUrl((String) m.getField(urlField));
            if (payloadType == null || !mayHoldProvenance(payloadType)) {
                return m;
            }
            DynamicMessage payload = DynamicMessage.parseFrom(payloadType, (ByteString) m.getField(valueField));
            Message walked = walk(payload);
            return walked == payload ? m : m.toBuilder().setField(valueField, walked.toByteString()).build();
        } catch (InvalidProtocolBufferException e) {
            return m; // a payload we cannot read is left untouched; Tribuo itself will judge it on load
        }
    }

    /**
     * True when the provenance entry or an Any (whose payload decides at run time) is reachable from the type
     * through message fields: a plain search over the schema, memoised per type.
     */
    private static boolean mayHoldProvenance(Descriptor type) {
        return MAY_HOLD_PROVENANCE.computeIfAbsent(type, ReproducibleProto::reachesProvenance);
    }

    private static boolean reachesProvenance(Descriptor start) {
        Deque<Descriptor> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.push(start);
        while (!todo.isEmpty()) {
            Descriptor d = todo.pop();
            if (!seen.add(d.getFullName())) {
                continue;
            }
            if (d.getFullName().equals(ANY) || d.getFullName().equals(SIMPLE_PROVENANCE)) {
                return true;
            }
            for (FieldDescriptor f : d.getFields()) {
                if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    todo.push(f.getMessageType());
                }
            }
        }
        return false;
    }

    private static Message fixTime(Message m) {
        FieldDescriptor key = m.getDescriptorForType().findFieldByName("key");
        FieldDescriptor value = m.getDescriptorForType().findFieldByName("value");
        if (key == null || value == null || !TRAINING_TIME_KEY.equals(m.getField(key))
                || FIXED_TIME.equals(m.getField(value))) {
            return m;
        }
        return m.toBuilder().setField(value, FIXED_TIME).build();
    }
}
