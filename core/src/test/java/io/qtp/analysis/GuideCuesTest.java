package io.qtp.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The labelling guide's cues (feature sets 2 and 3) on worked examples of docs/LABELLING.md and contrasting queries
 * written for these tests: each cue fires where the guide's rule applies and stays off on the contrasting example;
 * the approximated procedure gives the guide's label.
 */
class GuideCuesTest {

    private static double f(String query, Feature feature) {
        return Analyzers.analyze(query).feature(feature);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            確定申告 やり方                   | JA_INTENT_NOUN_TERM         | 1
            偏頭痛 予防法                      | JA_INTENT_NOUN_TERM         | 1
            薔薇 読み方                        | JA_INTENT_NOUN_TERM         | 1
            ワイヤレスイヤホン 比較             | JA_INTENT_NOUN_TERM         | 0
            労働基準法 改正                    | JA_INTENT_NOUN_TERM         | 0
            配当金 確定申告 必要               | JA_JUDGEMENT_END            | 1
            必要書類 確定申告                  | JA_JUDGEMENT_END            | 0
            Wi-Fi つながらない                 | JA_SPACED_PREDICATE         | 1
            冷凍ご飯 美味しく 解凍             | JA_SPACED_PREDICATE         | 1
            網戸 張り替え 費用                 | JA_SPACED_PREDICATE         | 0
            Wi-Fiがつながらない                | JA_CONNECTED_CLAUSE         | 1
            Docker で PostgreSQL に 接続できない | JA_CONNECTED_CLAUSE         | 1
            Uber Eatsで頼んだ料理が届かない    | JA_CONNECTED_CLAUSE         | 1
            Docker PostgreSQL 接続できない     | JA_CONNECTED_CLAUSE         | 0
            逆流性食道炎って何                 | JA_ATTACHED_QUESTION_WORD   | 1
            確定申告はいつから                 | JA_ATTACHED_QUESTION_WORD   | 1
            京都 紅葉 見頃 いつ                | JA_ATTACHED_QUESTION_WORD   | 0
            京都 紅葉 見頃 いつ                | JA_STANDALONE_QUESTION_WORD | 1
            alexa set a timer for twelve minutes | EN_WAKE_WORD              | 1
            alexa set a timer for twelve minutes | EN_REQUEST                | 1
            set a timer for 12 minutes         | EN_REQUEST                  | 0
            alexa order paper towels           | EN_REQUEST                  | 1
            hey siri spell rhythm              | EN_REQUEST                  | 1
            alexa weather tomorrow             | EN_REQUEST                  | 0
            set a timer for 12 minutes         | EN_TASK_VERB                | 1
            explain daylight saving time       | EN_REQUEST                  | 1
            show me 4k tvs on sale             | EN_REQUEST                  | 1
            help with energy bills uk          | EN_REQUEST                  | 0
            case for iphone 15                 | EN_FUNCTION_WORD_JOIN       | 0.3333333333333333
            ramen near me                      | EN_FUNCTION_WORD_JOIN       | 0
            weather this weekend               | EN_FUNCTION_WORD_JOIN       | 0
            travel policy for                  | EN_FUNCTION_WORD_JOIN       | 0
            debug kubernetes aws on in         | EN_FUNCTION_WORD_JOIN       | 0
            jam vs jelly what's the difference | EN_WH_FINITE                | 1
            can college students get food stamps | EN_WH_FINITE              | 1
            how to configure nginx reverse proxy | EN_WH_FINITE              | 0
            nobel bungakushou ha dare          | EN_WH_FINITE                | 1
            my credit score dropped overnight  | EN_SUBJECT_VERB             | 1
            galaxy s24 won't charge            | EN_SUBJECT_VERB             | 1
            can't stop sneezing                | EN_SUBJECT_VERB             | 0
            ModuleNotFoundError: No module named 'pandas' | MESSAGE_OR_CODE  | 1
            ModuleNotFoundError: No module named 'pandas' | EN_FUNCTION_WORD_JOIN | 0
            Booking.com "カードが拒否されました" | QUOTED_UNIT_WITH_TERMS     | 1
            「結果整合性」とは何ですか           | QUOTED_UNIT_WITH_TERMS      | 0
            NHS App We could not confirm your details | EN_NAMED_MESSAGE   | 1
            NHS App We could not confirm your details | EN_SUBJECT_VERB    | 0
            chrome Your connection is not private | EN_NAMED_MESSAGE       | 1
            spotify We're having trouble playing this song | EN_NAMED_MESSAGE | 1
            Your order could not be placed doordash | EN_NAMED_MESSAGE     | 1
            Something went wrong. Please try again. hulu | EN_NAMED_MESSAGE | 1
            Your connection is not private     | EN_NAMED_MESSAGE            | 0
            This accessory may not be supported | EN_NAMED_MESSAGE           | 0
            This item cannot be shipped to your selected address | EN_NAMED_MESSAGE | 0
            spotify keeps pausing on my phone  | EN_NAMED_MESSAGE            | 0
            kindle this book is not available  | EN_NAMED_MESSAGE            | 1
            cleaning this oven is a nightmare  | EN_NAMED_MESSAGE            | 0
            where the crawdads sing ending explained | EN_TITLE_FACET        | 1
            where the crawdads sing ending explained | EN_WH_FINITE          | 0
            the name of the wind audiobook     | EN_TITLE_FACET              | 1
            gone with the wind 1939 cast       | EN_TITLE_FACET              | 1
            designing data intensive applications 2nd edition | EN_TITLE_FACET | 1
            the bear season 3                  | EN_TITLE_FACET              | 1
            summarize the great gatsby chapter 3 | EN_TITLE_FACET            | 0
            hotel review                       | EN_TITLE_FACET              | 0
            where does the crawdads sing ending come from | EN_TITLE_FACET | 0
            should i stay or should i go lyrics | EN_TITLE_FACET             | 1
            is the bear renewed for season 4   | EN_TITLE_FACET              | 0
            is this the last season            | EN_TITLE_FACET              | 0
            list comprehension if else python  | EN_FUNCTION_WORD_JOIN       | 0
            mysql order by two columns         | EN_FUNCTION_WORD_JOIN       | 0
            sql left join vs inner join        | EN_FUNCTION_WORD_JOIN       | 0.3333333333333333
            git keeps asking for my password   | MESSAGE_OR_CODE             | 0
            git keeps asking for my password   | EN_SUBJECT_VERB             | 1
            git reset --hard HEAD~1            | MESSAGE_OR_CODE             | 1
            whats the capital of australia     | EN_WH_FINITE                | 1
            the dishwasher stopped draining    | EN_SUBJECT_VERB             | 1
            the best way to cook rice          | EN_SUBJECT_VERB             | 0
            the fixed rate mortgage calculator | EN_SUBJECT_VERB             | 0
            im so tired after lunch            | EN_SUBJECT_VERB             | 1
            i'm locked out of my account       | EN_SUBJECT_VERB             | 1
            its battery life                   | EN_SUBJECT_VERB             | 0
            """)
    void cueFollowsTheGuide(String query, String feature, double expected) {
        assertThat(f(query.strip(), Feature.valueOf(feature.strip()))).as(query).isEqualTo(expected);
    }

    /** The procedure's answer on worked examples of the guide, section 7 (exactly one GUIDE_* flag is 1). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            東京 天気                          | GUIDE_KEYWORD
            東京の天気                         | GUIDE_HYBRID
            確定申告のやり方を教えてください     | GUIDE_SEMANTIC
            確定申告 やり方                    | GUIDE_HYBRID
            Wi-Fiがつながらない                | GUIDE_SEMANTIC
            tokyo weather                      | GUIDE_KEYWORD
            hotels near kyoto station          | GUIDE_HYBRID
            what is the difference between tcp and udp | GUIDE_SEMANTIC
            explain how transformers work in simple terms | GUIDE_SEMANTIC
            "rate limiting" AND nginx          | GUIDE_KEYWORD
            chrome Your connection is not private | GUIDE_KEYWORD
            Your connection is not private     | GUIDE_SEMANTIC
            where the crawdads sing ending explained | GUIDE_KEYWORD
            python list comprehension if else  | GUIDE_KEYWORD
            sql left join vs inner join        | GUIDE_HYBRID
            """)
    void procedureGivesTheGuidesLabel(String query, String expected) {
        QueryAnalysis a = Analyzers.analyze(query.strip());
        double sum = a.feature(Feature.GUIDE_KEYWORD) + a.feature(Feature.GUIDE_SEMANTIC) + a.feature(Feature.GUIDE_HYBRID);
        assertThat(sum).isEqualTo(1.0);
        assertThat(a.feature(Feature.valueOf(expected.strip()))).as(query).isEqualTo(1.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ｈｏｗ ｄｏ ｉ ｉｎｓｔａｌｌ ｐｙｔｈｏｎ ｏｎ ｗｉｎｄｏｗｓ | how do i install python on windows
            """)
    void fullWidthEnglishIsTaggedAsHalfWidth(String fullWidth, String halfWidth) {
        QueryAnalysis a = Analyzers.analyze(fullWidth.strip());
        QueryAnalysis b = Analyzers.analyze(halfWidth.strip());
        assertThat(a.feature(Feature.EN_WH_FINITE)).isEqualTo(1.0).isEqualTo(b.feature(Feature.EN_WH_FINITE));
        assertThat(a.feature(Feature.QUESTION_FORM)).isEqualTo(b.feature(Feature.QUESTION_FORM));
        assertThat(a.tokens()).extracting(Token::pos).containsExactlyElementsOf(
                b.tokens().stream().map(Token::pos).toList());
    }
}
