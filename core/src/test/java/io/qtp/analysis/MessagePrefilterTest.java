package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link GuideCues#isMessage} answers as the regular expression it guards, on the data and on made-up texts. */
class MessagePrefilterTest {

    @Test
    void theWordPrefilterAnswersAsTheExpressionOnEveryEnglishQueryAndOnMadeUpTexts() throws IOException {
        List<String> texts = new ArrayList<>(EnglishTaggerTest.englishQueries());
        texts.addAll(List.of("npm ERR! code ERESOLVE", "TypeError: x is undefined", "java.lang.NullPointerException:",
                "FATAL: password authentication failed", "Uncaught ReferenceError", "errno 13", "it failed to start",
                "ＥＲＲＯＲ 全角", "errors in my tax return", "terror", "warnings", "exceptional service", "ſerror",
                "", "e", "failed t", "TRACEBACK (most recent call last)"));
        Random random = new Random(11);
        String alphabet = "erxcptionfalwgudbkEOXRNT .:!\u017f\u212a日本";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(14); k > 0; k--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(b.toString());
        }
        int matches = 0;
        for (String text : texts) {
            boolean expected = GuideCues.MESSAGE.matcher(text).find();
            assertThat(GuideCues.isMessage(text)).as(text).isEqualTo(expected);
            matches += expected ? 1 : 0;
        }
        assertThat(matches).isGreaterThan(100); // the comparison saw both answers
    }
}
