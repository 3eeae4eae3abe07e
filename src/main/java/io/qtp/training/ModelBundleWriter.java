package io.qtp.training;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPOutputStream;

import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.qtp.classify.trained.ModelBundle;
import io.qtp.classify.trained.ModelMetadata;

/**
 * Writes model directories that {@link ModelBundle#load} reads: the trainer's side of the bundle format (the
 * reading and verifying side is {@link ModelBundle}, which the service uses).
 */
public final class ModelBundleWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelBundleWriter() {
    }

    /**
     * Writes a model directory: the model file (Tribuo protobuf) named by {@code metadata.modelFile()}, then
     * {@value ModelBundle#METADATA_FILE} with {@code modelSha256} set to the checksum of the bytes written. Each file is
     * written to a temporary name and moved into place, metadata last, so that a watcher never reads a
     * half-written file (it may briefly see the new model with the old metadata, which fails the checksum and is
     * refused until the metadata follows).
     *
     * @return the metadata as written
     */
    public static ModelMetadata write(Path dir, Model<Label> model, ModelMetadata metadata) throws IOException {
        return write(dir, serialise(model), metadata);
    }

    /**
     * Writes a model directory from the model file's bytes as {@link #serialise} made them (Tribuo serialises a
     * large feature map slowly; the trainer serialises each candidate once, to measure its size, and reuses the
     * bytes).
     *
     * @return the metadata as written
     */
    public static ModelMetadata write(Path dir, byte[] bytes, ModelMetadata metadata) throws IOException {
        Files.createDirectories(dir);
        ModelMetadata written = metadata.withModelSha256(ModelBundle.sha256(bytes));
        replace(dir, written.modelFile(), bytes);
        replace(dir, ModelBundle.METADATA_FILE, metadataJson(written));
        return written;
    }

    /**
     * The model file's bytes: Tribuo protobuf ({@code Model.serialize()}) with the training instant of its
     * provenance fixed ({@link ReproducibleProto}), gzipped (Java's gzip header carries no time stamp). The same
     * data, seed, Tribuo and JVM therefore give the same bytes.
     */
    public static byte[] serialise(Model<Label> model) throws IOException {
        ModelProto proto = ReproducibleProto.withFixedTrainingTime(model.serialize());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer, 64 * 1024)) {
            proto.writeTo(gzip);
        }
        return buffer.toByteArray();
    }

    /** The metadata as the writer formats it (pretty-printed JSON, keys in declaration order, final newline). */
    public static byte[] metadataJson(ModelMetadata metadata) throws JsonProcessingException {
        String text = JSON.writeValueAsString(metadata) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void replace(Path dir, String name, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
        try {
            Files.write(tmp, bytes);
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // temp files are owner-only; a model directory is read by the service, maybe as another user
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
