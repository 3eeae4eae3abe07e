package io.qtp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * deploy/aws/alb.yaml (CloudFormation, with its short-form tags such as !Ref and !GetAtt) parses, and its load
 * balancer checks the service's /health on the service's port, listens on 80, and every !Ref / !GetAtt names a
 * parameter or resource of the template.
 */
class CloudFormationTemplateTest {

    /**
     * SnakeYAML (through Jackson's YAML module) with a constructor for CloudFormation's short-form intrinsic
     * functions: {@code !Ref X} becomes {@code {Ref: X}}, {@code !GetAtt A.B} becomes {@code {Fn::GetAtt: A.B}},
     * as in the template's long form.
     */
    static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String fn = node.getTag().getValue().substring(1);
                    Object value = switch (node) {
                        case ScalarNode s -> constructScalar(s);
                        case SequenceNode s -> constructSequence(s);
                        case MappingNode m -> constructMapping(m);
                        default -> throw new IllegalArgumentException("unexpected node " + node);
                    };
                    return Map.of(fn.equals("Ref") ? "Ref" : "Fn::" + fn, value);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void albTemplateParsesAndHealthChecksTheServicesHealthRoute() throws Exception {
        Map<String, Object> template;
        try (Reader r = Files.newBufferedReader(Deploy.file("deploy/aws/alb.yaml"))) {
            template = new Yaml(new CloudFormationConstructor()).load(r);
        }
        assertThat(template.get("AWSTemplateFormatVersion")).isEqualTo("2010-09-09");
        Map<String, Object> params = map(template.get("Parameters"));
        Map<String, Object> resources = map(template.get("Resources"));

        Map<String, Object> tg = findOne(resources, "AWS::ElasticLoadBalancingV2::TargetGroup");
        assertThat(tg.get("HealthCheckPath")).isEqualTo("/health");
        assertThat(tg.get("HealthCheckProtocol")).isEqualTo("HTTP");
        assertThat(map(tg.get("Matcher")).get("HttpCode")).isEqualTo("200");
        // the target port is the service's port (a parameter whose default is the app's port)
        String portParam = (String) map(tg.get("Port")).get("Ref");
        assertThat(map(params.get(portParam)).get("Default")).isEqualTo(Deploy.appPort());
        assertThat(tg.get("HealthCheckPort")).isEqualTo("traffic-port");

        Map<String, Object> listener = findOne(resources, "AWS::ElasticLoadBalancingV2::Listener");
        assertThat(listener.get("Port")).isEqualTo(80);
        Map<String, Object> action = map(((List<?>) listener.get("DefaultActions")).get(0));
        assertThat(action.get("Type")).isEqualTo("forward");
        assertThat(resources).containsKey((String) map(action.get("TargetGroupArn")).get("Ref"));
        assertThat(map(findOne(resources, "AWS::ElasticLoadBalancingV2::LoadBalancer")).get("Type"))
                .isEqualTo("application");

        // every reference resolves inside the template
        List<String> refs = new ArrayList<>();
        collectReferences(template.get("Resources"), refs);
        collectReferences(template.get("Outputs"), refs);
        assertThat(refs).isNotEmpty().allSatisfy(name ->
                assertThat(params.containsKey(name) || resources.containsKey(name)).as("reference " + name).isTrue());
    }

    private static Map<String, Object> findOne(Map<String, Object> resources, String type) {
        List<Map<String, Object>> found = resources.values().stream().map(CloudFormationTemplateTest::map)
                .filter(r -> type.equals(r.get("Type"))).map(r -> map(r.get("Properties"))).toList();
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }

    private static void collectReferences(Object o, List<String> refs) {
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("Ref".equals(k)) {
                    refs.add((String) v);
                } else if ("Fn::GetAtt".equals(k)) {
                    refs.add(v instanceof List<?> l ? (String) l.get(0) : ((String) v).split("\\.")[0]);
                } else if ("Fn::Sub".equals(k) && v instanceof String s) {
                    java.util.regex.Matcher x = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9]+)").matcher(s);
                    while (x.find()) {
                        refs.add(x.group(1));
                    }
                } else {
                    collectReferences(v, refs);
                }
            });
        } else if (o instanceof Collection<?> c) {
            c.forEach(x -> collectReferences(x, refs));
        }
    }
}
