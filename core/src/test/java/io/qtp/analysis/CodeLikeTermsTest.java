package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodeLikeTermsTest {

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.OutOfMemoryError", "pom.xml", "Node.js", "3.2.1", "v3.5", "max_connections",
            "ERR_CONNECTION_REFUSED", "useEffect", "getUserById", "OutOfMemoryError", "NullPointerException",
            "std::vector", "a->b", "x=>x", "foo()", "args[]", "E1234", "ORA-00942", "CVE-2021-44228", "0x1F",
            "0xC0000005", "/usr/local/bin", "./gradlew", "~/.bashrc", "https://example.com", "--verbose",
            "$HOME", "${JAVA_HOME}", "a==b", "x!=y", "`ls`", "a|b", "C:\\Windows", "(foo())", "\"pom.xml\",",
            "config.yaml."})
    void codeLike(String term) {
        assertThat(CodeLikeTerms.isCodeLike(term, 0, term.length())).as(term).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "PostgreSQL", "JavaScript", "MySQL", "GitHub", "TCP", "HTTP", "3.5", "2024",
            "e.g.", "U.S.A.", "nginx.", "state-of-the-art", "COVID-19", "A4", "and/or", "TCP/IP", "C++", "C#",
            "x", "(see", "it's", "-1", "404"})
    void notCodeLike(String term) {
        assertThat(CodeLikeTerms.isCodeLike(term, 0, term.length())).as(term).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"404", "500", "101"})
    void statusCodes(String term) {
        assertThat(CodeLikeTerms.isStatusCode(term, 0, term.length())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "600", "4040", "40a"})
    void notStatusCodes(String term) {
        assertThat(CodeLikeTerms.isStatusCode(term, 0, term.length())).isFalse();
    }
}
