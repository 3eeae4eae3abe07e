package io.qtp.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.qtp.config.AppEnvironment;

/** The shipped deployment files and the facts about the application they are checked against. */
final class Deploy {

    static final ObjectMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    private Deploy() {
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("pom.xml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root (pom.xml) not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing " + relative);
        }
        return p;
    }

    static String read(String relative) throws IOException {
        return Files.readString(file(relative));
    }

    static JsonNode yaml(String relative) throws IOException {
        return YAML.readTree(file(relative).toFile());
    }

    /** The HTTP port the application listens on without PORT set (application.properties). */
    static int appPort() {
        return Integer.parseInt(AppEnvironment.defaultOf("PORT"));
    }

    /** The model directory inside the image: the Dockerfile's MODEL_DIR. */
    static String imageModelDir() throws IOException {
        return dockerfileEnv("MODEL_DIR");
    }

    static String dockerfileEnv(String name) throws IOException {
        Matcher m = Pattern.compile("\\b" + name + "=(\"[^\"]*\"|\\S+)").matcher(read("deploy/docker/Dockerfile"));
        if (!m.find()) {
            throw new IllegalStateException("Dockerfile sets no " + name);
        }
        return m.group(1).replace("\"", "");
    }

    /**
     * Every environment name a shipped configuration may set: the names the application reads (derived from the
     * application, see {@link AppEnvironment}), JAVA_OPTS (read by the image's entry point, checked here to be
     * so).
     */
    static Set<String> allowedEnvironment() throws IOException {
        Set<String> names = new TreeSet<>(AppEnvironment.namesRead());
        String dockerfile = read("deploy/docker/Dockerfile");
        if (!dockerfile.contains("exec java $JAVA_OPTS")) {
            throw new IllegalStateException("the image's entry point no longer reads JAVA_OPTS");
        }
        names.add("JAVA_OPTS");
        return names;
    }
}
